import { sql } from 'kysely';
import { addDays } from 'date-fns';
import {
	planAgenda,
	type AgendaInput,
	type AgendaPlan,
	type PlannerBorger
} from '$lib/domain/agenda';
import { boardRowStatus } from '$lib/domain/board';
import type { RiskAssessment } from '$lib/domain/risk';
import {
	meetingStats,
	monthRange,
	type StatsAttendance,
	type StatsMeeting
} from '$lib/domain/meeting-stats';
import { toIsoDate } from '$lib/domain/scaling';
import type { z } from '$lib/zod';
import type { agendaItemInput, decisionInput, taskInput } from '$lib/schemas/meeting';
import { withTx, type DB, type Executor } from '../db';
import { resolveBorgerAccess, resolveTeamScopes } from '../access/borger';
import type { SectionKey } from '$lib/domain/sections';
import { changeScaling } from '../borger/write';
import { recordChanges } from '../borger/history';
import { assertMeetingWrite } from './write-scope';
import { teamSettings } from '../team-settings';
import { badRequest, conflict, notFound } from '../errors';

/**
 * The tavlemøde: plan an agenda from the board, run it with a server-side timer (times
 * are stored, so every screen and every reload agrees), and record attendance,
 * decisions and tasks as they are made. Finalised minutes are read-only.
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

function assertNotFinalized(m: { finalized_at: Date | null }) {
	if (m.finalized_at)
		throw badRequest('Referatet er godkendt og kan ikke ændres. Tilføj en rettelse i stedet.');
}

// --- Planning ---------------------------------------------------------------------------

/** The planner reads as the team does on the tavle (full inner-wheel view, not logged). */
const PLANNER_VIEWER = { userId: '', name: 'system', role: 'teamleder' as const };
const RISK_FLAGS = new Set(['high_risk', 'risk_missing', 'risk_stale', 'review_overdue']);
const CRISIS_FLAGS = new Set(['crisis_plan_missing', 'crisis_plan_stale']);

interface PlannerRow {
	id: string;
	name: string;
	start_date: string;
	scaling_level: string;
	last_scaled_at: Date | string | null;
	last_scaled_from: string | null;
	last_discussed_on: string | null;
	crisis_plan_updated_at: Date | string | null;
	/** Latest assessment per category (json: dates are plain strings on both drivers). */
	risks: { category: string; level: RiskAssessment['level']; on: string; review: string | null }[];
	open_tasks: number;
	due_tasks: number;
}

/**
 * Everything the planner needs, in one round of queries whatever the team size or history.
 * It reads only what the board *status* depends on (level, cadence dates, current risks,
 * crisis plan date), not the section summaries the tavle shows: the borger's list items are
 * most of the board's cost and play no part in planning. Current risks and task counts are
 * per-borger subqueries that walk the (borger, category, assessed_on) and task indexes. The
 * status itself comes from the same pure `boardRowStatus` as the tavle, so both agree.
 */
