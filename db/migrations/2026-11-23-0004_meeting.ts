import type { Kysely } from 'kysely';
import { runSql } from './sql';

// The tavlemøde: meetings with a planned agenda, the live state of the running item
// (the shared timer is derived from started_at + minutes, so it survives reloads and
// restarts), attendance, decisions and tasks, case requests and minutes corrections.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table meeting (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			meeting_date date not null,
			start_time text not null default '09:00',
			length_minutes int not null default 120 check (length_minutes between 15 and 480),
			room text,
			online_link text,
			status text not null default 'planlagt' check (status in ('planlagt', 'i_gang', 'afsluttet')),
			started_at timestamptz,
			ended_at timestamptz,
			current_item_id uuid,
			finalized_at timestamptz,
			finalized_by uuid references app_user (id),
			version int not null default 1,
			created_at timestamptz not null default now(),
			unique (team_id, meeting_date)
		);

		create table agenda_item (
			id uuid primary key default gen_random_uuid(),
			meeting_id uuid not null references meeting (id),
			position int not null,
			kind text not null check (kind in ('fixed', 'case', 'guest')),
			borger_id uuid references borger (id),
			title text not null,
			planned_minutes int not null check (planned_minutes between 1 and 240),
			fixed_time text,
			guest_label text,
			reasons jsonb not null default '[]'::jsonb,
			status text not null default 'planlagt' check (status in ('planlagt', 'i_gang', 'afsluttet', 'parkeret', 'udskudt', 'ikke_naaet')),
			started_at timestamptz,
			ended_at timestamptz,
			extended_minutes int not null default 0,
			notes text not null default '',
			created_at timestamptz not null default now()
		);
		create index agenda_item_meeting_idx on agenda_item (meeting_id, position);
		create index agenda_item_borger_idx on agenda_item (borger_id);

		create table attendance (
			meeting_id uuid not null references meeting (id),
			membership_id uuid not null references membership (id),
			mode text not null check (mode in ('fremmoedt', 'online', 'fravaerende')),
			primary key (meeting_id, membership_id)
		);

		create table decision (
			id uuid primary key default gen_random_uuid(),
			meeting_id uuid not null references meeting (id),
			agenda_item_id uuid references agenda_item (id),
			borger_id uuid references borger (id),
			kind text not null,
			text text not null,
			created_by uuid references app_user (id),
			created_at timestamptz not null default now()
		);
		create index decision_meeting_idx on decision (meeting_id);

		create table task (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			borger_id uuid references borger (id),
			meeting_id uuid references meeting (id),
			agenda_item_id uuid references agenda_item (id),
			owner_id uuid not null references membership (id),
			description text not null,
			due_on date,
			status text not null default 'aaben' check (status in ('aaben', 'udfoert', 'annulleret')),
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			completed_at timestamptz
		);
		create index task_team_idx on task (team_id, status);
		create index task_owner_idx on task (owner_id, status);

		create table case_request (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			borger_id uuid not null references borger (id),
			reason text not null,
			requested_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			meeting_id uuid references meeting (id)
		);

		create table minutes_correction (
			id uuid primary key default gen_random_uuid(),
			meeting_id uuid not null references meeting (id),
			text text not null,
			created_by uuid references app_user (id),
			created_at timestamptz not null default now()
		)
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`drop table minutes_correction, case_request, task, decision, attendance, agenda_item, meeting`
	);
}
