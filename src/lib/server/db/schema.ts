import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { TeamRole } from '$lib/domain/permissions';

/** The one place that describes the database as the code sees it today. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type OrganisationKind = 'kommune' | 'region';

export interface OrganisationTable {
	id: Generated<string>;
	name: string;
	kind: OrganisationKind;
	created_at: CreatedAt;
}

export interface TeamTable {
	id: Generated<string>;
	slug: string;
	name: string;
	municipality_id: string;
	region_id: string;
	settings: ColumnType<Record<string, unknown>, string | undefined, string>;
	is_demo: Generated<boolean>;
	created_at: CreatedAt;
}

export interface AppUserTable {
	id: Generated<string>;
	email: string;
	name: string;
	initials: string;
	password_hash: string | null;
	totp_key: Uint8Array | null;
	is_admin: Generated<boolean>;
	created_at: CreatedAt;
	deactivated_at: Timestamp | null;
}

export interface MembershipTable {
	id: Generated<string>;
	team_id: string;
	user_id: string;
	organisation_id: string;
	profession: string;
	role: TeamRole;
	created_at: CreatedAt;
	deactivated_at: Timestamp | null;
}

export interface SessionTable {
	id: string;
	user_id: string;
	expires_at: Timestamp;
	two_factor_verified: Generated<boolean>;
	created_at: CreatedAt;
	user_agent: string | null;
}

export interface AuthTokenTable {
	id: string;
	user_id: string;
	purpose: 'reset' | 'invite';
	expires_at: Timestamp;
	used_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface RateLimitTable {
	key: string;
	window_start: Timestamp;
	count: number;
}

export interface Database {
	organisation: OrganisationTable;
	team: TeamTable;
	app_user: AppUserTable;
	membership: MembershipTable;
	session: SessionTable;
	auth_token: AuthTokenTable;
	rate_limit: RateLimitTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Membership = Selectable<MembershipTable>;
export type Team = Selectable<TeamTable>;
export type Organisation = Selectable<OrganisationTable>;
