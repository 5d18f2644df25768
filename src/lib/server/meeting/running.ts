import { sql } from 'kysely';
import type { z } from '$lib/zod';
import type { decisionInput } from '$lib/schemas/meeting';
import type { DB, Executor } from '../db';
import { resolveBorgerAccess } from '../access/borger';
import { changeScaling } from '../borger/write';
import { recordChanges } from '../borger/history';
import { assertMeetingWrite } from './write-scope';
import { badRequest } from '../errors';
import { requireMeeting, assertNotFinalized, bump } from './meetings';

/**
 * Running a meeting: a server-side timer (start times are stored, so every screen and
 * every reload agrees), attendance, notes and decisions as they are made.
 */

async function startItem(trx: Executor, meetingId: string, itemId: string, now: Date) {
	await trx
		.updateTable('agenda_item')
		.set({ status: 'i_gang', started_at: now, ended_at: null })
		.where('id', '=', itemId)
		.execute();
	await trx
		.updateTable('meeting')
		.set({ current_item_id: itemId })
		.where('id', '=', meetingId)
		.execute();
}

async function nextPlanned(trx: Executor, meetingId: string) {
	return (
		trx
			.selectFrom('agenda_item')
			.select('id')
			.where('meeting_id', '=', meetingId)
			.where('status', 'in', ['planlagt', 'parkeret'])
			// Parked items come back after everything planned.
			.orderBy(sql`status = 'parkeret'`)
			.orderBy('position')
			.executeTakeFirst()
	);
}

export async function startMeeting(db: DB, teamId: string, meetingId: string, now = new Date()) {
	await db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, meetingId);
		if (m.status !== 'planlagt') throw badRequest('Mødet er allerede startet.');
		await trx
			.updateTable('meeting')
			.set({ status: 'i_gang', started_at: now })
			.where('id', '=', meetingId)
			.execute();
		const first = await nextPlanned(trx, meetingId);
		if (first) await startItem(trx, meetingId, first.id, now);
		await bump(trx, meetingId);
	});
}

/** Close the current item and open the next; `how` says what happens to the current one. */
export async function advance(
	db: DB,
	teamId: string,
	meetingId: string,
	how: 'done' | 'park' | 'postpone',
	now = new Date()
) {
	await db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, meetingId);
		if (m.status !== 'i_gang') throw badRequest('Mødet kører ikke.');
		if (m.current_item_id) {
			const status = how === 'done' ? 'afsluttet' : how === 'park' ? 'parkeret' : 'udskudt';
			await trx
				.updateTable('agenda_item')
				.set({ status, ended_at: now })
				.where('id', '=', m.current_item_id)
				.execute();
		}
		const next = await nextPlanned(trx, meetingId);
		if (next) await startItem(trx, meetingId, next.id, now);
		else
			await trx
				.updateTable('meeting')
				.set({ current_item_id: null })
				.where('id', '=', meetingId)
				.execute();
		await bump(trx, meetingId);
	});
}

export async function extendCurrent(db: DB, teamId: string, meetingId: string, minutes: number) {
	await db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, meetingId);
		if (m.status !== 'i_gang' || !m.current_item_id) throw badRequest('Der er intet punkt i gang.');
		await trx
			.updateTable('agenda_item')
			.set({ extended_minutes: sql`extended_minutes + ${minutes}` })
			.where('id', '=', m.current_item_id)
			.execute();
		await bump(trx, meetingId);
	});
}

export async function endMeeting(db: DB, teamId: string, meetingId: string, now = new Date()) {
	await db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, meetingId);
		if (m.status !== 'i_gang') throw badRequest('Mødet kører ikke.');
		if (m.current_item_id) {
			await trx
				.updateTable('agenda_item')
				.set({ status: 'afsluttet', ended_at: now })
				.where('id', '=', m.current_item_id)
				.execute();
		}
		// What was not reached carries over to the next meeting's agenda.
		await trx
			.updateTable('agenda_item')
			.set({ status: 'ikke_naaet' })
			.where('meeting_id', '=', meetingId)
			.where('status', 'in', ['planlagt', 'parkeret'])
			.execute();
		await trx
			.updateTable('meeting')
			.set({ status: 'afsluttet', ended_at: now, current_item_id: null })
			.where('id', '=', meetingId)
			.execute();
		// Discussed cases: the board's "last discussed" moves to the meeting day.
		const discussed = await trx
			.selectFrom('agenda_item')
			.select('borger_id')
			.where('meeting_id', '=', meetingId)
			.where('status', '=', 'afsluttet')
			.where('borger_id', 'is not', null)
			.execute();
		const ids = discussed.map((d) => d.borger_id!);
		if (ids.length > 0) {
			await trx
				.updateTable('borger')
				.set({ last_discussed_on: m.meeting_date })
				.where('id', 'in', ids)
				.where((eb) =>
					eb.or([eb('last_discussed_on', 'is', null), eb('last_discussed_on', '<', m.meeting_date)])
				)
				.execute();
		}
		await bump(trx, meetingId);
	});
}