export async function loadPlannerInputs(
	db: Executor,
	teamId: string,
	meetingDate: string,
	now = new Date()
): Promise<AgendaInput> {
	const today = toIsoDate(now);
	const [settings, rows, requests, carried] = await Promise.all([
		teamSettings(db, teamId),
		sql<PlannerRow>`
			with t as (
				select borger_id, count(*)::int as open_tasks,
					(count(*) filter (where due_on <= ${meetingDate}::date))::int as due_tasks
				from task where team_id = ${teamId} and status = 'aaben' and borger_id is not null
				group by borger_id
			)
			select b.id, b.name, b.start_date, b.scaling_level, b.last_scaled_at, b.last_scaled_from,
				b.last_discussed_on, b.crisis_plan_updated_at,
				coalesce((
					select json_agg(json_build_object('category', r.category, 'level', r.level,
						'on', r.assessed_on, 'review', r.review_by))
					from (
						select distinct on (category) category, level, assessed_on, review_by
						from risk_assessment where borger_id = b.id
						order by category, assessed_on desc, created_at desc, id desc
					) r
				), '[]'::json) as risks,
				coalesce(t.open_tasks, 0) as open_tasks, coalesce(t.due_tasks, 0) as due_tasks
			from borger b
			left join t on t.borger_id = b.id
			where b.team_id = ${teamId} and b.status = 'aktiv'
		`.execute(db),
		db
			.selectFrom('case_request as r')
			.leftJoin('app_user as u', 'u.id', 'r.requested_by')
			.select(['r.borger_id', 'r.reason', 'u.name'])
			.where('r.team_id', '=', teamId)
			.where('r.meeting_id', 'is', null)
			.execute(),
		db
			.selectFrom('agenda_item as a')
			.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
			.select(['a.borger_id', 'a.status', 'm.meeting_date'])
			.where('a.meeting_id', '=', (eb) =>
				eb
					.selectFrom('meeting')
					.select('id')
					.where('team_id', '=', teamId)
					.where('meeting_date', '<', meetingDate)
					.orderBy('meeting_date', 'desc')
					.limit(1)
			)
			.where('a.kind', '=', 'case')
			.where('a.status', 'in', ['ikke_naaet', 'udskudt', 'parkeret', 'planlagt'])
			.execute()
	]);
	const levels = settings.scalingLevels;
	// Consent decides what may be used, as on the tavle: risk and crisis plan outside a
	// borger's consent scope play no part in the plan (nor in its reasons).
	const scopes = await resolveTeamScopes(
		db,
		PLANNER_VIEWER,
		teamId,
		rows.rows.map((b) => b.id),
		{ now, log: false, feature: 'moedeplan' }
	);
	const borgere: PlannerBorger[] = rows.rows.map((b) => {
		const read = scopes.get(b.id)?.read;
		const sees = (s: SectionKey) => read?.has(s) ?? false;
		const status = boardRowStatus({
			level: levels.some((l) => l.key === b.scaling_level) ? b.scaling_level : levels[0]!.key,
			levels,
			lastDiscussed: b.last_discussed_on,
			startDate: b.start_date,
			assessments: sees('risiko')
				? b.risks.map((r) => ({
						category: r.category,
						level: r.level,
						assessedAt: r.on,
						reviewBy: r.review
					}))
				: [],
			crisisPlanUpdatedAt:
				sees('kriseplan') && b.crisis_plan_updated_at ? toIsoDate(b.crisis_plan_updated_at) : null,
			lastScaledAt: b.last_scaled_at,
			lastScaledFrom: b.last_scaled_from,
			today,
			staleAfterDays: settings.staleAfterDays,
			categories: settings.riskCategories
		});
		return {
			id: b.id,
			name: b.name,
			status: {
				...status,
				flags: status.flags.filter(
					(f) =>
						!(RISK_FLAGS.has(f.kind) && !sees('risiko')) &&
						!(CRISIS_FLAGS.has(f.kind) && !sees('kriseplan'))
				)
			},
			openTaskCount: b.open_tasks,
			tasksDueBeforeMeeting: b.due_tasks
		};
	});
	return {
		meetingDate,
		borgere,
		requests: requests.map((r) => ({
			borgerId: r.borger_id,
			reason: r.reason,
			requestedBy: r.name ?? ''
		})),
		carryOver: carried
			.filter((c) => c.borger_id)
			.map((c) => ({
				borgerId: c.borger_id!,
				fromMeetingDate: c.meeting_date,
				reason: c.status === 'udskudt' ? 'Flyttet fra sidste møde' : 'Ikke nået på sidste møde'
			})),
		settings: settings.meeting
	};
}

/** The proposed agenda for a meeting day: the planner's inputs from the database, then the plan. */
export async function proposeAgenda(
	db: Executor,
	teamId: string,
	meetingDate: string,
	now = new Date()
): Promise<AgendaPlan> {
	return planAgenda(await loadPlannerInputs(db, teamId, meetingDate, now));
}

