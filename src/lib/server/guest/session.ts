import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { windowPhase } from '$lib/domain/guest';
import type { SectionKey } from '$lib/domain/sections';
import type { Executor } from '../db';
import { hashToken } from '../auth/tokens';
import { resolveGuestBorgerAccess, type BorgerAccess, type GuestViewer } from '../access/borger';
import { logDenied } from '../access/log';
import { loadBorgerRecord, type BorgerRecord } from '../borger/record';
import { loadSlot, type Slot } from './slot';

/**
 * The guest's side: opening the link (bound to the first device), the one-time code, and
 * the one borger's view, limited to what the grant covers, while the window is open.
 */

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
	// Each guess first takes one of the attempts, in the same statement that checks that
	// one is left: a burst of parallel guesses gets MAX_CODE_ATTEMPTS evaluated, not more.
	const inv = await db
		.updateTable('guest_invitation')
		.set({ code_attempts: sql`code_attempts + 1` })
		.where('token_hash', '=', hashToken(token))
		.where('revoked_at', 'is', null)
		.where('code_hash', 'is not', null)
		.where('code_verified_at', 'is', null)
		.where('device_hash', '=', hashToken(deviceId))
		.where('code_attempts', '<', MAX_CODE_ATTEMPTS)
		.returning(['id', 'code_hash', 'team_id', 'borger_id'])
		.executeTakeFirst();
	if (!inv) return false;
	if (hashToken(code.trim()) === inv.code_hash) {
		await db
			.updateTable('guest_invitation')
			.set({ code_verified_at: sql`now()` })
			.where('id', '=', inv.id)
			.execute();
		return true;
	}
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
