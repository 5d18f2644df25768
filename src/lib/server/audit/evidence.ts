/**
 * Loads what the fidelity evidence indicators need for one team and audit period and
 * runs them. One query per source, all filtered by team (and period where it helps), so a
 * team-year stays well under a second; the indicators themselves are pure
 * ($lib/domain/fidelity/indicators).
 */
import type { Executor } from '../db';
import { toIsoDate, type IsoDate } from '$lib/domain/scaling';
import {
	attendanceBySector,
	cadenceAdherence,
	caseload,
	consentCoverage,
	crisisPlansCurrent,
	measurementsOnSchedule,
	meetingsHeld,
	outerWheel,
	referralToStart,
	riskAssessmentsCurrent,
	scalingWithReasons,
	sharedPlansConcrete,
	tasksOnTime,
	type BorgerFact,
	type Discussion,
	type GoalFact,
	type IndicatorResult,
	type MeasurementFact,
	type Period
} from '$lib/domain/fidelity/indicators';
import type { IndicatorKey } from '$lib/schemas/fidelity';
import { teamSettings } from '../team-settings';

export interface EvidenceOptions {
	today?: IsoDate;
	crisisPlanMonths?: number;
	riskDays?: number;
}

export type Evidence = Record<IndicatorKey, IndicatorResult>;

const day = (v: Date | string | null | undefined): IsoDate | null =>
	v === null || v === undefined
		? null
		: typeof v === 'string' && v.length === 10
			? v
			: toIsoDate(v instanceof Date ? v : new Date(v));