export async function createMeeting(
	db: DB,
	teamId: string,
	input: { meetingDate: string; startTime?: string; lengthMinutes?: number }
): Promise<{ id: string }> {
	const settings = (await teamSettings(db, teamId)).meeting;
	const exists = await db
		.selectFrom('meeting')
		.select('id')
		.where('team_id', '=', teamId)
		.where('meeting_date', '=', input.meetingDate)
		.executeTakeFirst();
	if (exists) throw conflict('Der er allerede et møde den dag.');
	const plan = await proposeAgenda(db, teamId, input.meetingDate);
	return db.transaction().execute(async (trx) => {
		const m = await trx
			.insertInto('meeting')
			.values({
				team_id: teamId,
				meeting_date: input.meetingDate,
				start_time: input.startTime ?? settings.startTime,
				length_minutes: input.lengthMinutes ?? settings.lengthMinutes,
				room: settings.room || null,
				online_link: settings.onlineLink || null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (plan.items.length > 0) {
			await trx
				.insertInto('agenda_item')
				.values(
					plan.items.map((it, i) => ({
						meeting_id: m.id,
						position: i,
						kind: it.kind,
						borger_id: it.borgerId ?? null,
						title: it.title,
						planned_minutes: it.minutes,
						fixed_time: it.fixedTime ? (it.bookedAt ?? it.start) : null,
						guest_label: it.guestLabel ?? null,
						reasons: JSON.stringify(it.reasons)
					}))
				)
				.execute();
		}
		// Requests are answered by this agenda.
		await trx
			.updateTable('case_request')
			.set({ meeting_id: m.id })
			.where('team_id', '=', teamId)
			.where('meeting_id', 'is', null)
			.execute();
		return { id: m.id };
	});
}

/** The meeting leader's edited agenda: order, slot lengths, added and removed items. */
export async function saveAgenda(
	db: DB,
	teamId: string,
	meetingId: string,
	items: z.infer<typeof agendaItemInput>[]
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const m = await requireMeeting(trx, teamId, meetingId);
		if (m.status === 'afsluttet') throw badRequest('Mødet er afsluttet.');
		const existing = await trx
			.selectFrom('agenda_item')
			.select(['id', 'status', 'borger_id'])
			.where('meeting_id', '=', meetingId)
			.execute();
		const byId = new Map(existing.map((e) => [e.id, e]));
		const borgerIds = items.map((i) => i.borgerId).filter((b): b is string => Boolean(b));
		if (borgerIds.length > 0) {
			const ok = await trx
				.selectFrom('borger')
				.select('id')
				.where('team_id', '=', teamId)
				.where('id', 'in', borgerIds)
				.execute();
			if (ok.length !== new Set(borgerIds).size)
				throw badRequest('En borger på dagsordenen hører ikke til teamet.');
		}
		const keep = new Set<string>();
		for (const [position, it] of items.entries()) {
			if (it.id) {
				const prev = byId.get(it.id);
				if (!prev)
					throw badRequest('Et punkt på dagsordenen findes ikke længere. Hent siden igen.');
				keep.add(it.id);
				await trx
					.updateTable('agenda_item')
					.set({
						position,
						title: it.title,
						planned_minutes: it.minutes,
						fixed_time: it.fixedTime ?? null,
						guest_label: it.guestLabel ?? null
					})
					.where('id', '=', it.id)
					.execute();
			} else {
				await trx
					.insertInto('agenda_item')
					.values({
						meeting_id: meetingId,
						position,
						kind: it.kind,
						borger_id: it.borgerId ?? null,
						title: it.title,
						planned_minutes: it.minutes,
						fixed_time: it.fixedTime ?? null,
						guest_label: it.guestLabel ?? null,
						reasons: JSON.stringify([{ kind: 'requested', label: 'Tilføjet af mødelederen' }])
					})
					.execute();
			}
		}
		for (const e of existing) {
			if (keep.has(e.id)) continue;
			if (e.status !== 'planlagt')
				throw badRequest('Et punkt, der er gået i gang, kan ikke fjernes.');
			const used = await trx
				.selectFrom('decision')
				.select('id')
				.where('agenda_item_id', '=', e.id)
				.unionAll(trx.selectFrom('task').select('id').where('agenda_item_id', '=', e.id))
				.executeTakeFirst();
			if (used) throw badRequest('Et punkt med beslutninger eller opgaver kan ikke fjernes.');
			await trx.deleteFrom('agenda_item').where('id', '=', e.id).execute();
		}
		await trx
			.updateTable('meeting')
			.set({ version: sql`version + 1` })
			.where('id', '=', meetingId)
			.execute();
	});
}

// --- Reading ----------------------------------------------------------------------------

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

// --- Running ----------------------------------------------------------------------------

async function bump(trx: Executor, meetingId: string) {
	await trx
		.updateTable('meeting')
		.set({ version: sql`version + 1` })
		.where('id', '=', meetingId)
		.execute();
}

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

