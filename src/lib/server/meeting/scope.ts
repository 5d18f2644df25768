import { t } from '$lib/i18n/da';
import { can, type TeamRole } from '$lib/domain/permissions';
import type { Scope } from '$lib/domain/consent';
import {
	decisionAllowed,
	hiddenLabel,
	notesAllowed,
	taskAllowed
} from '$lib/domain/meeting-consent';
import type { Executor } from '../db';
import { resolveTeamScopes, type BorgerAccess } from '../access/borger';
import { loadMeeting, type MeetingView } from './meetings';
import { borgerMinutesExtract } from './minutes';
import { forbidden } from '../errors';

/**
 * The consent scope applied to the tavlemøde (docs/CONSENT.md, "The meeting and the
 * minutes"). The meeting procedures load a meeting whole; this module narrows it per
 * borger to what the viewer's scope allows, through the one access module, which also
 * writes the access log. The rule of which section covers which meeting content is
 * the pure $lib/domain/meeting-consent.ts.
 */

export interface MeetingViewer {
	userId: string;
	name: string;
	role: TeamRole;
}

/** Features in the access log for the meeting's read paths. */
export type MeetingFeature = 'meeting:view' | 'meeting:minutes' | 'meeting:minutes.pdf';

/**
 * The meeting as this viewer may see it, logged: one row per borger on the agenda (and
 * in its decisions and tasks) and basis. The live view and the minutes page refetch on
 * every change, so they are coalesced like the board (one row per person, borger,
 * feature and basis per minute); each PDF is logged.
 */
export async function loadMeetingFor(
	db: Executor,
	viewer: MeetingViewer,
	teamId: string,
	meetingId: string,
	feature: MeetingFeature,
	now = new Date()
) {
	const view = await loadMeeting(db, teamId, meetingId);
	const ids = [
		...new Set(
			[...view.items, ...view.decisions, ...view.tasks]
				.map((x) => x.borger_id)
				.filter((x): x is string => x !== null)
		)
	];
	const [scopes, guestNotes] = await Promise.all([
		resolveTeamScopes(db, viewer, teamId, ids, {
			feature,
			coalesce: feature !== 'meeting:minutes.pdf',
			now
		}),
		// The leader invited the guests, so the leader reads what they wrote (read-only).
		can(viewer.role, 'meeting.lead') && feature === 'meeting:view'
			? db
					.selectFrom('guest_note as n')
					.innerJoin('guest_invitation as g', 'g.id', 'n.invitation_id')
					.select([
						'n.id',
						'g.agenda_item_id',
						'g.guest_name',
						'g.guest_role',
						'n.body',
						'n.created_at'
					])
					.where('g.meeting_id', '=', meetingId)
					.where('g.team_id', '=', teamId)
					.orderBy('n.created_at')
					.execute()
			: Promise.resolve([])
	]);
	return scopeMeetingView(view, scopes, guestNotes);
}

export interface GuestNoteRow {
	id: string;
	agenda_item_id: string;
	guest_name: string;
	guest_role: string;
	body: string;
	created_at: Date;
}

