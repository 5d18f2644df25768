import { sql } from 'kysely';
import type { z } from '$lib/zod';
import type { taskInput } from '$lib/schemas/meeting';
import { withTx, type DB, type Executor } from '../db';
import { assertMeetingWrite } from './write-scope';
import { badRequest } from '../errors';
import { requireMeeting, assertNotFinalized, bump } from './meetings';
import { requireItem } from './running';

/** Tasks from meetings and a member's own list; requests to take up a case at the next meeting. */

export async function addTask(
	db: DB,
	teamId: string,
	userId: string,
	input: z.infer<typeof taskInput>
) {
	if (input.borgerId) {
		const b = await db
			.selectFrom('borger')
			.select('id')
			.where('id', '=', input.borgerId)
			.where('team_id', '=', teamId)
			.executeTakeFirst();
		if (!b) throw badRequest('Borgeren hører ikke til teamet.');
		// A task about a borger is an agreement in their record: within the scope, logged.
		await assertMeetingWrite(db, userId, input.borgerId, { kind: 'task' });
	}
	return withTx(db, async (trx) => {
		if (input.meetingId) assertNotFinalized(await requireMeeting(trx, teamId, input.meetingId));
		if (input.agendaItemId && input.meetingId)
			await requireItem(trx, input.meetingId, input.agendaItemId);
		const owner = await trx
			.selectFrom('membership')
			.select('id')
			.where('id', '=', input.ownerId)
			.where('team_id', '=', teamId)
			.where('deactivated_at', 'is', null)
			.executeTakeFirst();
		if (!owner) throw badRequest('Den ansvarlige skal være aktivt medlem af teamet.');
		if (input.borgerId) {
			const b = await trx
				.selectFrom('borger')
				.select('id')
				.where('id', '=', input.borgerId)
				.where('team_id', '=', teamId)
				.executeTakeFirst();
			if (!b) throw badRequest('Borgeren hører ikke til teamet.');
		}
		const row = await trx
			.insertInto('task')
			.values({
				team_id: teamId,
				borger_id: input.borgerId ?? null,
				meeting_id: input.meetingId ?? null,
				agenda_item_id: input.agendaItemId ?? null,
				owner_id: input.ownerId,
				description: input.description,
				due_on: input.dueOn ?? null,
				created_by: userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (input.meetingId) await bump(trx, input.meetingId);
		return row;
	});
}

export async function setTaskStatus(
	db: DB,
	teamId: string,
	taskId: string,
	status: 'aaben' | 'udfoert' | 'annulleret'
) {
	const r = await db
		.updateTable('task')
		.set({ status, completed_at: status === 'aaben' ? null : new Date() })
		.where('id', '=', taskId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) throw badRequest('Opgaven findes ikke.');
}

export async function listTasks(db: Executor, teamId: string, ownerMembershipId?: string) {
	let q = db
		.selectFrom('task as t')
		.innerJoin('membership as mm', 'mm.id', 't.owner_id')
		.innerJoin('app_user as u', 'u.id', 'mm.user_id')
		.leftJoin('borger as b', 'b.id', 't.borger_id')
		.select([
			't.id',
			't.description',
			't.due_on',
			't.status',
			't.borger_id',
			'b.name as borger_name',
			'b.initials as borger_initials',
			'u.name as owner',
			't.owner_id',
			't.created_at'
		])
		.where('t.team_id', '=', teamId)
		.where('t.status', '=', 'aaben');
	if (ownerMembershipId) q = q.where('t.owner_id', '=', ownerMembershipId);
	return q
		.orderBy(sql`t.due_on nulls last`)
		.orderBy('t.created_at')
		.execute();
}

export async function requestCase(
	db: DB,
	teamId: string,
	userId: string,
	borgerId: string,
	reason: string
) {
	const b = await db
		.selectFrom('borger')
		.select('id')
		.where('id', '=', borgerId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (!b) throw badRequest('Borgeren hører ikke til teamet.');
	return db
		.insertInto('case_request')
		.values({ team_id: teamId, borger_id: borgerId, reason, requested_by: userId })
		.returning('id')
		.executeTakeFirstOrThrow();
}
