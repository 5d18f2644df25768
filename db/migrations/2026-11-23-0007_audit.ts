import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Fidelity audits (issue G, DOMAIN.md §8).
//
// - fidelity_scale: scales a team imported (JSON, validated by $lib/schemas/fidelity);
//   the built-in template lives in code. Versioned by (key, version).
// - audit: one audit round per team and year. It keeps a frozen copy of the scale it was
//   scored with (scale jsonb), so later edits to a scale never change an old audit.
//   status: selvevaluering → audit → frigivet (released, then read-only).
// - audit_participant: who scores the self-evaluation ('selv') and who audits
//   ('auditor', one of them the lead auditor who releases the report).
// - audit_self_score: the team's one shared self-evaluation, edited collaboratively.
// - audit_auditor_score: each auditor's own score; never shown to the team before release.
// - audit_interview: planned interviews with notes (auditors only).
// - team_goal: development goals agreed in a released report, tracked on the team.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table fidelity_scale (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			key text not null,
			version text not null,
			name text not null,
			definition jsonb not null,
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			unique (team_id, key, version)
		);

		create table audit (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			year int not null check (year between 2000 and 2100),
			period_from date not null,
			period_to date not null,
			scale jsonb not null,
			status text not null default 'selvevaluering' check (status in ('selvevaluering', 'audit', 'frigivet')),
			preliminary_feedback text not null default '',
			strengths text not null default '',
			recommendations text not null default '',
			goals jsonb not null default '[]'::jsonb,
			final_scores jsonb not null default '{}'::jsonb,
			evidence jsonb,
			released_at timestamptz,
			released_by uuid references app_user (id),
			created_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			updated_at timestamptz not null default now(),
			check (period_to >= period_from),
			unique (team_id, year)
		);

		create table audit_participant (
			audit_id uuid not null references audit (id),
			membership_id uuid not null references membership (id),
			kind text not null check (kind in ('selv', 'auditor')),
			is_lead boolean not null default false,
			primary key (audit_id, membership_id, kind)
		);

		create table audit_self_score (
			audit_id uuid not null references audit (id),
			item_key text not null,
			score int,
			comment text not null default '',
			evidence jsonb not null default '[]'::jsonb,
			updated_by uuid references app_user (id),
			updated_at timestamptz not null default now(),
			primary key (audit_id, item_key)
		);

		create table audit_auditor_score (
			audit_id uuid not null references audit (id),
			membership_id uuid not null references membership (id),
			item_key text not null,
			score int,
			comment text not null default '',
			updated_at timestamptz not null default now(),
			primary key (audit_id, membership_id, item_key)
		);

		create table audit_interview (
			id uuid primary key default gen_random_uuid(),
			audit_id uuid not null references audit (id),
			grp text not null check (grp in ('ledelse', 'medarbejdere', 'borgere', 'samarbejdspartnere')),
			planned_at timestamptz,
			participants text not null default '',
			notes text not null default '',
			created_by uuid references app_user (id),
			updated_at timestamptz not null default now()
		);
		create index audit_interview_audit_idx on audit_interview (audit_id);

		create table team_goal (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			audit_id uuid references audit (id),
			text text not null,
			status text not null default 'aktiv' check (status in ('aktiv', 'naaet', 'opgivet')),
			created_at timestamptz not null default now()
		);
		create index team_goal_team_idx on team_goal (team_id, status)
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`drop table team_goal, audit_interview, audit_auditor_score, audit_self_score, audit_participant, audit, fidelity_scale`
	);
}