export async function setAttendance(
	db: DB,
	teamId: string,
	meetingId: string,
	membershipId: string,
	mode: 'fremmoedt' | 'online' | 'fravaerende'
) {
	const m = await requireMeeting(db, teamId, meetingId);
	assertNotFinalized(m);
	const member = await db
		.selectFrom('membership')
		.select('id')
		.where('id', '=', membershipId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (!member) throw badRequest('Personen er ikke medlem af teamet.');
	await db
		.insertInto('attendance')
		.values({ meeting_id: meetingId, membership_id: membershipId, mode })
		.onConflict((oc) => oc.columns(['meeting_id', 'membership_id']).doUpdateSet({ mode }))
		.execute();
	await bump(db, meetingId);
}

export async function requireItem(trx: Executor, meetingId: string, itemId: string) {
	const it = await trx
		.selectFrom('agenda_item')
		.select(['id', 'borger_id'])
		.where('id', '=', itemId)
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	if (!it) throw badRequest('Punktet hører ikke til mødet.');
	return it;
}

export async function setItemNotes(
	db: DB,
	teamId: string,
	meetingId: string,
	itemId: string,
	notes: string,
	userId: string
) {
	const m = await requireMeeting(db, teamId, meetingId);
	assertNotFinalized(m);
	const item = await requireItem(db, meetingId, itemId);
	// Notes on an item about a borger are borger data: within the consent scope, logged.
	if (item.borger_id) await assertMeetingWrite(db, userId, item.borger_id, { kind: 'notes' });
	await db.updateTable('agenda_item').set({ notes }).where('id', '=', itemId).execute();
	await bump(db, meetingId);
}

/** A decision; a scaling decision changes the borger's level and history in the same transaction. */
export async function addDecision(
	db: DB,
	teamId: string,
	userId: string,
	input: z.infer<typeof decisionInput>
): Promise<{ id: string }> {
	// The consent check runs before the transaction, so a refusal reaches the access log.
	const target = await requireItem(
		db,
		(await requireMeeting(db, teamId, input.meetingId)).id,
		input.agendaItemId
	);
	if (target.borger_id)
		await assertMeetingWrite(db, userId, target.borger_id, {
			kind: 'decision',
			decisionKind: input.scaling ? 'skalering' : input.kind
		});
	return db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, input.meetingId);
		assertNotFinalized(m);
		const item = await requireItem(trx, input.meetingId, input.agendaItemId);
		if (input.scaling) {
			if (!item.borger_id) throw badRequest('Skalering kræver et punkt om en borger.');
			const access = await resolveBorgerAccess(trx, userId, item.borger_id, 'borger.write');
			await changeScaling(
				trx,
				access,
				userId,
				{
					toLevel: input.scaling.toLevel,
					reasonCategory: input.scaling.reasonCategory ?? null,
					reasonText: input.text
				},
				'meeting'
			);
		}
		const row = await trx
			.insertInto('decision')
			.values({
				meeting_id: input.meetingId,
				agenda_item_id: input.agendaItemId,
				borger_id: item.borger_id,
				kind: input.kind,
				text: input.text,
				created_by: userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (item.borger_id) {
			await recordChanges(
				trx,
				{ teamId, borgerId: item.borger_id, actorId: userId, source: 'meeting' },
				'decision',
				row.id,
				null,
				[{ field: input.kind, old: null, new: input.text }]
			);
		}
		await bump(trx, input.meetingId);
		return row;
	});
}