export async function computeEvidence(
	db: Executor,
	teamId: string,
	requested: Period,
	options: EvidenceOptions = {}
): Promise<Evidence> {
	const today = options.today ?? toIsoDate(new Date());
	// An audit period that runs on past today is measured up to today: tasks, measurements
	// and discussions that are not due yet must not count as missed.
	const period: Period = {
		from: requested.from,
		to: requested.to < today ? requested.to : today < requested.from ? requested.from : today
	};
	const settings = await teamSettings(db, teamId);
	// Timestamps are compared a day wider than the period; the exact Copenhagen day is
	// decided in JS by toIsoDate.
	const fromTs = `${period.from}T00:00:00Z`;
	const toTs = `${period.to}T23:59:59Z`;

	const [
		borgerRows,
		members,
		scaling,
		meetings,
		items,
		attendance,
		crisis,
		risks,
		tasks,
		discussedLog,
		consents,
		goalItems,
		plans,
		measurements,
		measurementTasks,
		referrals
	] = await Promise.all([
		db
			.selectFrom('borger')
			.leftJoin('discharge', 'discharge.borger_id', 'borger.id')
			.select([
				'borger.id',
				'borger.name',
				'borger.case_manager_id',
				'borger.start_date',
				'borger.status',
				'borger.closed_at',
				'discharge.discharged_on'
			])
			.where('borger.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('membership')
			.innerJoin('app_user', 'app_user.id', 'membership.user_id')
			.innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
			.select([
				'membership.id',
				'membership.role',
				'membership.profession',
				'organisation.kind',
				'app_user.name'
			])
			.where('membership.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('scaling_event')
			.innerJoin('borger', 'borger.id', 'scaling_event.borger_id')
			.select([
				'scaling_event.id',
				'scaling_event.borger_id',
				'scaling_event.to_level',
				'scaling_event.direction',
				'scaling_event.reason_category',
				'scaling_event.reason_text',
				'scaling_event.decided_at'
			])
			// All of them: the first recorded level also stands for the time before it.
			.where('borger.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('meeting')
			.select(['id', 'meeting_date', 'status', 'started_at', 'ended_at'])
			.where('team_id', '=', teamId)
			.where('meeting_date', '>=', period.from)
			.where('meeting_date', '<=', period.to)
			.execute(),
		db
			.selectFrom('agenda_item')
			.innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
			.select([
				'agenda_item.id',
				'agenda_item.meeting_id',
				'agenda_item.kind',
				'agenda_item.status',
				'agenda_item.borger_id',
				'agenda_item.guest_label',
				'meeting.meeting_date',
				'meeting.status as meeting_status'
			])
			.where('meeting.team_id', '=', teamId)
			.where('meeting.meeting_date', '>=', period.from)
			.where('meeting.meeting_date', '<=', period.to)
			.execute(),
		db
			.selectFrom('attendance')
			.innerJoin('meeting', 'meeting.id', 'attendance.meeting_id')
			.select(['attendance.meeting_id', 'attendance.membership_id', 'attendance.mode'])
			.where('meeting.team_id', '=', teamId)
			.where('meeting.meeting_date', '>=', period.from)
			.where('meeting.meeting_date', '<=', period.to)
			.execute(),
		db
			.selectFrom('crisis_plan')
			.innerJoin('borger', 'borger.id', 'crisis_plan.borger_id')
			.select(['crisis_plan.id', 'crisis_plan.borger_id', 'crisis_plan.created_at'])
			.where('borger.team_id', '=', teamId)
			.where('crisis_plan.created_at', '<=', new Date(toTs))
			.execute(),
		db
			.selectFrom('risk_assessment')
			.innerJoin('borger', 'borger.id', 'risk_assessment.borger_id')
			.select(['risk_assessment.id', 'risk_assessment.borger_id', 'risk_assessment.assessed_on'])
			.where('borger.team_id', '=', teamId)
			.where('risk_assessment.assessed_on', '<=', period.to)
			.execute(),
		db
			.selectFrom('task')
			.select(['id', 'due_on', 'status', 'completed_at'])
			.where('team_id', '=', teamId)
			.where('due_on', '>=', period.from)
			.where('due_on', '<=', period.to)
			.execute(),
		// "Marked as discussed" outside a meeting is a discussion too; it is in the history.
		db
			.selectFrom('change_log')
			.select(['id', 'borger_id', 'new_value', 'at'])
			.where('team_id', '=', teamId)
			.where('entity', '=', 'borger')
			.where('field', '=', 'lastDiscussedOn')
			.where('at', '>=', new Date(fromTs))
			.where('at', '<=', new Date(toTs))
			.execute(),
		db
			.selectFrom('consent')
			.innerJoin('borger', 'borger.id', 'consent.borger_id')
			.select([
				'consent.id',
				'consent.borger_id',
				'consent.valid_from',
				'consent.valid_until',
				'consent.withdrawn_at'
			])
			.where('borger.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('borger_item')
			.innerJoin('borger', 'borger.id', 'borger_item.borger_id')
			.select(['borger_item.id', 'borger_item.borger_id', 'borger_item.data'])
			.where('borger.team_id', '=', teamId)
			.where('borger_item.kind', '=', 'maal')
			.where('borger_item.deleted_at', 'is', null)
			.execute(),
		// Latest shared-plan version per borger valid by the end of the period.
		db
			.selectFrom('shared_plan')
			.select(['id', 'borger_id', 'version', 'valid_from', 'follow_up_on', 'goals'])
			.where('team_id', '=', teamId)
			.where('valid_from', '<=', period.to)
			.execute(),
		db
			.selectFrom('measurement')
			.select(['id', 'borger_id', 'occasion', 'due_on', 'measured_on'])
			.where('team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('measurement_task')
			.innerJoin('borger', 'borger.id', 'measurement_task.borger_id')
			.select([
				'measurement_task.task_id',
				'measurement_task.borger_id',
				'measurement_task.occasion',
				'measurement_task.due_on'
			])
			.where('borger.team_id', '=', teamId)
			.where('measurement_task.due_on', '>=', period.from)
			.where('measurement_task.due_on', '<=', period.to)
			.execute(),
		db
			.selectFrom('referral')
			.leftJoin('startup_meeting', 'startup_meeting.borger_id', 'referral.borger_id')
			.leftJoin('borger', 'borger.id', 'referral.borger_id')
			.select([
				'referral.id',
				'referral.referred_on',
				'referral.status',
				'startup_meeting.completed_at',
				'borger.start_date'
			])
			.where('referral.team_id', '=', teamId)
			.where('referral.referred_on', '<=', period.to)
			.where('referral.status', 'in', ['modtaget', 'optaget'])
			.execute()
	]);

	const borgere: BorgerFact[] = borgerRows.map((b) => ({
		id: b.id,
		name: b.name,
		caseManagerId: b.case_manager_id,
		startDate: b.start_date,
		closedOn: b.discharged_on ?? day(b.closed_at),
		status: b.status
	}));
	const memberById = new Map(members.map((m) => [m.id, m]));
	const caseManagers = members
		.filter((m) => m.role !== 'auditor' && borgere.some((b) => b.caseManagerId === m.id))
		.map((m) => ({ membershipId: m.id, name: m.name }));

	const meetingFacts = meetings.map((m) => ({
		id: m.id,
		date: m.meeting_date,
		status: m.status,
		durationMinutes:
			m.started_at && m.ended_at
				? Math.round((new Date(m.ended_at).getTime() - new Date(m.started_at).getTime()) / 60_000)
				: null
	}));
	const itemFacts = items.map((i) => ({
		id: i.id,
		meetingId: i.meeting_id,
		kind: i.kind,
		status: i.status,
		borgerId: i.borger_id,
		guestLabel: i.guest_label
	}));

	const discussions: Discussion[] = [
		...items
			.filter((i) => i.borger_id && i.kind === 'case' && i.status === 'afsluttet')
			.map((i) => ({ borgerId: i.borger_id!, on: i.meeting_date, recordId: i.id })),
		...discussedLog
			.filter((c) => c.borger_id && typeof c.new_value === 'string')
			.map((c) => ({
				borgerId: c.borger_id!,
				on: String(c.new_value).slice(0, 10),
				recordId: c.id
			}))
	];

	const goals: GoalFact[] = goalItems.map((g) => {
		const data = g.data as { status?: string; followUpOn?: string | null };
		return {
			id: g.id,
			borgerId: g.borger_id,
			status: (data.status as GoalFact['status']) ?? 'aktiv',
			followUpOn: data.followUpOn || null
		};
	});
	// A shared-plan version counts as a concrete active goal when it has a sub-goal and
	// its (required) follow-up date; only the latest version per borger.
	const latestPlan = new Map<string, (typeof plans)[number]>();
	for (const p of plans) {
		const cur = latestPlan.get(p.borger_id);
		if (!cur || p.version > cur.version) latestPlan.set(p.borger_id, p);
	}
	for (const p of latestPlan.values()) {
		const planGoals = Array.isArray(p.goals) ? p.goals : [];
		const hasSub = planGoals.some((g) => Array.isArray(g?.subGoals) && g.subGoals.length > 0);
		goals.push({
			id: p.id,
			borgerId: p.borger_id,
			status: hasSub ? 'aktiv' : 'opgivet',
			followUpOn: p.follow_up_on
		});
	}

	const measured = new Map(measurements.map((m) => [`${m.borger_id}:${m.occasion}`, m]));
	const measurementFacts: MeasurementFact[] = [];
	const seen = new Set<string>();
	for (const t of measurementTasks) {
		const k = `${t.borger_id}:${t.occasion}`;
		seen.add(k);
		measurementFacts.push({
			id: t.task_id,
			borgerId: t.borger_id,
			dueOn: t.due_on,
			doneOn: measured.get(k)?.measured_on ?? null
		});
	}
	for (const m of measurements) {
		const k = `${m.borger_id}:${m.occasion}`;
		if (m.due_on && !seen.has(k)) {
			measurementFacts.push({
				id: m.id,
				borgerId: m.borger_id,
				dueOn: m.due_on,
				doneOn: m.measured_on
			});
		}
	}

	return {
		caseload: caseload(borgere, caseManagers, period),
		cadence: cadenceAdherence(
			borgere,
			scaling.map((s) => ({ borgerId: s.borger_id, on: day(s.decided_at)!, toLevel: s.to_level })),
			discussions,
			settings.scalingLevels,
			period
		),
		meetings: meetingsHeld(meetingFacts, itemFacts, period, today, 120),
		attendance: attendanceBySector(
			meetingFacts,
			attendance.flatMap((a) => {
				const m = memberById.get(a.membership_id);
				return m
					? [
							{
								meetingId: a.meeting_id,
								membershipId: a.membership_id,
								mode: a.mode,
								profession: m.profession,
								sector: m.kind
							}
						]
					: [];
			}),
			period
		),
		crisis_plans: crisisPlansCurrent(
			borgere,
			crisis.map((c) => ({ id: c.id, borgerId: c.borger_id, on: day(c.created_at)! })),
			period,
			options.crisisPlanMonths ?? 6
		),
		risk_assessments: riskAssessmentsCurrent(
			borgere,
			risks.map((r) => ({ id: r.id, borgerId: r.borger_id, on: r.assessed_on })),
			period,
			options.riskDays ?? settings.staleAfterDays.risk
		),
		consent: consentCoverage(
			borgere,
			consents.map((c) => {
				const withdrawn = day(c.withdrawn_at);
				const ends = [withdrawn, c.valid_until].filter((d): d is string => !!d).sort()[0] ?? null;
				return { id: c.id, borgerId: c.borger_id, givenOn: c.valid_from, endsOn: ends };
			}),
			period
		),
		shared_plans: sharedPlansConcrete(borgere, goals, period),
		measurements: measurementsOnSchedule(measurementFacts, period),
		tasks: tasksOnTime(
			tasks.map((t) => ({
				id: t.id,
				dueOn: t.due_on,
				status: t.status,
				completedOn: day(t.completed_at)
			})),
			period
		),
		outer_wheel: outerWheel(meetingFacts, itemFacts, period),
		scaling_reasons: scalingWithReasons(
			scaling.map((s) => ({
				id: s.id,
				borgerId: s.borger_id,
				on: day(s.decided_at)!,
				direction: s.direction,
				reasonCategory: s.reason_category,
				reasonText: s.reason_text
			})),
			period
		),
		referral_start: referralToStart(
			referrals.map((r) => ({
				id: r.id,
				referredOn: r.referred_on,
				startedOn: r.status === 'optaget' ? (day(r.completed_at) ?? r.start_date ?? null) : null
			})),
			period
		)
	};
}
