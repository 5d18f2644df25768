/**
 * Evidence indicators for a fidelity audit, computed from Tavla's own data for an audit
 * period. Each is a pure function over plain records and returns its value together with
 * the ids of the records behind it, so every figure in the audit can be drilled into.
 *
 * Dates are 'YYYY-MM-DD' strings (Copenhagen calendar days, see scaling.ts); timestamps
 * are turned into dates by the loader. Ratios are 0..1, or null when nothing applies:
 * "no data" must never look like 0 % or 100 %.
 */
import type { IndicatorKey } from '$lib/schemas/fidelity';
import { daysSince, findLevel, type IsoDate, type ScalingLevel } from '../scaling';
import { addDays, addMonths, format, parseISO } from 'date-fns';
import { median, round2 } from './scoring';

export interface Period {
	from: IsoDate;
	to: IsoDate;
}

export interface Breakdown {
	key: string;
	label: string;
	value: number | null;
	recordIds: string[];
}

export interface IndicatorResult {
	key: IndicatorKey;
	value: number | null;
	unit: 'ratio' | 'count' | 'per_person' | 'minutes' | 'days';
	/** For ratios: how many of how many. */
	numerator?: number;
	denominator?: number;
	/** Records behind the value (the denominator for ratios). */
	recordIds: string[];
	/** Records that pull the value down, e.g. borgere not discussed in time. */
	missingIds?: string[];
	breakdown?: Breakdown[];
	/** Secondary figures (e.g. average duration next to the held share). */
	extra?: Record<string, number | null>;
}

const ratio = (n: number, d: number) => (d === 0 ? null : round2(n / d));
const inPeriod = (d: IsoDate | null | undefined, p: Period) => !!d && d >= p.from && d <= p.to;
const plusDays = (d: IsoDate, n: number) => format(addDays(parseISO(d), n), 'yyyy-MM-dd');
const minusMonths = (d: IsoDate, n: number) => format(addMonths(parseISO(d), -n), 'yyyy-MM-dd');

// ---------------------------------------------------------------------------------------
// Borgere in the period
// ---------------------------------------------------------------------------------------

export interface BorgerFact {
	id: string;
	name: string;
	caseManagerId: string | null;
	/** Start in the team. */
	startDate: IsoDate;
	/** Date the course ended, or null when still open. */
	closedOn: IsoDate | null;
	/** 'henvist' and 'venter' are not yet in the caseload. */
	status: 'henvist' | 'venter' | 'aktiv' | 'afsluttet';
}

/** Enrolled at some point in the period (started before its end, not closed before its start). */
export function activeInPeriod(b: BorgerFact, p: Period): boolean {
	if (b.status === 'henvist' || b.status === 'venter') return false;
	return b.startDate <= p.to && (b.closedOn === null || b.closedOn >= p.from);
}

/** Enrolled on the last day of the period: who "has" a crisis plan, consent and so on. */
export function activeAtEnd(b: BorgerFact, p: Period): boolean {
	return activeInPeriod(b, p) && (b.closedOn === null || b.closedOn > p.to);
}

export interface CaseManagerFact {
	membershipId: string;
	name: string;
}

/** Borgere per case manager at the end of the period; value = average over case managers. */
export function caseload(
	borgere: readonly BorgerFact[],
	caseManagers: readonly CaseManagerFact[],
	p: Period
): IndicatorResult {
	const active = borgere.filter((b) => activeAtEnd(b, p));
	const breakdown: Breakdown[] = caseManagers.map((cm) => {
		const ids = active.filter((b) => b.caseManagerId === cm.membershipId).map((b) => b.id);
		return { key: cm.membershipId, label: cm.name, value: ids.length, recordIds: ids };
	});
	const unassigned = active.filter(
		(b) => !b.caseManagerId || !caseManagers.some((c) => c.membershipId === b.caseManagerId)
	);
	if (unassigned.length) {
		breakdown.push({
			key: 'uden',
			label: 'Uden case manager',
			value: unassigned.length,
			recordIds: unassigned.map((b) => b.id)
		});
	}
	const withLoad = breakdown.filter((b) => b.key !== 'uden' && (b.value ?? 0) > 0);
	const assigned = active.length - unassigned.length;
	return {
		key: 'caseload',
		value: withLoad.length ? round2(assigned / withLoad.length) : null,
		unit: 'per_person',
		recordIds: active.map((b) => b.id),
		missingIds: unassigned.map((b) => b.id),
		breakdown,
		extra: { team: active.length, caseManagers: withLoad.length }
	};
}