async function requireItem(trx: Executor, meetingId: string, itemId: string) {
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

/** The next meeting day on the team's weekday (ISO 1 = Monday), from `today`. */
export function nextMeetingDate(weekday: number, today: Date): string {
	const iso = ((today.getDay() + 6) % 7) + 1;
	const diff = (weekday - iso + 7) % 7;
	return toIsoDate(addDays(today, diff));
}

// --- Per-borger extract -------------------------------------------------------------------

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

// --- Statistics ---------------------------------------------------------------------------

/**
 * The team's meeting statistics for the last `months` calendar months: per meeting the
 * counts of planned/reached items and overruns (aggregated in SQL, one row per meeting),
 * attendance with profession and sector, and how many borgere are overdue now. The
 * computation itself is `meetingStats` (pure, unit-tested).
 */
export async function loadMeetingStats(
	db: Executor,
	teamId: string,
	months: number,
	now = new Date()
) {
	const today = toIsoDate(now);
	const from = `${monthRange(today, months)[0]}-01`;
	const [settings, meetings, attendance, board] = await Promise.all([
		teamSettings(db, teamId),
		sql<{
			id: string;
			meeting_date: string;
			status: StatsMeeting['status'];
			length_minutes: number;
			started_at: Date | null;
			ended_at: Date | null;
			planned_cases: number;
			reached_cases: number;
			planned_items: number;
			reached_items: number;
			overrun_items: number;
			case_minutes: number;
		}>`
			select m.id, m.meeting_date, m.status, m.length_minutes, m.started_at, m.ended_at,
				(count(a.id) filter (where a.kind = 'case'))::int as planned_cases,
				(count(a.id) filter (where a.kind = 'case' and a.status = 'afsluttet'))::int as reached_cases,
				count(a.id)::int as planned_items,
				(count(a.id) filter (where a.status = 'afsluttet'))::int as reached_items,
				(count(a.id) filter (where a.status = 'afsluttet' and a.ended_at - a.started_at
					> (a.planned_minutes + a.extended_minutes) * interval '1 minute'))::int as overrun_items,
				coalesce(sum(extract(epoch from a.ended_at - a.started_at) / 60)
					filter (where a.kind = 'case' and a.status = 'afsluttet'), 0)::float8 as case_minutes
			from meeting m
			left join agenda_item a on a.meeting_id = m.id
			where m.team_id = ${teamId} and m.meeting_date >= ${from}::date and m.meeting_date <= ${today}::date
			group by m.id
			order by m.meeting_date
		`.execute(db),
		db
			.selectFrom('attendance as at')
			.innerJoin('meeting as m', 'm.id', 'at.meeting_id')
			.innerJoin('membership as mm', 'mm.id', 'at.membership_id')
			.innerJoin('organisation as o', 'o.id', 'mm.organisation_id')
			.select(['at.meeting_id', 'mm.profession', 'o.kind as sector', 'at.mode'])
			.where('m.team_id', '=', teamId)
			.where('m.meeting_date', '>=', from)
			.where('m.meeting_date', '<=', today)
			.execute(),
		loadPlannerInputs(db, teamId, today, now)
	]);
	const stats = meetingStats({
		today,
		weekday: settings.meeting.weekday,
		months,
		meetings: meetings.rows.map((m) => ({
			id: m.id,
			date: m.meeting_date,
			status: m.status,
			lengthMinutes: m.length_minutes,
			startedAt: m.started_at,
			endedAt: m.ended_at,
			plannedCases: m.planned_cases,
			reachedCases: m.reached_cases,
			plannedItems: m.planned_items,
			reachedItems: m.reached_items,
			overrunItems: m.overrun_items,
			caseMinutes: Number(m.case_minutes)
		})),
		attendance: attendance.map((a) => ({
			meetingId: a.meeting_id,
			profession: a.profession,
			sector: a.sector as StatsAttendance['sector'],
			mode: a.mode
		}))
	});
	const overdue = board.borgere.filter(
		(b) => b.status.nextDue !== null && b.status.nextDue < today
	);
	return {
		...stats,
		overdueNow: overdue.length,
		activeBorgere: board.borgere.length,
		weekday: settings.meeting.weekday
	};
}
export type MeetingStatsView = Awaited<ReturnType<typeof loadMeetingStats>>;
