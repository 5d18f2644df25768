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

export interface BorgerTable {
	id: Generated<string>;
	team_id: string;
	name: string;
	initials: string;
	birth_year: number | null;
	cpr: string | null;
	case_manager_id: string | null;
	/** 'YYYY-MM-DD' */
	start_date: ColumnType<string, string | undefined, string>;
	status: Generated<'henvist' | 'venter' | 'aktiv' | 'afsluttet'>;
	scaling_level: Generated<string>;
	last_scaled_at: Timestamp | null;
	last_scaled_from: string | null;
	last_discussed_on: string | null;
	crisis_plan_updated_at: Timestamp | null;
	staff_safety: string | null;
	closed_at: Timestamp | null;
	closed_reason: string | null;
	version: Generated<number>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface BorgerSecondaryContactTable {
	borger_id: string;
	membership_id: string;
}

export interface BorgerItemTable {
	id: Generated<string>;
	borger_id: string;
	kind: string;
	parent_id: string | null;
	data: ColumnType<Record<string, unknown>, string, string>;
	position: Generated<number>;
	version: Generated<number>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
	deleted_at: Timestamp | null;
}

export interface SectionNoteTable {
	borger_id: string;
	section: string;
	body: string;
	updated_by: string | null;
	updated_at: Generated<Date>;
}

export interface ScalingEventTable {
	id: Generated<string>;
	borger_id: string;
	from_level: string | null;
	to_level: string;
	direction: 'up' | 'down' | 'same' | 'initial';
	reason_category: string | null;
	reason_text: string;
	decided_by: string | null;
	decided_at: Generated<Date>;
}

export interface RiskAssessmentTable {
	id: Generated<string>;
	borger_id: string;
	category: string;
	level: 'ingen' | 'lav' | 'moderat' | 'hoej';
	rationale: string;
	assessed_by: string | null;
	assessed_on: ColumnType<string, string | undefined, string>;
	review_by: string | null;
	created_at: CreatedAt;
}

export interface CrisisPlanTable {
	id: Generated<string>;
	borger_id: string;
	version: number;
	early_signs: string;
	what_helps: string;
	what_to_avoid: string;
	contacts: string;
	plan_b: string;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface ChangeLogTable {
	id: Generated<string>;
	team_id: string;
	borger_id: string | null;
	entity: string;
	entity_id: string | null;
	field: string;
	entity_version: number | null;
	old_value: ColumnType<unknown, string | null, never>;
	new_value: ColumnType<unknown, string | null, never>;
	actor_id: string | null;
	source: Generated<string>;
	at: Generated<Date>;
}

export interface NoteUpdateTable {
	id: Generated<string>;
	borger_id: string;
	section: string;
	update: Uint8Array;
	actor_id: string | null;
	created_at: CreatedAt;
}

export interface NoteSnapshotTable {
	borger_id: string;
	section: string;
	state: Uint8Array;
	last_update_id: ColumnType<string, string | number, string | number>;
	updated_at: Generated<Date>;
}

export type MeetingStatus = 'planlagt' | 'i_gang' | 'afsluttet';
export type AgendaItemStatus =
	'planlagt' | 'i_gang' | 'afsluttet' | 'parkeret' | 'udskudt' | 'ikke_naaet';

export interface MeetingTable {
	id: Generated<string>;
	team_id: string;
	meeting_date: string;
	start_time: string;
	length_minutes: number;
	room: string | null;
	online_link: string | null;
	status: Generated<MeetingStatus>;
	started_at: Timestamp | null;
	ended_at: Timestamp | null;
	current_item_id: string | null;
	finalized_at: Timestamp | null;
	finalized_by: string | null;
	version: Generated<number>;
	created_at: CreatedAt;
}

export interface AgendaItemTable {
	id: Generated<string>;
	meeting_id: string;
	position: number;
	kind: 'fixed' | 'case' | 'guest';
	borger_id: string | null;
	title: string;
	planned_minutes: number;
	fixed_time: string | null;
	guest_label: string | null;
	reasons: ColumnType<{ kind: string; label: string }[], string | undefined, string>;
	status: Generated<AgendaItemStatus>;
	started_at: Timestamp | null;
	ended_at: Timestamp | null;
	extended_minutes: Generated<number>;
	notes: Generated<string>;
	created_at: CreatedAt;
}

export interface AttendanceTable {
	meeting_id: string;
	membership_id: string;
	mode: 'fremmoedt' | 'online' | 'fravaerende';
}

export interface DecisionTable {
	id: Generated<string>;
	meeting_id: string;
	agenda_item_id: string | null;
	borger_id: string | null;
	kind: string;
	text: string;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface TaskTable {
	id: Generated<string>;
	team_id: string;
	borger_id: string | null;
	meeting_id: string | null;
	agenda_item_id: string | null;
	owner_id: string;
	description: string;
	due_on: string | null;
	status: Generated<'aaben' | 'udfoert' | 'annulleret'>;
	created_by: string | null;
	created_at: CreatedAt;
	completed_at: Timestamp | null;
}

export interface CaseRequestTable {
	id: Generated<string>;
	team_id: string;
	borger_id: string;
	reason: string;
	requested_by: string | null;
	created_at: CreatedAt;
	meeting_id: string | null;
}

export interface MinutesCorrectionTable {
	id: Generated<string>;
	meeting_id: string;
	text: string;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface Database {
	organisation: OrganisationTable;
	team: TeamTable;
	app_user: AppUserTable;
	membership: MembershipTable;
	session: SessionTable;
	auth_token: AuthTokenTable;
	rate_limit: RateLimitTable;
	borger: BorgerTable;
	borger_secondary_contact: BorgerSecondaryContactTable;
	borger_item: BorgerItemTable;
	section_note: SectionNoteTable;
	scaling_event: ScalingEventTable;
	risk_assessment: RiskAssessmentTable;
	crisis_plan: CrisisPlanTable;
	change_log: ChangeLogTable;
	note_update: NoteUpdateTable;
	note_snapshot: NoteSnapshotTable;
	meeting: MeetingTable;
	agenda_item: AgendaItemTable;
	attendance: AttendanceTable;
	decision: DecisionTable;
	task: TaskTable;
	case_request: CaseRequestTable;
	minutes_correction: MinutesCorrectionTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Membership = Selectable<MembershipTable>;
export type Team = Selectable<TeamTable>;
export type Organisation = Selectable<OrganisationTable>;
