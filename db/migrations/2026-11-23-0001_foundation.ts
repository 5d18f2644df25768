import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Organisations, teams, people and sign-in. Typed against Kysely<any>: a migration
// describes the schema as it was, not as the code sees it today.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table organisation (
			id uuid primary key default gen_random_uuid(),
			name text not null,
			kind text not null check (kind in ('kommune', 'region')),
			created_at timestamptz not null default now()
		);

		create table team (
			id uuid primary key default gen_random_uuid(),
			slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
			name text not null,
			municipality_id uuid not null references organisation (id),
			region_id uuid not null references organisation (id),
			settings jsonb not null default '{}'::jsonb,
			is_demo boolean not null default false,
			created_at timestamptz not null default now()
		);

		create table app_user (
			id uuid primary key default gen_random_uuid(),
			email text not null,
			name text not null,
			initials text not null,
			password_hash text,
			totp_key bytea,
			is_admin boolean not null default false,
			created_at timestamptz not null default now(),
			deactivated_at timestamptz
		);
		create unique index app_user_email_key on app_user (lower(email));

		create table membership (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			user_id uuid not null references app_user (id),
			organisation_id uuid not null references organisation (id),
			profession text not null,
			role text not null check (role in ('teamleder', 'moedeleder', 'medlem', 'auditor')),
			created_at timestamptz not null default now(),
			deactivated_at timestamptz,
			unique (team_id, user_id)
		);
		create index membership_user_idx on membership (user_id);

		create table session (
			id text primary key,
			user_id uuid not null references app_user (id) on delete cascade,
			expires_at timestamptz not null,
			two_factor_verified boolean not null default false,
			created_at timestamptz not null default now(),
			user_agent text
		);
		create index session_user_idx on session (user_id);

		create table auth_token (
			id text primary key,
			user_id uuid not null references app_user (id) on delete cascade,
			purpose text not null check (purpose in ('reset', 'invite')),
			expires_at timestamptz not null,
			used_at timestamptz,
			created_at timestamptz not null default now()
		);
		create index auth_token_user_idx on auth_token (user_id);

		create table rate_limit (
			key text primary key,
			window_start timestamptz not null,
			count int not null
		);
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`drop table rate_limit, auth_token, session, membership, app_user, team, organisation`
	);
}
