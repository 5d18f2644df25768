/**
 * The single source of truth for who may do what in a team.
 *
 * Every tRPC procedure, page and (later) socket event names one permission from this
 * table; nothing else decides access by role. Borger-level scoping (consent, outer-wheel
 * guests) is a separate layer that narrows what a permitted role may see.
 */

export const TEAM_ROLES = ['teamleder', 'moedeleder', 'medlem', 'auditor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const ALL: readonly TeamRole[] = TEAM_ROLES;
const INNER_WHEEL: readonly TeamRole[] = ['teamleder', 'moedeleder', 'medlem'];
const LEADS: readonly TeamRole[] = ['teamleder', 'moedeleder'];

export const PERMISSIONS = {
	/** See the team's start page, name and members. */
	'team.view': ALL,
	/** Invite members, change roles, deactivate and reactivate. */
	'team.members.manage': ['teamleder'],
	/** Change team settings (meeting, scaling levels, caps). */
	'team.settings.manage': ['teamleder'],
	/** Record the visitation decision on a referral (accept, reject, refer elsewhere). */
	'pathway.visitate': LEADS,
	/** See the team outcomes dashboard and export it (aggregated, no names). */
	'pathway.outcomes': ALL,
	/** Read borger records and the tavle. */
	'borger.read': INNER_WHEEL,
	/** Create and edit borger records. */
	'borger.write': INNER_WHEEL,
	/** Plan and run the tavlemøde. */
	'meeting.lead': LEADS,
	/** Take part in the tavlemøde (notes, decisions, tasks). */
	'meeting.participate': INNER_WHEEL,
	/** Audit work (score forms). */
	'audit.score': ['auditor'],
	/** Prepare the team's self-evaluation. */
	'audit.prepare': ['teamleder'],
	/** See the team's audits: status, self-evaluation and released reports (never auditors' scores before release). */
	'audit.view': ALL,
	/** Score the self-evaluation when the team lead has chosen you (checked per audit). */
	'audit.selfevaluate': INNER_WHEEL,
	/** Record, withdraw and read borgere's consents and legal-basis disclosures. */
	'consent.manage': INNER_WHEEL,
	/** Read the access log and answer insight requests (aktindsigt). */
	'accesslog.view': ['teamleder'],
	/** Invite an outer-wheel guest to a borger's agenda item. */
	'guest.invite': LEADS,
	/** Set the retention period and see retention reports. */
	'retention.manage': ['teamleder']
} as const satisfies Record<string, readonly TeamRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: TeamRole | null | undefined, permission: Permission): boolean {
	if (!role) return false;
	return (PERMISSIONS[permission] as readonly TeamRole[]).includes(role);
}

export function isTeamRole(value: unknown): value is TeamRole {
	return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
}
