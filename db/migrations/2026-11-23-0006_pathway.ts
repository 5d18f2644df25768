import type { Kysely } from 'kysely';
import { runSql } from './sql';

// The care pathway from referral to discharge (DOMAIN.md §6, issue F).
//
// - referral: a request to the team with minimal candidate data, the target-group
//   checklist as answered (a snapshot, since the team's checklist is configurable), the
//   documents named, and the visitation decision. A borger row only exists once the
//   referral is accepted (borger_id), so rejected candidates leave no record.
// - startup_meeting: the opstartsmøde of one course. Checklist steps that already have
//   their own data (consent, network, risk, crisis plan, goals, primary contact) are
//   computed from that data; only place, date, participants and the agreed actors are
//   stored here. completed_at marks the start of the active course.
// - shared_plan: versions of the fælles plan. Each version is a snapshot of the goals
//   with their sub-goals, a follow-up date (required) and the link to the municipal
//   handleplan. Fidelity evidence ([G]) reads goals[].subGoals and follow_up_on.
// - measurement: one completed instrument at one occasion of the schedule ('indskrivning',
//   'm3', 'm6', 'm12', ..., 'afslutning') or 'ekstra'. score is the instrument's result
//   (WHO-5: 0-100); due_on is the scheduled date, so "on schedule" is measured_on vs due_on.
// - measurement_task: the open task that reminds the case manager of the next due
//   measurement (one row per generated task, so it can be closed when measured).
// - discharge: the afslutning of a course: reason code, bridge to the next service,
//   receiving person, way-back criteria and closing summary. The borger row is set to
//   'afsluttet' in the same transaction, which makes the record read-only.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table referral (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			borger_id uuid references borger (id),
			name text not null,
			initials text not null,
			birth_year int check (birth_year between 1900 and 2100),
			referrer_kind text not null check (referrer_kind in ('egen_laege', 'psykiatri', 'kommune', 'borger', 'paaroerende', 'andet')),
			referrer_name text not null default '',
			referred_on date not null,
			reason text not null,
			criteria jsonb not null default '[]'::jsonb,
			documents jsonb not null default '[]'::jsonb,
			status text not null default 'modtaget' check (status in ('modtaget', 'optaget', 'afvist', 'videresendt')),
			visitation_on date,
			visitation_participants jsonb not null default '[]'::jsonb,
			decision_reason text,
			referred_to text,
			decided_by uuid references app_user (id),
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			version int not null default 1
		);
		create index referral_team_idx on referral (team_id, status, referred_on desc);
		create unique index referral_borger_idx on referral (borger_id) where borger_id is not null;

		create table startup_meeting (
			borger_id uuid primary key references borger (id),
			team_id uuid not null references team (id),
			held_on date not null,
			place text not null default '',
			participants jsonb not null default '[]'::jsonb,
			agreed_actors text not null default '',
			notes text not null default '',
			completed_at timestamptz,
			completed_by uuid references app_user (id),
			updated_at timestamptz not null default now()
		);

		create table shared_plan (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			borger_id uuid not null references borger (id),
			version int not null check (version >= 1),
			valid_from date not null,
			follow_up_on date not null,
			borger_words text not null default '',
			goals jsonb not null default '[]'::jsonb,
			handleplan_ref text not null default '',
			handleplan_on date,
			note text not null default '',
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			unique (borger_id, version)
		);
		create index shared_plan_team_idx on shared_plan (team_id, borger_id, version desc);

		create table measurement (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			borger_id uuid not null references borger (id),
			instrument text not null,
			occasion text not null,
			due_on date,
			measured_on date not null,
			answers jsonb not null default '{}'::jsonb,
			score double precision not null,
			note text not null default '',
			created_by uuid references app_user (id),
			created_at timestamptz not null default now()
		);
		create index measurement_borger_idx on measurement (borger_id, instrument, measured_on);
		create index measurement_team_idx on measurement (team_id, instrument, measured_on);
		create unique index measurement_occasion_idx on measurement (borger_id, instrument, occasion) where occasion <> 'ekstra';

		create table measurement_task (
			task_id uuid primary key references task (id),
			borger_id uuid not null references borger (id),
			occasion text not null,
			due_on date not null
		);
		create index measurement_task_borger_idx on measurement_task (borger_id);

		create table discharge (
			borger_id uuid primary key references borger (id),
			team_id uuid not null references team (id),
			discharged_on date not null,
			reason text not null check (reason in ('maal_naaet', 'overfoert', 'flyttet', 'fravalgt', 'ingen_effekt', 'doed', 'andet')),
			reason_text text not null default '',
			bridge text not null default '',
			receiving_person text not null default '',
			way_back text not null default '',
			summary text not null default '',
			created_by uuid references app_user (id),
			created_at timestamptz not null default now()
		);
		create index discharge_team_idx on discharge (team_id, discharged_on);
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`drop table discharge, measurement_task, measurement, shared_plan, startup_meeting, referral`
	);
}
