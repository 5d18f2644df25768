import { sql } from 'kysely';
import type { Executor } from '../db';
import { badRequest, notFound } from '../errors';

/**
 * The tavlemøde as stored: one meeting with its agenda items, attendance, decisions and
 * tasks. Reading a meeting and the checks every change makes (the meeting belongs to the
 * team; approved minutes are read-only).
 */

export async function requireMeeting(db: Executor, teamId: string, meetingId: string) {
	const m = await db
		.selectFrom('meeting')
		.selectAll()
		.where('id', '=', meetingId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (!m) throw notFound('Mødet findes ikke.');
	return m;
}

export function assertNotFinalized(m: { finalized_at: Date | null }) {
	if (m.finalized_at)
		throw badRequest('Referatet er godkendt og kan ikke ændres. Tilføj en rettelse i stedet.');
}

export async function listMeetings(db: Executor, teamId: string) {
	return db
		.selectFrom('meeting as m')
		.select([
			'm.id',
			'm.meeting_date',
			'm.start_time',
			'm.length_minutes',
			'm.status',
			'm.started_at',
			'm.ended_at',
			'm.finalized_at',
			(eb) =>
				eb
					.selectFrom('agenda_item as a')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('a.meeting_id', '=', 'm.id')
					.where('a.kind', '=', 'case')
					.as('case_count'),
			(eb) =>
				eb
					.selectFrom('agenda_item as a')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('a.meeting_id', '=', 'm.id')
					.where('a.kind', '=', 'case')
					.where('a.status', '=', 'afsluttet')
					.as('reached_count')
		])
		.where('m.team_id', '=', teamId)
		.orderBy('m.meeting_date', 'desc')
		.limit(200)
		.execute();
}

export async function loadMeeting(db: Executor, teamId: string, meetingId: string) {
	const m = await requireMeeting(db, teamId, meetingId);
	const [items, attendance, decisions, tasks, corrections, members] = await Promise.all([
		db
			.selectFrom('agenda_item as a')
			.leftJoin('borger as b', 'b.id', 'a.borger_id')
			.select([
				'a.id',
				'a.position',
				'a.kind',
				'a.borger_id',
				'a.title',
				'a.planned_minutes',
				'a.fixed_time',
				'a.guest_label',
				'a.reasons',
				'a.status',
				'a.started_at',
				'a.ended_at',
				'a.extended_minutes',
				'a.notes',
				'b.name as borger_name',
				'b.initials as borger_initials',
				'b.scaling_level'
			])
			.where('a.meeting_id', '=', meetingId)
			.orderBy('a.position')
			.execute(),
		db
			.selectFrom('attendance')
			.select(['membership_id', 'mode'])
			.where('meeting_id', '=', meetingId)
			.execute(),
		db
			.selectFrom('decision as d')
			.leftJoin('app_user as u', 'u.id', 'd.created_by')
			.select([
				'd.id',
				'd.agenda_item_id',
				'd.borger_id',
				'd.kind',
				'd.text',
				'd.created_at',
				'u.name as by'
			])
			.where('d.meeting_id', '=', meetingId)
			.orderBy('d.created_at')
			.execute(),
		db
			.selectFrom('task as t')
			.innerJoin('membership as mm', 'mm.id', 't.owner_id')
			.innerJoin('app_user as u', 'u.id', 'mm.user_id')
			.select([
				't.id',
				't.agenda_item_id',
				't.borger_id',
				't.description',
				't.due_on',
				't.status',
				't.owner_id',
				'u.name as owner'
			])
			.where('t.meeting_id', '=', meetingId)
			.orderBy('t.created_at')
			.execute(),
		db
			.selectFrom('minutes_correction as c')
			.leftJoin('app_user as u', 'u.id', 'c.created_by')
			.select(['c.id', 'c.text', 'c.created_at', 'u.name as by'])
			.where('c.meeting_id', '=', meetingId)
			.orderBy('c.created_at')
			.execute(),
		db
			.selectFrom('membership as mm')
			.innerJoin('app_user as u', 'u.id', 'mm.user_id')
			.innerJoin('organisation as o', 'o.id', 'mm.organisation_id')
			.select(['mm.id', 'u.name', 'u.initials', 'mm.profession', 'mm.role', 'o.kind as sector'])
			.where('mm.team_id', '=', teamId)
			.where('mm.deactivated_at', 'is', null)
			.where('mm.role', '!=', 'auditor')
			.orderBy('u.name')
			.execute()
	]);
	return {
		meeting: m,
		items,
		attendance,
		decisions,
		tasks,
		corrections,
		members,
		serverNow: Date.now()
	};
}

export type MeetingView = Awaited<ReturnType<typeof loadMeeting>>;

export async function bump(trx: Executor, meetingId: string) {
	await trx
		.updateTable('meeting')
		.set({ version: sql`version + 1` })
		.where('id', '=', meetingId)
		.execute();
}
