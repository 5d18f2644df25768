import { sql } from 'kysely';
import { z } from '$lib/zod';
import { grantAdmitsGuest, type Grant } from '$lib/domain/consent';
import { windowPhase, type GuestWindow } from '$lib/domain/guest';
import type { SectionKey } from '$lib/domain/sections';
import type { Executor } from '../db';
import { generateToken, hashToken } from '../auth/tokens';
import { loadGrants, resolveBorgerAccess } from '../access/borger';
import { badRequest, forbidden, notFound } from '../errors';
import { inviteInput, guestTaskInput } from '$lib/schemas/guest';
import { loadSlot } from './slot';

/** The meeting leader's side: whom a guest may be invited under, inviting, revoking, tasks. */

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
