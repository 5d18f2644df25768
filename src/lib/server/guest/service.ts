import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from '$lib/zod';
import { grantAdmitsGuest, type Grant } from '$lib/domain/consent';
import { guestWindow, windowPhase, type GuestWindow } from '$lib/domain/guest';
import type { SectionKey } from '$lib/domain/sections';
import type { Executor } from '../db';
import { generateToken, hashToken } from '../auth/tokens';
import {
	loadGrants,
	resolveBorgerAccess,
	resolveGuestBorgerAccess,
	type BorgerAccess,
	type GuestViewer
} from '../access/borger';
import { logDenied } from '../access/log';
import { loadBorgerRecord, type BorgerRecord } from '../borger/record';
import { badRequest, forbidden, notFound } from '../errors';

/**
 * Outer-wheel guests (DOMAIN.md §1.4, §7): the meeting leader invites a guest to one
 * borger's agenda item under one named consent (or a legal-basis disclosure). The guest
 * gets a personal link (token stored as SHA-256, like sessions), bound to the first
 * device that opens it, optionally with a one-time code, and valid only around the slot.
 */

export const inviteInput = z.object({
	meetingId: z.uuid(),
	agendaItemId: z.uuid(),
	grantId: z.uuid({ error: 'Vælg det samtykke, gæsten inviteres under.' }),
	name: z.string().trim().min(2, 'Skriv gæstens navn.').max(120, 'Højst 120 tegn.'),
	role: z
		.string()
		.trim()
		.min(2, 'Skriv gæstens funktion, fx "Egen læge".')
		.max(120, 'Højst 120 tegn.'),
	contact: z
		.string()
		.trim()
		.max(200, 'Højst 200 tegn.')
		.optional()
		.transform((v) => v || null),
	requireCode: z.boolean().default(true)
});

export const guestTaskInput = z.object({
	invitationId: z.uuid(),
	description: z.string().trim().min(1, 'Beskriv opgaven.').max(500, 'Højst 500 tegn.'),
	dueOn: z.iso.date('Skriv en gyldig dato (åååå-mm-dd).').nullable().optional()
});

// --- The slot ------------------------------------------------------------------------

interface Slot {
	teamId: string;
	meetingId: string;
	itemId: string;
	borgerId: string | null;
	title: string;
	status: string;
	plannedMinutes: number;
	extendedMinutes: number;
	startedAt: Date | null;
	notes: string;
	window: GuestWindow;
}

async function loadSlot(db: Executor, agendaItemId: string): Promise<Slot | null> {
	const row = await db
		.selectFrom('agenda_item as a')
		.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
		.select([
			'a.id',
			'a.meeting_id',
			'a.borger_id',
			'a.title',
			'a.status',
			'a.position',
			'a.planned_minutes',
			'a.extended_minutes',
			'a.fixed_time',
			'a.started_at',
			'a.ended_at',
			'a.notes',
			'm.team_id',
			sql<string>`m.meeting_date::text`.as('meeting_date'),
			'm.start_time',
			(eb) =>
				eb
					.selectFrom('agenda_item as p')
					.select(sql<number>`coalesce(sum(p.planned_minutes), 0)::int`.as('n'))
					.whereRef('p.meeting_id', '=', 'a.meeting_id')
					.whereRef('p.position', '<', 'a.position')
					.as('minutes_before')
		])
		.where('a.id', '=', agendaItemId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		teamId: row.team_id,
		meetingId: row.meeting_id,
		itemId: row.id,
		borgerId: row.borger_id,
		title: row.title,
		status: row.status,
		plannedMinutes: row.planned_minutes,
		extendedMinutes: row.extended_minutes,
		startedAt: row.started_at,
		notes: row.notes,
		window: guestWindow({
			meetingDate: row.meeting_date,
			meetingStart: row.start_time,
			fixedTime: row.fixed_time,
			minutesBefore: row.minutes_before ?? 0,
			plannedMinutes: row.planned_minutes,
			extendedMinutes: row.extended_minutes,
			startedAt: row.started_at,
			endedAt: row.ended_at
		})
	};
}

