// Fixtures of the planner's tests: real board statuses for a meeting on Monday 3 June 2024.
import { format, parseISO, subDays } from 'date-fns';
import { expect } from 'vitest';
import { boardRowStatus } from '../board';
import type { RiskAssessment, RiskLevel } from '../risk';
import { DEFAULT_SCALING_LEVELS } from '../scaling';
import { parseClockTime } from './clock';
import { planAgenda } from './plan';
import type { MeetingSettings } from './settings';
import { layoutPlan } from './timeline';
import type { AgendaInput, AgendaPlan, PlannedItem, PlannerBorger } from './types';

export const MEETING = '2024-06-03';
export const daysBefore = (days: number) => format(subDays(parseISO(MEETING), days), 'yyyy-MM-dd');

export interface Spec {
	level?: string;
	/** null = never discussed. */
	discussedDaysAgo?: number | null;
	risk?: RiskLevel;
	startDaysAgo?: number;
	openTasks?: number;
	tasksDue?: number;
	assessments?: RiskAssessment[];
}

export function borger(id: string, name: string, spec: Spec = {}): PlannerBorger {
	const status = boardRowStatus({
		level: spec.level ?? 'stabil',
		levels: DEFAULT_SCALING_LEVELS,
		lastDiscussed: spec.discussedDaysAgo === null ? null : daysBefore(spec.discussedDaysAgo ?? 14),
		startDate: daysBefore(spec.startDaysAgo ?? 365),
		assessments: spec.assessments ?? [
			{ category: 'selvmord', level: spec.risk ?? 'lav', assessedAt: daysBefore(7) }
		],
		crisisPlanUpdatedAt: daysBefore(30),
		lastScaledAt: null,
		lastScaledFrom: null,
		today: MEETING
	});
	return {
		id,
		name,
		status,
		openTaskCount: spec.openTasks ?? 0,
		tasksDueBeforeMeeting: spec.tasksDue ?? 0
	};
}

/** Stabil (6 weeks), due exactly at this meeting. */
export const due = (id: string, name = id, spec: Spec = {}) =>
	borger(id, name, { discussedDaysAgo: 42, ...spec });
/** Stabil, discussed two weeks ago: not due for four more weeks. */
export const notDue = (id: string, name = id, spec: Spec = {}) =>
	borger(id, name, { discussedDaysAgo: 14, ...spec });
/** Stabil, overdue by `days` on the meeting date. */
export const overdue = (id: string, days: number, name = id, spec: Spec = {}) =>
	borger(id, name, { discussedDaysAgo: 42 + days, ...spec });
/** Intensiv (weekly, on the board), due at this meeting. */
export const unstable = (id: string, name = id, spec: Spec = {}) =>
	borger(id, name, { level: 'intensiv', discussedDaysAgo: 7, ...spec });

export function plan(
	borgere: PlannerBorger[],
	settings: Partial<MeetingSettings> = {},
	extra: Partial<AgendaInput> = {}
): AgendaPlan {
	return planAgenda({ meetingDate: MEETING, borgere, settings, ...extra });
}

export const cases = (p: AgendaPlan) => p.items.filter((item) => item.kind === 'case');
export const titles = (items: readonly PlannedItem[]) => items.map((item) => item.title);
export const timeline = (p: AgendaPlan) =>
	p.items.map((item) => `${item.start}-${item.end} ${item.title}`);
export const notPlacedIds = (p: AgendaPlan, why?: string) =>
	p.notPlaced.filter((entry) => why === undefined || entry.why === why).map((e) => e.borgerId);

/** Invariants that hold for every plan. */
export function expectConsistent(p: AgendaPlan) {
	expect(p.totalMinutes).toBe(p.items.reduce((sum, item) => sum + item.minutes, 0));
	for (const item of p.items) {
		const length = (parseClockTime(item.end) - parseClockTime(item.start) + 1440) % 1440;
		expect(length, item.title).toBe(item.minutes);
	}
	// Items follow each other without overlap.
	for (let i = 1; i < p.items.length; i++) {
		expect(parseClockTime(p.items[i]!.start)).toBeGreaterThanOrEqual(
			parseClockTime(p.items[i - 1]!.end)
		);
	}
	// A borger appears once, on the agenda or off it.
	const ids = [
		...p.items.flatMap((item) => (item.borgerId ? [item.borgerId] : [])),
		...p.notPlaced.map((entry) => entry.borgerId)
	];
	expect(new Set(ids).size).toBe(ids.length);
	const keys = p.items.map((item) => item.key);
	expect(new Set(keys).size).toBe(keys.length);
	// Laying out an unchanged plan again changes nothing.
	expect(layoutPlan(p)).toEqual(p);
}
