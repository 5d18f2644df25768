import type { Kysely } from 'kysely';
import { runSql } from './sql';

// The borger record. Structured, queried state (scaling, risk, crisis plan) has its
// own tables; the list sections (network, substances, legal, goals, services, safety
// measures, agreements, plan references) share one item table whose `data` is
// validated per kind by zod. Every change is written to change_log.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table borger (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			name text not null,
			initials text not null,
			birth_year int check (birth_year between 1900 and 2100),
			cpr text,
			case_manager_id uuid references membership (id),
			start_date date not null default current_date,
			status text not null default 'aktiv' check (status in ('henvist', 'venter', 'aktiv', 'afsluttet')),
			scaling_level text not null default 'stabil',
			last_scaled_at timestamptz,
			last_scaled_from text,
			last_discussed_on date,
			crisis_plan_updated_at timestamptz,
			staff_safety text,
			closed_at timestamptz,
			closed_reason text,
			version int not null default 1,
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now()
		);
		create index borger_team_idx on borger (team_id, status);

		create table borger_secondary_contact (
			borger_id uuid not null references borger (id),
			membership_id uuid not null references membership (id),
			primary key (borger_id, membership_id)
		);

		create table borger_item (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			kind text not null,
			parent_id uuid references borger_item (id),
			data jsonb not null,
			position int not null default 0,
			version int not null default 1,
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			deleted_at timestamptz
		);
		create index borger_item_borger_idx on borger_item (borger_id, kind) where deleted_at is null;

		create table section_note (
			borger_id uuid not null references borger (id),
			section text not null,
			body text not null default '',
			updated_by uuid references app_user (id),
			updated_at timestamptz not null default now(),
			primary key (borger_id, section)
		);

		create table scaling_event (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			from_level text,
			to_level text not null,
			direction text not null check (direction in ('up', 'down', 'same', 'initial')),
			reason_category text,
			reason_text text not null,
			decided_by uuid references app_user (id),
			decided_at timestamptz not null default now()
		);
		create index scaling_event_borger_idx on scaling_event (borger_id, decided_at desc);

		create table risk_assessment (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			category text not null,
			level text not null check (level in ('ingen', 'lav', 'moderat', 'hoej')),
			rationale text not null default '',
			assessed_by uuid references app_user (id),
			assessed_on date not null default current_date,
			review_by date,
			created_at timestamptz not null default now()
		);
		create index risk_assessment_borger_idx on risk_assessment (borger_id, category, assessed_on desc, created_at desc);

		create table crisis_plan (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			version int not null,
			early_signs text not null default '',
			what_helps text not null default '',
			what_to_avoid text not null default '',
			contacts text not null default '',
			plan_b text not null default '',
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			unique (borger_id, version)
		);

		create table change_log (
			id bigint generated always as identity primary key,
			team_id uuid not null references team (id),
			borger_id uuid references borger (id),
			entity text not null,
			entity_id uuid,
			field text not null,
			entity_version int,
			old_value jsonb,
			new_value jsonb,
			actor_id uuid references app_user (id),
			source text not null default 'web',
			at timestamptz not null default now()
		);
		create index change_log_borger_idx on change_log (borger_id, at desc);
		create index change_log_team_idx on change_log (team_id, at desc);
		create index change_log_entity_idx on change_log (entity_id, entity_version);
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`drop table change_log, crisis_plan, risk_assessment, scaling_event, section_note, borger_item, borger_secondary_contact, borger`
	);
}