/** Narrow a loaded meeting to the given per-borger scopes (pure). */
export function scopeMeetingView(
	view: MeetingView,
	scopes: ReadonlyMap<string, Scope>,
	guestNotes: readonly GuestNoteRow[] = []
) {
	const scopeOf = (id: string | null) => (id === null ? null : (scopes.get(id) ?? null));
	// An unknown scope (cannot happen: every id was resolved) hides everything.
	const readsDecision = (d: { borger_id: string | null; kind: string }) => {
		if (d.borger_id === null) return true;
		const s = scopeOf(d.borger_id);
		return s !== null && decisionAllowed(s, d.kind, 'read');
	};
	const readsTask = (t: { borger_id: string | null }) => {
		if (t.borger_id === null) return true;
		const s = scopeOf(t.borger_id);
		return s !== null && taskAllowed(s, 'read');
	};
	const decisions = view.decisions.filter(readsDecision);
	const tasks = view.tasks.filter(readsTask);
	const items = view.items.map((it) => {
		const fromGuests = guestNotes
			.filter((g) => g.agenda_item_id === it.id)
			.map((g) => ({
				id: g.id,
				guest: g.guest_name,
				role: g.guest_role,
				body: g.body,
				at: g.created_at
			}));
		if (it.borger_id === null)
			return { ...it, guestNotes: fromGuests, hidden: null as string | null };
		const s = scopeOf(it.borger_id);
		const identity = s?.read.has('identitet') ?? false;
		const notes = s !== null && notesAllowed(s, 'read');
		const hiddenHere =
			(!notes && (it.notes.trim() !== '' || fromGuests.length > 0)) ||
			view.decisions.some((d) => d.agenda_item_id === it.id && !readsDecision(d)) ||
			view.tasks.some((t) => t.agenda_item_id === it.id && !readsTask(t));
		return {
			...it,
			title: identity ? it.title : 'Borger (skjult)',
			borger_name: identity ? it.borger_name : null,
			borger_initials: identity ? it.borger_initials : null,
			notes: notes ? it.notes : '',
			// The planner's reasons describe the case (risk, crisis plan): as the notes.
			reasons: notes ? it.reasons : [],
			// A guest's notes are free text about the case: covered like the item notes.
			guestNotes: notes ? fromGuests : [],
			hidden: s ? hiddenLabel(s.state, hiddenHere) : 'Ingen adgang – indhold skjult'
		};
	});
	return { ...view, items, decisions, tasks };
}
export type ScopedMeetingView = ReturnType<typeof scopeMeetingView>;

/**
 * The per-borger extract of the approved minutes, narrowed to the access's scope (the
 * access was resolved, and logged, by the caller with its feature).
 */
export async function borgerMinutesFor(db: Executor, access: BorgerAccess) {
	const extract = await borgerMinutesExtract(db, access.borger.teamId, access.borger.id);
	const s = access.scope;
	const notes = notesAllowed(s, 'read');
	return extract.map((m) => {
		const decisions = m.decisions.filter((d) => decisionAllowed(s, d.kind, 'read'));
		const tasks = m.tasks.filter(() => taskAllowed(s, 'read'));
		const hiddenHere =
			decisions.length < m.decisions.length ||
			tasks.length < m.tasks.length ||
			(!notes && m.items.some((i) => i.notes.trim() !== ''));
		return {
			...m,
			items: m.items.map((i) => ({ ...i, notes: notes ? i.notes : '' })),
			decisions,
			tasks,
			hidden: hiddenLabel(s.state, hiddenHere)
		};
	});
}
export type ScopedBorgerMinutes = Awaited<ReturnType<typeof borgerMinutesFor>>;

/** The extract with the borger's identity, for the extract page and its PDF. */
export async function borgerMinutesView(db: Executor, access: BorgerAccess) {
	const [borger, meetings] = await Promise.all([
		db
			.selectFrom('borger')
			.select(['id', 'name', 'initials'])
			.where('id', '=', access.borger.id)
			.executeTakeFirstOrThrow(),
		borgerMinutesFor(db, access)
	]);
	return { borger: { ...borger, teamId: access.borger.teamId }, meetings };
}

/** The glance is for borgere on this meeting's agenda only (same refusal as elsewhere). */
export async function requireBorgerOnAgenda(
	db: Executor,
	teamId: string,
	meetingId: string,
	borgerId: string
) {
	const hit = await db
		.selectFrom('agenda_item as a')
		.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
		.select('a.id')
		.where('a.meeting_id', '=', meetingId)
		.where('m.team_id', '=', teamId)
		.where('a.borger_id', '=', borgerId)
		.executeTakeFirst();
	if (!hit) throw forbidden(t.errors.forbidden);
}
