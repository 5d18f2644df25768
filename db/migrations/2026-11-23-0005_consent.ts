import { sql, type Kysely } from 'kysely';
import { runSql } from './sql';

// Consent and access control (issue E): the consent registry per borger, disclosures
// on a legal basis without consent, and the append-only access log.
//
// Consent rows are never edited in place: a change is a new row, a withdrawal stamps
// withdrawn_at. Categories are board section keys ($lib/domain/sections); null means
// "all sections", the default scope of the startup-meeting consent (DOMAIN.md §11.5).
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table consent (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			actor_kind text not null check (actor_kind in ('team', 'organisation', 'role', 'person')),
			actor_label text not null check (length(actor_label) between 1 and 200),
			actor_contact text,
			categories text[],
			purpose text not null check (length(purpose) between 1 and 1000),
			valid_from date not null,
			valid_until date,
			given_how text not null check (given_how in ('skriftligt', 'mundtligt')),
			witnessed_by text,
			recorded_by uuid not null references app_user (id),
			created_at timestamptz not null default now(),
			withdrawn_at timestamptz,
			withdrawn_by uuid references app_user (id),
			withdrawal_note text,
			check (valid_until is null or valid_until >= valid_from),
			check ((withdrawn_at is null) = (withdrawn_by is null))
		);
		create index consent_borger_idx on consent (borger_id);

		create table consent_disclosure (
			id uuid primary key default gen_random_uuid(),
			borger_id uuid not null references borger (id),
			recipient_kind text not null check (recipient_kind in ('team', 'organisation', 'role', 'person')),
			recipient_label text not null check (length(recipient_label) between 1 and 200),
			categories text[],
			basis text not null check (basis in ('retsplejeloven_115', 'akut_fare', 'sel_141_stk5', 'anden_lovhjemmel')),
			legal_reference text not null check (length(legal_reference) between 1 and 300),
			reason text not null check (length(reason) between 1 and 2000),
			decided_by text not null check (length(decided_by) between 1 and 200),
			disclosed_on date not null,
			valid_until date,
			recorded_by uuid not null references app_user (id),
			created_at timestamptz not null default now(),
			check (valid_until is null or valid_until >= disclosed_on)
		);
		create index consent_disclosure_borger_idx on consent_disclosure (borger_id);

		create table access_log (
			id bigserial primary key,
			at timestamptz not null default clock_timestamp(),
			team_id uuid,
			borger_id uuid,
			actor_kind text not null check (actor_kind in ('member', 'guest', 'system')),
			user_id uuid,
			guest_id uuid,
			actor_name text not null,
			action text not null check (action in ('read', 'write', 'export', 'denied')),
			feature text not null,
			categories text[] not null default '{}',
			basis_kind text check (basis_kind in ('consent', 'legal', 'enrolment')),
			basis_id uuid
		);
		create index access_log_team_idx on access_log (team_id, at desc);
		create index access_log_borger_idx on access_log (borger_id, at desc);

		create table guest_invitation (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			meeting_id uuid not null references meeting (id),
			agenda_item_id uuid not null references agenda_item (id),
			borger_id uuid not null references borger (id),
			consent_id uuid references consent (id),
			disclosure_id uuid references consent_disclosure (id),
			guest_name text not null check (length(guest_name) between 2 and 120),
			guest_role text not null check (length(guest_role) between 2 and 120),
			guest_contact text,
			token_hash text not null unique,
			code_hash text,
			code_attempts int not null default 0,
			device_hash text,
			first_used_at timestamptz,
			code_verified_at timestamptz,
			revoked_at timestamptz,
			invited_by uuid not null references app_user (id),
			created_at timestamptz not null default now(),
			check ((consent_id is null) <> (disclosure_id is null))
		);
		create index guest_invitation_meeting_idx on guest_invitation (meeting_id);
		create index guest_invitation_borger_idx on guest_invitation (borger_id);

		create table guest_note (
			id uuid primary key default gen_random_uuid(),
			invitation_id uuid not null references guest_invitation (id),
			body text not null check (length(body) between 1 and 4000),
			created_at timestamptz not null default now()
		);

		create table guest_task (
			id uuid primary key default gen_random_uuid(),
			invitation_id uuid not null references guest_invitation (id),
			description text not null check (length(description) between 1 and 500),
			due_on date,
			created_by uuid not null references app_user (id),
			created_at timestamptz not null default now(),
			accepted_at timestamptz
		);

		alter table team add column retention_months int not null default 60
			check (retention_months between 6 and 600);

		create table retention_run (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			run_at timestamptz not null default now(),
			cutoff timestamptz not null,
			borger_count int not null,
			report jsonb not null,
			run_by uuid references app_user (id)
		);
		create index retention_run_team_idx on retention_run (team_id, run_at desc)
		`
	);
	// No foreign keys on access_log on purpose: refused attempts with made-up ids are
	// logged too, and the log outlives deleted borgere. Append-only is enforced by
	// the database, not by convention; only the retention job may purge, and it has to
	// say so in its own transaction.
	await sql`
		create function access_log_append_only() returns trigger language plpgsql as $$
		begin
			if current_setting('tavla.retention_purge', true) = 'on' and tg_op = 'DELETE' then
				return old;
			end if;
			raise exception 'access_log is append-only';
		end
		$$
	`.execute(db);
	await sql`
		create trigger access_log_no_change before update or delete on access_log
		for each row execute function access_log_append_only()
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		drop table retention_run;
		alter table team drop column retention_months;
		drop table guest_task;
		drop table guest_note;
		drop table guest_invitation;
		drop table access_log;
		drop function access_log_append_only;
		drop table consent_disclosure;
		drop table consent
		`
	);
}