// ---------------------------------------------------------------------------------------
// Cadence
// ---------------------------------------------------------------------------------------

export interface LevelChange {
	borgerId: string;
	on: IsoDate;
	toLevel: string;
}

export interface Discussion {
	borgerId: string;
	on: IsoDate;
	/** agenda item (or other record) that shows the discussion */
	recordId: string;
}

/**
 * Share of borgere discussed at the cadence their level requires. Every due date in the
 * period is checked: counted from the start, from each discussion and from each level
 * change, the next discussion must come within the cadence of the level in force (plus
 * `graceDays`, because a weekly meeting moved by a day should not count as missed). A
 * level change before the due date restarts the clock instead. A borger counts as on
 * cadence when at least `minShare` of their due dates were met, so one missed week over
 * Christmas does not outweigh a year of steady follow-up; `extra` carries the share of
 * all due dates met and how many borgere never missed one. Borgere whose levels have no
 * cadence during the whole period are not counted.
 */
export function cadenceAdherence(
	borgere: readonly BorgerFact[],
	levelChanges: readonly LevelChange[],
	discussions: readonly Discussion[],
	levels: readonly ScalingLevel[],
	p: Period,
	graceDays = 3,
	minShare = 0.9
): IndicatorResult {
	const eligible: string[] = [];
	const missed: string[] = [];
	let talksBehind = 0;
	let checkedAll = 0;
	let metAll = 0;
	let perfect = 0;
	for (const b of borgere) {
		if (!activeInPeriod(b, p)) continue;
		const changes = levelChanges
			.filter((c) => c.borgerId === b.id)
			.sort((x, y) => x.on.localeCompare(y.on));
		// Before the first recorded change the borger is taken to be on that first level:
		// imported or back-filled borgere get their first scaling event later than their start.
		const levelOn = (day: IsoDate): ScalingLevel | undefined => {
			let key: string | null = changes[0]?.toLevel ?? null;
			for (const c of changes) if (c.on <= day) key = c.toLevel;
			return key === null ? undefined : findLevel(key, levels);
		};
		const start = b.startDate > p.from ? b.startDate : p.from;
		const end = b.closedOn && b.closedOn < p.to ? b.closedOn : p.to;
		const talks = discussions
			.filter((d) => d.borgerId === b.id && d.on >= start && d.on <= end)
			.sort((x, y) => x.on.localeCompare(y.on));
		// Level changes inside the period are checkpoints too: a new, tighter cadence
		// starts counting from the day it was decided.
		const points = [
			...new Set([
				start,
				...changes.filter((c) => c.on > start && c.on <= end).map((c) => c.on),
				...talks.map((t) => t.on)
			])
		].sort();
		let checked = 0;
		let met = 0;
		for (const from of points) {
			const level = levelOn(from);
			if (!level || level.cadenceDays === null) continue;
			const nextTalk = talks.find((t) => t.on > from)?.on ?? null;
			const due = plusDays(from, level.cadenceDays + graceDays);
			if (nextTalk !== null && nextTalk <= due) {
				checked++;
				met++;
			} else if (due < end && !changes.some((c) => c.on > from && c.on <= due)) {
				checked++;
			}
			// Otherwise not due yet at the end of the period, or restarted by a level change.
		}
		if (checked === 0) continue;
		eligible.push(b.id);
		checkedAll += checked;
		metAll += met;
		if (met === checked) perfect++;
		if (met / checked < minShare) missed.push(b.id);
		talksBehind += talks.length;
	}
	return {
		key: 'cadence',
		value: ratio(eligible.length - missed.length, eligible.length),
		unit: 'ratio',
		numerator: eligible.length - missed.length,
		denominator: eligible.length,
		recordIds: eligible,
		missingIds: missed,
		extra: {
			discussions: talksBehind,
			dueDatesMet: ratio(metAll, checkedAll),
			neverMissed: perfect
		}
	};
}

// ---------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------

export interface MeetingFact {
	id: string;
	date: IsoDate;
	status: 'planlagt' | 'i_gang' | 'afsluttet';
	/** Minutes from start to end; null when it was not run in Tavla. */
	durationMinutes: number | null;
}

export interface AgendaItemFact {
	id: string;
	meetingId: string;
	kind: 'fixed' | 'case' | 'guest';
	status: string;
	borgerId: string | null;
	guestLabel: string | null;
}

/**
 * Meetings held vs planned (planned = every meeting dated in the period up to `today`),
 * average duration against the 2-hour target, and the share of case items reached.
 */
