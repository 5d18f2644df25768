import type { Kysely } from 'kysely';
import { runSql } from './sql';

// An invitation belongs to one team and is accepted by the invitee: the link goes only to
// the invited address, and no membership exists until the person accepts. Links that
// earlier versions showed to the inviter (auth_token purpose 'invite') are void: whoever
// invited could have used them for an account that was not theirs.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table team_invitation (
			id uuid primary key default gen_random_uuid(),
			team_id uuid not null references team (id),
			email text not null check (email = lower(email)),
			name text not null,
			organisation_id uuid not null references organisation (id),
			profession text not null,
			role text not null check (role in ('teamleder', 'moedeleder', 'medlem', 'auditor')),
			token_hash text not null unique,
			invited_by uuid references app_user (id),
			created_at timestamptz not null default now(),
			expires_at timestamptz not null,
			accepted_at timestamptz,
			accepted_by uuid references app_user (id),
			declined_at timestamptz,
			revoked_at timestamptz
		);
		create unique index team_invitation_open_key on team_invitation (team_id, email)
			where accepted_at is null and declined_at is null and revoked_at is null;
		create index team_invitation_email_idx on team_invitation (email)
			where accepted_at is null and declined_at is null and revoked_at is null;

		delete from auth_token where purpose = 'invite';
		alter table auth_token drop constraint auth_token_purpose_check;
		alter table auth_token add constraint auth_token_purpose_check check (purpose = 'reset')
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		alter table auth_token drop constraint auth_token_purpose_check;
		alter table auth_token add constraint auth_token_purpose_check check (purpose in ('reset', 'invite'));
		drop table team_invitation
	`
	);
}