// --- Leader side -------------------------------------------------------------------

export interface GrantOption {
	id: string;
	basis: 'consent' | 'legal';
	label: string;
	categories: SectionKey[] | null;
	/** Covers the whole slot: the guest can be invited under it. */
	admits: boolean;
}

async function grantLabels(db: Executor, ids: string[]) {
	if (ids.length === 0) return new Map<string, string>();
	const rows = await db
		.selectFrom('consent')
		.select(['id', sql<string>`actor_label`.as('label')])
		.where('id', 'in', ids)
		.unionAll(
			db
				.selectFrom('consent_disclosure')
				.select(['id', sql<string>`recipient_label || ' (' || legal_reference || ')'`.as('label')])
				.where('id', 'in', ids)
		)
		.execute();
	return new Map(rows.map((r) => [r.id, r.label]));
}

function options(grants: Grant[], labels: Map<string, string>, w: GuestWindow): GrantOption[] {
	return grants
		.filter((g) => g.actorKind !== 'team')
		.map((g) => ({
			id: g.id,
			basis: g.basis,
			label: labels.get(g.id) ?? '',
			categories: g.categories ? [...g.categories] : null,
			admits: grantAdmitsGuest(g, w.opensAt, w.closesAt)
		}));
}

/**
 * The meeting's borger items with, for each, who may be invited: the consents (and
 * legal-basis disclosures) to actors outside the team, and whether each covers the slot.
 * Shown before anyone is admitted (DOMAIN.md §7).
 */
export async function guestCandidates(
	db: Executor,
	teamId: string,
	meetingId: string,
	userId: string
) {
	const items = await db
		.selectFrom('agenda_item as a')
		.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
		.innerJoin('borger as b', 'b.id', 'a.borger_id')
		.select(['a.id', 'a.borger_id', 'b.name', 'a.position'])
		.where('a.meeting_id', '=', meetingId)
		.where('m.team_id', '=', teamId)
		.orderBy('a.position')
		.execute();
	const grants = await loadGrants(
		db,
		items.map((i) => i.borger_id!)
	);
	const labels = await grantLabels(
		db,
		[...grants.values()].flat().map((g) => g.id)
	);
	const invitations = await listInvitations(db, teamId, meetingId);
	const out = [];
	for (const it of items) {
		// Reading who the borger consented to share with is reading borger data: logged.
		await resolveBorgerAccess(db, userId, it.borger_id!, 'guest.invite', {
			feature: 'trpc:guest.candidates',
			mode: 'read'
		});
		const slot = (await loadSlot(db, it.id))!;
		out.push({
			agendaItemId: it.id,
			borgerId: it.borger_id!,
			borgerName: it.name,
			opensAt: slot.window.opensAt,
			closesAt: slot.window.closesAt,
			slotStart: slot.window.slotStart,
			grants: options(grants.get(it.borger_id!) ?? [], labels, slot.window),
			invitations: invitations.filter((x) => x.agendaItemId === it.id)
		});
	}
	return out;
}

export async function listInvitations(db: Executor, teamId: string, meetingId: string) {
	const rows = await db
		.selectFrom('guest_invitation as g')
		.select([
			'g.id',
			'g.agenda_item_id',
			'g.guest_name',
			'g.guest_role',
			'g.first_used_at',
			'g.revoked_at',
			'g.created_at',
			sql<boolean>`g.code_hash is not null`.as('has_code')
		])
		.where('g.team_id', '=', teamId)
		.where('g.meeting_id', '=', meetingId)
		.orderBy('g.created_at')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		agendaItemId: r.agenda_item_id,
		name: r.guest_name,
		role: r.guest_role,
		usedAt: r.first_used_at,
		revokedAt: r.revoked_at,
		hasCode: r.has_code
	}));
}

function sixDigits(): string {
	const n = new Uint32Array(1);
	crypto.getRandomValues(n);
	return String(n[0]! % 1_000_000).padStart(6, '0');
}