export function meetingsHeld(
	meetings: readonly MeetingFact[],
	items: readonly AgendaItemFact[],
	p: Period,
	today: IsoDate,
	targetMinutes = 120
): IndicatorResult {
	const planned = meetings.filter((m) => inPeriod(m.date, p) && m.date <= today);
	const held = planned.filter((m) => m.status === 'afsluttet');
	const heldIds = new Set(held.map((m) => m.id));
	const durations = held.map((m) => m.durationMinutes).filter((d): d is number => d !== null);
	const avg = durations.length
		? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length)
		: null;
	const within = durations.filter((d) => d <= targetMinutes).length;
	const cases = items.filter((i) => i.kind === 'case' && heldIds.has(i.meetingId));
	const reached = cases.filter((i) => i.status === 'afsluttet');
	return {
		key: 'meetings',
		value: ratio(held.length, planned.length),
		unit: 'ratio',
		numerator: held.length,
		denominator: planned.length,
		recordIds: planned.map((m) => m.id),
		missingIds: planned.filter((m) => !heldIds.has(m.id)).map((m) => m.id),
		breakdown: [
			{
				key: 'items_reached',
				label: 'Sager nået',
				value: ratio(reached.length, cases.length),
				recordIds: reached.map((i) => i.id)
			},
			{
				key: 'within_target',
				label: `Holdt inden for ${targetMinutes} min`,
				value: ratio(within, durations.length),
				recordIds: held
					.filter((m) => (m.durationMinutes ?? Infinity) <= targetMinutes)
					.map((m) => m.id)
			}
		],
		extra: {
			averageMinutes: avg,
			targetMinutes,
			itemsReached: ratio(reached.length, cases.length),
			caseItems: cases.length
		}
	};
}

// ---------------------------------------------------------------------------------------
// Attendance
// ---------------------------------------------------------------------------------------

export interface AttendanceFact {
	meetingId: string;
	membershipId: string;
	mode: 'fremmoedt' | 'online' | 'fravaerende';
	profession: string;
	sector: 'kommune' | 'region';
}

/**
 * Is the team really cross-sector? Value = share of held meetings with at least one
 * municipal and one regional member present. Breakdown: attendances by sector and by
 * profession (present in person or online).
 */
export function attendanceBySector(
	meetings: readonly MeetingFact[],
	attendance: readonly AttendanceFact[],
	p: Period
): IndicatorResult {
	const held = meetings.filter((m) => inPeriod(m.date, p) && m.status === 'afsluttet');
	const heldIds = new Set(held.map((m) => m.id));
	const present = attendance.filter((a) => heldIds.has(a.meetingId) && a.mode !== 'fravaerende');
	const both = held.filter((m) => {
		const sectors = new Set(present.filter((a) => a.meetingId === m.id).map((a) => a.sector));
		return sectors.has('kommune') && sectors.has('region');
	});
	const group = (keyOf: (a: AttendanceFact) => string, prefix: string): Breakdown[] => {
		const map = new Map<string, Set<string>>();
		for (const a of present) {
			const k = keyOf(a);
			if (!map.has(k)) map.set(k, new Set());
			map.get(k)!.add(a.meetingId);
		}
		return [...map.entries()]
			.sort((x, y) => x[0].localeCompare(y[0]))
			.map(([k, ids]) => ({
				key: `${prefix}:${k}`,
				label: k,
				// share of held meetings where this group was represented
				value: ratio(ids.size, held.length),
				recordIds: [...ids]
			}));
	};
	return {
		key: 'attendance',
		value: ratio(both.length, held.length),
		unit: 'ratio',
		numerator: both.length,
		denominator: held.length,
		recordIds: held.map((m) => m.id),
		missingIds: held.filter((m) => !both.includes(m)).map((m) => m.id),
		breakdown: [...group((a) => a.sector, 'sektor'), ...group((a) => a.profession, 'fag')],
		extra: {
			averagePresent: held.length ? round2(present.length / held.length) : null
		}
	};
}

// ---------------------------------------------------------------------------------------
// Crisis plans and risk
// ---------------------------------------------------------------------------------------

export interface DatedRecord {
	id: string;
	borgerId: string;
	on: IsoDate;
}

/** Latest record per borger on or before `day`. */
function latestBy(records: readonly DatedRecord[], day: IsoDate): Map<string, DatedRecord> {
	const latest = new Map<string, DatedRecord>();
	for (const r of records) {
		if (r.on > day) continue;
		const cur = latest.get(r.borgerId);
		if (!cur || r.on > cur.on) latest.set(r.borgerId, r);
	}
	return latest;
}

