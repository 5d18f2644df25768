import type { DB, Executor } from '../db';
import { badRequest } from '../errors';
import { requireMeeting, assertNotFinalized, bump } from './meetings';

/**
 * The minutes: approval (then read-only), corrections after approval, and the per-borger
 * extract of approved minutes.
 */

export async function finalizeMeeting(db: DB, teamId: string, meetingId: string, userId: string) {
	const m = await requireMeeting(db, teamId, meetingId);
	if (m.status !== 'afsluttet') throw badRequest('Afslut mødet, før referatet godkendes.');
	assertNotFinalized(m);
	await db
		.updateTable('meeting')
		.set({ finalized_at: new Date(), finalized_by: userId })
		.where('id', '=', meetingId)
		.execute();
	await bump(db, meetingId);
}

export async function addCorrection(
	db: DB,
	teamId: string,
	meetingId: string,
	userId: string,
	text: string
) {
	const m = await requireMeeting(db, teamId, meetingId);
	if (!m.finalized_at)
		throw badRequest(
			'Rettelser tilføjes efter godkendelse; indtil da kan referatet ændres direkte.'
		);
	await db
		.insertInto('minutes_correction')
		.values({ meeting_id: meetingId, text, created_by: userId })
		.execute();
	await bump(db, meetingId);
}

/**
 * What the finalised minutes say about one borger: for every approved meeting where the
 * borger was on the agenda or in a decision or task, the item's status and notes, the
 * decisions and the tasks, newest meeting first, with the corrections added after approval.
 * Drafts are left out: only approved minutes belong in the record.
 */
export async function borgerMinutesExtract(db: Executor, teamId: string, borgerId: string) {
	const finalised = (eb: { selectFrom: Executor['selectFrom'] }) =>
		eb
			.selectFrom('meeting')
			.select('id')
			.where('team_id', '=', teamId)
			.where('finalized_at', 'is not', null);
	const [items, decisions, tasks] = await Promise.all([
		db
			.selectFrom('agenda_item')
			.select(['id', 'meeting_id', 'title', 'status', 'notes', 'planned_minutes'])
			.where('borger_id', '=', borgerId)
			.where('meeting_id', 'in', finalised(db))
			.execute(),
		db
			.selectFrom('decision as d')
			.leftJoin('app_user as u', 'u.id', 'd.created_by')
			.select(['d.id', 'd.meeting_id', 'd.agenda_item_id', 'd.kind', 'd.text', 'u.name as by'])
			.where('d.borger_id', '=', borgerId)
			.where('d.meeting_id', 'in', finalised(db))
			.orderBy('d.created_at')
			.execute(),
		db
			.selectFrom('task as t')
			.innerJoin('membership as mm', 'mm.id', 't.owner_id')
			.innerJoin('app_user as u', 'u.id', 'mm.user_id')
			.select([
				't.id',
				't.meeting_id',
				't.agenda_item_id',
				't.description',
				't.due_on',
				't.status',
				'u.name as owner'
			])
			.where('t.borger_id', '=', borgerId)
			.where('t.meeting_id', 'in', finalised(db))
			.orderBy('t.created_at')
			.execute()
	]);
	const ids = [
		...new Set([...items, ...decisions, ...tasks].map((x) => x.meeting_id).filter(Boolean))
	] as string[];
	if (ids.length === 0) return [];
	const [meetings, corrections] = await Promise.all([
		db
			.selectFrom('meeting')
			.select(['id', 'meeting_date', 'start_time', 'finalized_at'])
			.where('id', 'in', ids)
			.orderBy('meeting_date', 'desc')
			.execute(),
		db
			.selectFrom('minutes_correction as c')
			.leftJoin('app_user as u', 'u.id', 'c.created_by')
			.select(['c.id', 'c.meeting_id', 'c.text', 'c.created_at', 'u.name as by'])
			.where('c.meeting_id', 'in', ids)
			.orderBy('c.created_at')
			.execute()
	]);
	return meetings.map((m) => ({
		meetingId: m.id,
		meetingDate: m.meeting_date,
		startTime: m.start_time,
		finalizedAt: m.finalized_at!,
		items: items
			.filter((i) => i.meeting_id === m.id)
			.map((i) => ({ id: i.id, title: i.title, status: i.status, notes: i.notes })),
		decisions: decisions
			.filter((d) => d.meeting_id === m.id)
			.map((d) => ({ id: d.id, kind: d.kind, text: d.text, by: d.by })),
		tasks: tasks
			.filter((t) => t.meeting_id === m.id)
			.map((t) => ({
				id: t.id,
				description: t.description,
				dueOn: t.due_on,
				status: t.status,
				owner: t.owner
			})),
		// Corrections are about the whole minutes; shown so the extract is never less exact.
		corrections: corrections
			.filter((c) => c.meeting_id === m.id)
			.map((c) => ({ id: c.id, text: c.text, at: c.created_at, by: c.by }))
	}));
}

export type BorgerMinutesExtract = Awaited<ReturnType<typeof borgerMinutesExtract>>;