export async function inviteGuest(
	db: Executor,
	teamId: string,
	userId: string,
	input: z.output<typeof inviteInput>,
	now = new Date()
) {
	const slot = await loadSlot(db, input.agendaItemId);
	if (!slot || slot.teamId !== teamId || slot.meetingId !== input.meetingId) throw forbidden();
	if (!slot.borgerId) throw badRequest('Gæster inviteres til et punkt om én borger.');
	await resolveBorgerAccess(db, userId, slot.borgerId, 'guest.invite', {
		feature: 'trpc:guest.invite',
		mode: 'write'
	});
	if (windowPhase(slot.window, now) === 'after') throw badRequest('Punktet er allerede afsluttet.');
	const grant = (await loadGrants(db, [slot.borgerId]))
		.get(slot.borgerId)
		?.find((g) => g.id === input.grantId);
	if (!grantAdmitsGuest(grant, slot.window.opensAt, slot.window.closesAt)) {
		throw badRequest(
			'Borgerens samtykke dækker ikke denne gæst i hele tidsrummet. Gæsten kan ikke inviteres.'
		);
	}
	const token = generateToken();
	const code = input.requireCode ? sixDigits() : null;
	const row = await db
		.insertInto('guest_invitation')
		.values({
			team_id: teamId,
			meeting_id: slot.meetingId,
			agenda_item_id: slot.itemId,
			borger_id: slot.borgerId,
			consent_id: grant!.basis === 'consent' ? grant!.id : null,
			disclosure_id: grant!.basis === 'legal' ? grant!.id : null,
			guest_name: input.name,
			guest_role: input.role,
			guest_contact: input.contact,
			token_hash: hashToken(token),
			code_hash: code ? hashToken(code) : null,
			invited_by: userId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	// The token and code are shown once, to the leader; only their hashes are stored.
	return {
		invitationId: row.id,
		token,
		code,
		opensAt: slot.window.opensAt,
		closesAt: slot.window.closesAt
	};
}

export async function revokeGuest(db: Executor, teamId: string, invitationId: string) {
	const r = await db
		.updateTable('guest_invitation')
		.set({ revoked_at: sql`now()` })
		.where('id', '=', invitationId)
		.where('team_id', '=', teamId)
		.where('revoked_at', 'is', null)
		.returning('id')
		.executeTakeFirst();
	if (!r) throw notFound('Invitationen findes ikke.');
	return { id: r.id };
}

export async function addGuestTask(
	db: Executor,
	teamId: string,
	userId: string,
	input: z.output<typeof guestTaskInput>
) {
	const inv = await db
		.selectFrom('guest_invitation')
		.select(['id'])
		.where('id', '=', input.invitationId)
		.where('team_id', '=', teamId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (!inv) throw notFound('Invitationen findes ikke.');
	return db
		.insertInto('guest_task')
		.values({
			invitation_id: inv.id,
			description: input.description,
			due_on: input.dueOn ?? null,
			created_by: userId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

/**
 * Is a guest admitted right now to a running meeting of the team? The board then turns
 * privacy mode on by default in big-screen (meeting) mode.
 */
export async function guestPresent(db: Executor, teamId: string, now = new Date()) {
	const rows = await db
		.selectFrom('guest_invitation as g')
		.innerJoin('meeting as m', 'm.id', 'g.meeting_id')
		.select('g.agenda_item_id')
		.where('g.team_id', '=', teamId)
		.where('m.status', '=', 'i_gang')
		.where('g.revoked_at', 'is', null)
		.where('g.first_used_at', 'is not', null)
		.execute();
	for (const r of rows) {
		const slot = await loadSlot(db, r.agenda_item_id);
		if (slot && windowPhase(slot.window, now) === 'open') return true;
	}
	return false;
}

// --- Guest side ----------------------------------------------------------------------

export type GuestState =
	| { kind: 'invalid' }
	| { kind: 'other_device' }
	| { kind: 'need_code'; attemptsLeft: number }
	| { kind: 'before'; opensAt: Date; name: string }
	| { kind: 'after' }
	| { kind: 'closed' }
	| { kind: 'open'; session: GuestSession };

export interface GuestSession {
	invitationId: string;
	viewer: GuestViewer;
	slot: Slot;
	access: BorgerAccess;
}

const MAX_CODE_ATTEMPTS = 5;

/**
 * Open a guest link from a device. Every refusal is logged (actor: the invitation, if
 * the token is known). `deviceId` is the guest's own random cookie; its hash binds the
 * link to the first device that opens it.
 */
export async function openGuest(
	db: Executor,
	token: string,
	deviceId: string,
	feature: string,
	now = new Date()
): Promise<GuestState> {
	const inv = await db
		.selectFrom('guest_invitation')
		.selectAll()
		.where('token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!inv) {
		await logDenied(db, {
			teamId: null,
			borgerId: null,
			actor: { kind: 'system', name: 'ukendt gæstelink' },
			feature
		});
		return { kind: 'invalid' };
	}
	const actor = {
		kind: 'guest' as const,
		guestId: inv.id,
		name: `${inv.guest_name} (${inv.guest_role})`
	};
	const deny = async (reason: string) =>
		logDenied(db, {
			teamId: inv.team_id,
			borgerId: inv.borger_id,
			actor,
			feature: `${feature}:${reason}`
		});
	if (inv.revoked_at) {
		await deny('tilbagekaldt');
		return { kind: 'closed' };
	}
	const device = hashToken(deviceId);
	if (inv.device_hash === null) {
		// First use binds the link to this device; a race with another device loses here.
		const bound = await db
			.updateTable('guest_invitation')
			.set({ device_hash: device, first_used_at: now })
			.where('id', '=', inv.id)
			.where('device_hash', 'is', null)
			.returning('id')
			.executeTakeFirst();
		if (!bound) {
			await deny('anden-enhed');
			return { kind: 'other_device' };
		}
	} else if (inv.device_hash !== device) {
		await deny('anden-enhed');
		return { kind: 'other_device' };
	}
	if (inv.code_hash && !inv.code_verified_at) {
		return { kind: 'need_code', attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - inv.code_attempts) };
	}
	const slot = await loadSlot(db, inv.agenda_item_id);
	if (!slot) return { kind: 'invalid' };
	const phase = windowPhase(slot.window, now);
	if (phase === 'before') {
		return { kind: 'before', opensAt: slot.window.opensAt, name: inv.guest_name };
	}
	if (phase === 'after') {
		await deny('efter-slot');
		return { kind: 'after' };
	}
	const viewer: GuestViewer = {
		kind: 'guest',
		guestId: inv.id,
		teamId: inv.team_id,
		name: actor.name,
		meetingId: inv.meeting_id,
		agendaItemId: inv.agenda_item_id,
		grantId: (inv.consent_id ?? inv.disclosure_id)!,
		windowStart: slot.window.opensAt,
		windowEnd: slot.window.closesAt
	};
	try {
		const access = await resolveGuestBorgerAccess(db, viewer, inv.borger_id, {
			feature,
			now,
			coalesce: feature === 'gaest:status'
		});
		return { kind: 'open', session: { invitationId: inv.id, viewer, slot, access } };
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'FORBIDDEN') return { kind: 'closed' };
		throw e;
	}
}

export async function verifyGuestCode(
	db: Executor,
	token: string,
	deviceId: string,
	code: string
): Promise<boolean> {
	const inv = await db
		.selectFrom('guest_invitation')
		.select(['id', 'code_hash', 'code_attempts', 'device_hash', 'team_id', 'borger_id'])
		.where('token_hash', '=', hashToken(token))
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (!inv || !inv.code_hash || inv.device_hash !== hashToken(deviceId)) return false;
	if (inv.code_attempts >= MAX_CODE_ATTEMPTS) return false;
	if (hashToken(code.trim()) === inv.code_hash) {
		await db
			.updateTable('guest_invitation')
			.set({ code_verified_at: sql`now()` })
			.where('id', '=', inv.id)
			.execute();
		return true;
	}
	await db
		.updateTable('guest_invitation')
		.set({ code_attempts: sql`code_attempts + 1` })
		.where('id', '=', inv.id)
		.execute();
	await logDenied(db, {
		teamId: inv.team_id,
		borgerId: inv.borger_id,
		actor: { kind: 'guest', guestId: inv.id, name: 'gæst' },
		feature: 'gaest:forkert-kode'
	});
	return false;
}

export interface GuestView {
	guestName: string;
	borgerName: string;
	itemTitle: string;
	/** What the guest may see: only the consented sections. */
	sections: SectionKey[];
	record: Pick<BorgerRecord, 'items' | 'notes' | 'risks' | 'crisisPlan'> & {
		birthYear: number | null;
		caseManagerName: string | null;
	};
	timer: {
		status: string;
		startedAt: Date | null;
		minutes: number;
		serverNow: Date;
	};
	closesAt: Date;
	itemNotes: string;
	ownNotes: { id: string; body: string; createdAt: Date }[];
	tasks: { id: string; description: string; dueOn: string | null; acceptedAt: Date | null }[];
}

/**
 * What the guest page shows: the borger's name, the consented sections only, the item's
 * timer and notes, the guest's own notes and tasks. Nothing about other items, other
 * borgere or attendance is ever loaded.
 */
export async function guestView(
	db: Executor,
	s: GuestSession,
	now = new Date()
): Promise<GuestView> {
	const rec = await loadBorgerRecord(db, s.access);
	const sees = (k: SectionKey) => s.access.sections.has(k);
	const [inv, notes, tasks] = await Promise.all([
		db
			.selectFrom('guest_invitation')
			.select(['guest_name'])
			.where('id', '=', s.invitationId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('guest_note')
			.select(['id', 'body', 'created_at'])
			.where('invitation_id', '=', s.invitationId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('guest_task')
			.select(['id', 'description', sql<string | null>`due_on::text`.as('due_on'), 'accepted_at'])
			.where('invitation_id', '=', s.invitationId)
			.orderBy('created_at')
			.execute()
	]);
	return {
		guestName: inv.guest_name,
		borgerName: rec.name,
		itemTitle: s.slot.title,
		sections: [...s.access.sections],
		record: {
			birthYear: sees('identitet') ? rec.birthYear : null,
			caseManagerName: sees('identitet') ? rec.caseManagerName : null,
			// Staff names stay inside the team: who wrote what is not the guest's business.
			items: rec.items,
			notes: Object.fromEntries(
				Object.entries(rec.notes).map(([k, v]) => [k, { ...v, updatedBy: null }])
			),
			risks: rec.risks.map((r) => ({ ...r, assessedBy: null })),
			crisisPlan: rec.crisisPlan ? { ...rec.crisisPlan, createdBy: null } : null
		},
		timer: {
			status: s.slot.status,
			startedAt: s.slot.startedAt,
			minutes: s.slot.plannedMinutes + s.slot.extendedMinutes,
			serverNow: now
		},
		closesAt: s.slot.window.closesAt,
		itemNotes: s.slot.notes,
		ownNotes: notes.map((n) => ({ id: n.id, body: n.body, createdAt: n.created_at })),
		tasks: tasks.map((t) => ({
			id: t.id,
			description: t.description,
			dueOn: t.due_on,
			acceptedAt: t.accepted_at
		}))
	};
}

export const guestNoteInput = z.object({
	body: z.string().trim().min(1, 'Skriv en note.').max(4000, 'Højst 4000 tegn.')
});

export async function addGuestNote(db: Executor, s: GuestSession, body: string) {
	await db.insertInto('guest_note').values({ invitation_id: s.invitationId, body }).execute();
}

export async function acceptGuestTask(db: Executor, s: GuestSession, taskId: string) {
	const r = await db
		.updateTable('guest_task')
		.set({ accepted_at: sql`now()` })
		.where('id', '=', taskId)
		.where('invitation_id', '=', s.invitationId)
		.where('accepted_at', 'is', null)
		.returning('id')
		.executeTakeFirst();
	return Boolean(r);
}