function currentShare(
	key: IndicatorKey,
	borgere: readonly BorgerFact[],
	records: readonly DatedRecord[],
	p: Period,
	since: IsoDate
): IndicatorResult {
	const active = borgere.filter((b) => activeAtEnd(b, p));
	const latest = latestBy(records, p.to);
	const withAny = active.filter((b) => latest.has(b.id));
	const current = withAny.filter((b) => latest.get(b.id)!.on >= since);
	return {
		key,
		value: ratio(current.length, active.length),
		unit: 'ratio',
		numerator: current.length,
		denominator: active.length,
		recordIds: current.map((b) => latest.get(b.id)!.id),
		missingIds: active.filter((b) => !current.includes(b)).map((b) => b.id),
		extra: { present: ratio(withAny.length, active.length) }
	};
}

/** Share of borgere enrolled at period end whose latest crisis plan is at most `months` old. */
export function crisisPlansCurrent(
	borgere: readonly BorgerFact[],
	plans: readonly DatedRecord[],
	p: Period,
	months = 6
): IndicatorResult {
	return currentShare('crisis_plans', borgere, plans, p, minusMonths(p.to, months));
}

/** Share of borgere enrolled at period end with a risk assessment at most `days` old. */
export function riskAssessmentsCurrent(
	borgere: readonly BorgerFact[],
	assessments: readonly DatedRecord[],
	p: Period,
	days = 90
): IndicatorResult {
	return currentShare('risk_assessments', borgere, assessments, p, plusDays(p.to, -days));
}

// ---------------------------------------------------------------------------------------
// Consent, shared plans, measurements
// ---------------------------------------------------------------------------------------

export interface ConsentFact {
	id: string;
	borgerId: string;
	givenOn: IsoDate;
	/** Withdrawn or expired on; null while valid. */
	endsOn: IsoDate | null;
}

/** Share of borgere enrolled at period end with a consent valid on the last day. */
export function consentCoverage(
	borgere: readonly BorgerFact[],
	consents: readonly ConsentFact[],
	p: Period
): IndicatorResult {
	const active = borgere.filter((b) => activeAtEnd(b, p));
	const valid = consents.filter((c) => c.givenOn <= p.to && (c.endsOn === null || c.endsOn > p.to));
	const covered = active.filter((b) => valid.some((c) => c.borgerId === b.id));
	return {
		key: 'consent',
		value: ratio(covered.length, active.length),
		unit: 'ratio',
		numerator: covered.length,
		denominator: active.length,
		recordIds: valid.filter((c) => covered.some((b) => b.id === c.borgerId)).map((c) => c.id),
		missingIds: active.filter((b) => !covered.includes(b)).map((b) => b.id)
	};
}

export interface GoalFact {
	id: string;
	borgerId: string;
	status: 'aktiv' | 'naaet' | 'opgivet';
	followUpOn: IsoDate | null;
}

/**
 * Share of borgere enrolled at period end whose shared plan has at least one active,
 * concrete sub-goal with a follow-up date.
 */
export function sharedPlansConcrete(
	borgere: readonly BorgerFact[],
	goals: readonly GoalFact[],
	p: Period
): IndicatorResult {
	const active = borgere.filter((b) => activeAtEnd(b, p));
	const concrete = goals.filter((g) => g.status === 'aktiv' && g.followUpOn !== null);
	const ok = active.filter((b) => concrete.some((g) => g.borgerId === b.id));
	return {
		key: 'shared_plans',
		value: ratio(ok.length, active.length),
		unit: 'ratio',
		numerator: ok.length,
		denominator: active.length,
		recordIds: concrete.filter((g) => ok.some((b) => b.id === g.borgerId)).map((g) => g.id),
		missingIds: active.filter((b) => !ok.includes(b)).map((b) => b.id)
	};
}

export interface MeasurementFact {
	id: string;
	borgerId: string;
	dueOn: IsoDate;
	doneOn: IsoDate | null;
}

/** Share of measurements due in the period that were done no later than `graceDays` after. */
export function measurementsOnSchedule(
	measurements: readonly MeasurementFact[],
	p: Period,
	graceDays = 14
): IndicatorResult {
	const due = measurements.filter((m) => inPeriod(m.dueOn, p));
	const onTime = due.filter((m) => m.doneOn !== null && m.doneOn <= plusDays(m.dueOn, graceDays));
	return {
		key: 'measurements',
		value: ratio(onTime.length, due.length),
		unit: 'ratio',
		numerator: onTime.length,
		denominator: due.length,
		recordIds: due.map((m) => m.id),
		missingIds: due.filter((m) => !onTime.includes(m)).map((m) => m.id)
	};
}

