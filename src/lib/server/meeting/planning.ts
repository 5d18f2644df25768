import { sql } from 'kysely';
import { addDays } from 'date-fns';
import { planAgenda } from '$lib/domain/agenda/plan';
import { type AgendaInput, type AgendaPlan, type PlannerBorger } from '$lib/domain/agenda/types';
import { boardRowStatus } from '$lib/domain/board';
import type { RiskAssessment } from '$lib/domain/risk';
import { toIsoDate } from '$lib/domain/scaling';
import type { z } from '$lib/zod';
import type { agendaItemInput } from '$lib/schemas/meeting';
import type { DB, Executor } from '../db';
import { resolveTeamScopes } from '../access/borger';
import type { SectionKey } from '$lib/domain/sections';
import { teamSettings } from '../team-settings';
import { badRequest, conflict } from '../errors';
import { requireMeeting } from './meetings';

/**
 * Planning a meeting: the planner's inputs from the board (the same status and consent
 * scope as the tavle), the proposed agenda, creating the meeting, and the leader's edits.
 */

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

/** The next meeting day on the team's weekday (ISO 1 = Monday), from `today`. */
export function nextMeetingDate(weekday: number, today: Date): string {
	const iso = ((today.getDay() + 6) % 7) + 1;
	const diff = (weekday - iso + 7) % 7;
	return toIsoDate(addDays(today, diff));
}
