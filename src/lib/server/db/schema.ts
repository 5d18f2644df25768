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
	/** Months after closure before a course is anonymised (issue E). */
	retention_months: Generated<number>;
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
	/** The TOTP time step of the last accepted code: a code is accepted once. */
	totp_last_step: number | null;
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
	/** Last request or live event of this session: the idle timeout counts from here. */
	last_seen_at: Timestamp;
}

export interface AuthTokenTable {
	id: string;
	user_id: string;
	purpose: 'reset';
	expires_at: Timestamp;
	used_at: Timestamp | null;
	created_at: CreatedAt;
}

/** An invitation to one team, accepted by the invitee (teams/invitations.ts). */
export interface TeamInvitationTable {
	id: Generated<string>;
	team_id: string;
	/** Lower-cased. */
	email: string;
	name: string;
	organisation_id: string;
	profession: string;
	role: TeamRole;
	token_hash: string;
	invited_by: string | null;
	created_at: CreatedAt;
	expires_at: Timestamp;
	accepted_at: Timestamp | null;
	accepted_by: string | null;
	declined_at: Timestamp | null;
	revoked_at: Timestamp | null;
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

// Consent and access control (issue E).
export type ConsentActorKind = 'team' | 'organisation' | 'role' | 'person';

export interface ConsentTable {
	id: Generated<string>;
	borger_id: string;
	actor_kind: ConsentActorKind;
	actor_label: string;
	actor_contact: string | null;
	/** Section keys; null = all sections. */
	categories: string[] | null;
	purpose: string;
	/** 'YYYY-MM-DD' */
	valid_from: string;
	valid_until: string | null;
	given_how: 'skriftligt' | 'mundtligt';
	witnessed_by: string | null;
	recorded_by: string;
	created_at: CreatedAt;
	withdrawn_at: Timestamp | null;
	withdrawn_by: string | null;
	withdrawal_note: string | null;
}

export interface ConsentDisclosureTable {
	id: Generated<string>;
	borger_id: string;
	recipient_kind: ConsentActorKind;
	recipient_label: string;
	categories: string[] | null;
	basis: 'retsplejeloven_115' | 'akut_fare' | 'sel_141_stk5' | 'anden_lovhjemmel';
	legal_reference: string;
	reason: string;
	decided_by: string;
	disclosed_on: string;
	valid_until: string | null;
	recorded_by: string;
	created_at: CreatedAt;
}

export interface AccessLogTable {
	id: Generated<string>;
	at: CreatedAt;
	team_id: string | null;
	borger_id: string | null;
	actor_kind: 'member' | 'guest' | 'system';
	user_id: string | null;
	guest_id: string | null;
	actor_name: string;
	action: 'read' | 'write' | 'export' | 'denied';
	feature: string;
	categories: ColumnType<string[], string[] | undefined, never>;
	basis_kind: 'consent' | 'legal' | 'enrolment' | null;
	basis_id: string | null;
}

// The care pathway (issue F, migration 0006_pathway). DATE columns are 'YYYY-MM-DD' strings.
export type ReferrerKind =
	'egen_laege' | 'psykiatri' | 'kommune' | 'borger' | 'paaroerende' | 'andet';
export type ReferralStatus = 'modtaget' | 'optaget' | 'afvist' | 'videresendt';
type Json<T> = ColumnType<T, string | undefined, string>;

export interface ReferralTable {
	id: Generated<string>;
	team_id: string;
	/** Set when the referral is accepted and the borger record created. */
	borger_id: string | null;
	name: string;
	initials: string;
	birth_year: number | null;
	referrer_kind: ReferrerKind;
	referrer_name: Generated<string>;
	referred_on: string;
	reason: string;
	/** Target-group checklist as answered: { key, label, met }[]. */
	criteria: Json<{ key: string; label: string; met: boolean | null }[]>;
	/** Documents that came with the referral: { title, reference }[]. */
	documents: Json<{ title: string; reference: string }[]>;
	status: Generated<ReferralStatus>;
	visitation_on: string | null;
	visitation_participants: Json<string[]>;
	decision_reason: string | null;
	referred_to: string | null;
	decided_by: string | null;
	created_by: string | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
	version: Generated<number>;
}

export interface StartupMeetingTable {
	borger_id: string;
	team_id: string;
	held_on: string;
	place: Generated<string>;
	participants: Json<string[]>;
	agreed_actors: Generated<string>;
	notes: Generated<string>;
	completed_at: Timestamp | null;
	completed_by: string | null;
	updated_at: Generated<Date>;
}

export interface SharedPlanGoal {
	text: string;
	subGoals: { text: string; followUpOn: string | null; status: string }[];
	followUpOn: string | null;
}

export interface SharedPlanTable {
	id: Generated<string>;
	team_id: string;
	borger_id: string;
	version: number;
	valid_from: string;
	follow_up_on: string;
	borger_words: Generated<string>;
	goals: Json<SharedPlanGoal[]>;
	handleplan_ref: Generated<string>;
	handleplan_on: string | null;
	note: Generated<string>;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface MeasurementTable {
	id: Generated<string>;
	team_id: string;
	borger_id: string;
	instrument: string;
	/** 'indskrivning' | 'm3' | 'm6' | 'm12' ... | 'afslutning' | 'ekstra' */
	occasion: string;
	due_on: string | null;
	measured_on: string;
	answers: Json<Record<string, number>>;
	score: number;
	note: Generated<string>;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface MeasurementTaskTable {
	task_id: string;
	borger_id: string;
	occasion: string;
	due_on: string;
}

export type DischargeReason =
	'maal_naaet' | 'overfoert' | 'flyttet' | 'fravalgt' | 'ingen_effekt' | 'doed' | 'andet';

export interface DischargeTable {
	borger_id: string;
	team_id: string;
	discharged_on: string;
	reason: DischargeReason;
	reason_text: Generated<string>;
	bridge: Generated<string>;
	receiving_person: Generated<string>;
	way_back: Generated<string>;
	summary: Generated<string>;
	created_by: string | null;
	created_at: CreatedAt;
}

// Fidelity audits (issue G, migration 0007_audit).
export type AuditStatus = 'selvevaluering' | 'audit' | 'frigivet';

export interface FidelityScaleTable {
	id: Generated<string>;
	team_id: string;
	key: string;
	version: string;
	name: string;
	definition: ColumnType<unknown, string, string>;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface AuditTable {
	id: Generated<string>;
	team_id: string;
	year: number;
	period_from: string;
	period_to: string;
	/** Frozen copy of the scale (validated by $lib/schemas/fidelity). */
	scale: ColumnType<unknown, string, string>;
	status: Generated<AuditStatus>;
	preliminary_feedback: Generated<string>;
	strengths: Generated<string>;
	recommendations: Generated<string>;
	goals: ColumnType<string[], string | undefined, string>;
	final_scores: ColumnType<Record<string, number | null>, string | undefined, string>;
	evidence: ColumnType<unknown, string | null | undefined, string | null>;
	released_at: Timestamp | null;
	released_by: string | null;
	created_by: string | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface AuditParticipantTable {
	audit_id: string;
	membership_id: string;
	kind: 'selv' | 'auditor';
	is_lead: Generated<boolean>;
}

export interface AuditSelfScoreTable {
	audit_id: string;
	item_key: string;
	score: number | null;
	comment: Generated<string>;
	evidence: ColumnType<string[], string | undefined, string>;
	updated_by: string | null;
	updated_at: Generated<Date>;
}

export interface AuditAuditorScoreTable {
	audit_id: string;
	membership_id: string;
	item_key: string;
	score: number | null;
	comment: Generated<string>;
	updated_at: Generated<Date>;
}

export interface AuditInterviewTable {
	id: Generated<string>;
	audit_id: string;
	grp: 'ledelse' | 'medarbejdere' | 'borgere' | 'samarbejdspartnere';
	planned_at: Timestamp | null;
	participants: Generated<string>;
	notes: Generated<string>;
	created_by: string | null;
	updated_at: Generated<Date>;
}

export interface TeamGoalTable {
	id: Generated<string>;
	team_id: string;
	audit_id: string | null;
	text: string;
	status: Generated<'aktiv' | 'naaet' | 'opgivet'>;
	created_at: CreatedAt;
}

/** The first answer to an edit sent with an `Idempotency-Key` (offline queue replays). */
export interface IdempotencyKeyTable {
	user_id: string;
	key: string;
	path: string;
	body: string;
	created_at: Generated<Date>;
}

export interface GuestInvitationTable {
	id: Generated<string>;
	team_id: string;
	meeting_id: string;
	agenda_item_id: string;
	borger_id: string;
	consent_id: string | null;
	disclosure_id: string | null;
	guest_name: string;
	guest_role: string;
	guest_contact: string | null;
	token_hash: string;
	code_hash: string | null;
	code_attempts: Generated<number>;
	device_hash: string | null;
	first_used_at: Timestamp | null;
	code_verified_at: Timestamp | null;
	revoked_at: Timestamp | null;
	invited_by: string;
	created_at: CreatedAt;
}

export interface GuestNoteTable {
	id: Generated<string>;
	invitation_id: string;
	body: string;
	created_at: CreatedAt;
}

export interface GuestTaskTable {
	id: Generated<string>;
	invitation_id: string;
	description: string;
	due_on: string | null;
	created_by: string;
	created_at: CreatedAt;
	accepted_at: Timestamp | null;
}

export interface RetentionRunTable {
	id: Generated<string>;
	team_id: string;
	run_at: CreatedAt;
	cutoff: Timestamp;
	borger_count: number;
	report: ColumnType<RetentionReport, string, string>;
	run_by: string | null;
}

export interface RetentionReport {
	borgere: { id: string; closedAt: string }[];
	/** Rows removed per table. */
	removed: Record<string, number>;
	/** Tables with borger data that could not be cleared (left for a person to check). */
	failed: string[];
}

export interface Database {
	idempotency_key: IdempotencyKeyTable;
	organisation: OrganisationTable;
	team: TeamTable;
	app_user: AppUserTable;
	membership: MembershipTable;
	session: SessionTable;
	auth_token: AuthTokenTable;
	team_invitation: TeamInvitationTable;
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
	consent: ConsentTable;
	consent_disclosure: ConsentDisclosureTable;
	access_log: AccessLogTable;
	guest_invitation: GuestInvitationTable;
	guest_note: GuestNoteTable;
	guest_task: GuestTaskTable;
	retention_run: RetentionRunTable;
	referral: ReferralTable;
	startup_meeting: StartupMeetingTable;
	shared_plan: SharedPlanTable;
	measurement: MeasurementTable;
	measurement_task: MeasurementTaskTable;
	discharge: DischargeTable;
	fidelity_scale: FidelityScaleTable;
	audit: AuditTable;
	audit_participant: AuditParticipantTable;
	audit_self_score: AuditSelfScoreTable;
	audit_auditor_score: AuditAuditorScoreTable;
	audit_interview: AuditInterviewTable;
	team_goal: TeamGoalTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Membership = Selectable<MembershipTable>;
export type Team = Selectable<TeamTable>;
export type Organisation = Selectable<OrganisationTable>;