// ---------------------------------------------------------------------------------------
// Tasks, outer wheel, scaling reasons, referrals
// ---------------------------------------------------------------------------------------

export interface TaskFact {
	id: string;
	dueOn: IsoDate | null;
	status: 'aaben' | 'udfoert' | 'annulleret';
	completedOn: IsoDate | null;
}

/** Share of tasks due in the period (and not cancelled) that were done by their due date. */
export function tasksOnTime(tasks: readonly TaskFact[], p: Period): IndicatorResult {
	const due = tasks.filter((t) => t.status !== 'annulleret' && inPeriod(t.dueOn, p));
	const onTime = due.filter(
		(t) => t.status === 'udfoert' && t.completedOn !== null && t.completedOn <= t.dueOn!
	);
	return {
		key: 'tasks',
		value: ratio(onTime.length, due.length),
		unit: 'ratio',
		numerator: onTime.length,
		denominator: due.length,
		recordIds: due.map((t) => t.id),
		missingIds: due.filter((t) => !onTime.includes(t)).map((t) => t.id)
	};
}

/**
 * Outer-wheel participation: guest slots held in meetings of the period. Value = share of
 * held meetings with at least one guest; breakdown by guest label.
 */
export function outerWheel(
	meetings: readonly MeetingFact[],
	items: readonly AgendaItemFact[],
	p: Period
): IndicatorResult {
	const held = meetings.filter((m) => inPeriod(m.date, p) && m.status === 'afsluttet');
	const heldIds = new Set(held.map((m) => m.id));
	const guests = items.filter(
		(i) => i.kind === 'guest' && heldIds.has(i.meetingId) && i.status === 'afsluttet'
	);
	const withGuest = new Set(guests.map((g) => g.meetingId));
	const byLabel = new Map<string, string[]>();
	for (const g of guests) {
		const label = g.guestLabel?.trim() || 'Gæst';
		byLabel.set(label, [...(byLabel.get(label) ?? []), g.id]);
	}
	return {
		key: 'outer_wheel',
		value: ratio(withGuest.size, held.length),
		unit: 'ratio',
		numerator: withGuest.size,
		denominator: held.length,
		recordIds: guests.map((g) => g.id),
		breakdown: [...byLabel.entries()].map(([label, ids]) => ({
			key: label,
			label,
			value: ids.length,
			recordIds: ids
		})),
		extra: { guestSlots: guests.length }
	};
}

export interface ScalingEventFact {
	id: string;
	borgerId: string;
	on: IsoDate;
	direction: 'up' | 'down' | 'same' | 'initial';
	reasonCategory: string | null;
	reasonText: string;
}

/** Share of up/down scalings in the period with a recorded reason (category or text). */
export function scalingWithReasons(
	events: readonly ScalingEventFact[],
	p: Period
): IndicatorResult {
	const changes = events.filter(
		(e) => inPeriod(e.on, p) && (e.direction === 'up' || e.direction === 'down')
	);
	const withReason = changes.filter(
		(e) => (e.reasonCategory ?? '').trim() !== '' || e.reasonText.trim() !== ''
	);
	return {
		key: 'scaling_reasons',
		value: ratio(withReason.length, changes.length),
		unit: 'ratio',
		numerator: withReason.length,
		denominator: changes.length,
		recordIds: changes.map((e) => e.id),
		missingIds: changes.filter((e) => !withReason.includes(e)).map((e) => e.id),
		extra: {
			up: changes.filter((e) => e.direction === 'up').length,
			down: changes.filter((e) => e.direction === 'down').length
		}
	};
}

export interface ReferralFact {
	id: string;
	referredOn: IsoDate;
	startedOn: IsoDate | null;
}

/**
 * Median days from referral to start for referrals started in the period; referrals of
 * the period still waiting at its end are listed as missing with their waiting time.
 */
export function referralToStart(referrals: readonly ReferralFact[], p: Period): IndicatorResult {
	const started = referrals.filter((r) => r.startedOn !== null && inPeriod(r.startedOn, p));
	const waiting = referrals.filter(
		(r) => r.referredOn <= p.to && (r.startedOn === null || r.startedOn > p.to)
	);
	const days = started.map((r) => daysSince(r.referredOn, r.startedOn!));
	return {
		key: 'referral_start',
		value: median(days),
		unit: 'days',
		numerator: started.length,
		recordIds: started.map((r) => r.id),
		missingIds: waiting.map((r) => r.id),
		extra: {
			longest: days.length ? Math.max(...days) : null,
			waiting: waiting.length
		}
	};
}
