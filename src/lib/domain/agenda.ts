/**
 * Agenda planner for the weekly tavlemøde (DOMAIN.md §2, §4, §5, §11.1).
 *
 * Proposes the next meeting's agenda from the board and lets the meeting leader edit it.
 * Pure module: no I/O and no clock reads; the meeting date is always an input.
 *
 * ## API
 *
 * Settings (a team setting, DOMAIN.md §11.1: every number is a configurable default)
 * - `MeetingSettings`, `DEFAULT_MEETING_SETTINGS`, `DEFAULT_FIXED_ITEMS`
 * - `resolveMeetingSettings(partial?) → MeetingSettings` fills in the defaults.
 * - `validateMeetingSettings(settings) → string[]` Danish messages; empty = valid.
 *
 * Planning
 * - `planAgenda(input: AgendaInput) → AgendaPlan`
 *   Input: the active borgere with their board status (`PlannerBorger`; a `BoardRowStatus`
 *   from board.ts fits `status` as it is), members' requests, carry-overs from the last
 *   meeting, guest slots at fixed clock times, the meeting date and the settings.
 *   Output: the ordered items with clock times, what did not fit and why (in Danish), the
 *   sum of the slots against the meeting length, free minutes, over-time and warnings.
 *
 * Editing (meeting leader). Every helper is pure: it returns a new plan with the times,
 * totals and warnings recomputed, and never changes the plan it was given.
 * - `moveItem(plan, fromIndex, toIndex)`
 * - `removeItem(plan, index)`: a removed case goes to `notPlaced` with why 'removed'.
 * - `addCase(plan, borger, minutes, reason, index?)`: a borger already on the agenda gets
 *   the reason merged into its item instead of a second item.
 * - `setMinutes(plan, index, minutes)`
 * - `recompute(plan, settings?)`: times, totals and warnings from the list order; may
 *   change the start time or the length of the meeting.
 *
 * Clock helpers: `parseClockTime('10:30') → 630`, `formatClockTime(630) → '10:30'`.
 *
 * ## Priority (highest first)
 * 1. Guest slots: an outer-wheel partner is booked at a clock time (DOMAIN.md §2), so the
 *    slot is always placed and never counts against a fixed number of cases.
 * 2. High risk (*høj* in any current category): DOMAIN.md §5.2, highest-risk borgere first.
 * 3. Carried over: the team already decided the case needed discussion and did not reach it.
 * 4. Requested by a member before the meeting (any member may add a borger, §4).
 * 5. Overdue by cadence on the meeting date, most overdue first.
 * 6. Due by cadence at this meeting.
 * 7. Open tasks with a deadline before the meeting (follow-up, §2 "open tasks carry over").
 * 8. all_borgere mode only: everyone else on the board, so all borgere are reviewed.
 * A borger's place is decided by its highest reason. Ties: `BoardRowStatus.priority`
 * (risk, overdue days, level), then name in Danish order, then id. A borger appears once,
 * with every reason merged into one item.
 *
 * ## Fitting
 * Guest slots are pinned at their clock time (two guests that overlap: the later one waits).
 * The 'start' fixed items come first, then cases in priority order: each case takes the
 * earliest free time after the start items that holds it whole, so a case that would
 * overlap a pinned slot is moved after it, and a shorter, lower-priority case may fill the
 * gap before it. Cases must end before the 'end' fixed items, which close the meeting.
 * Gaps that stay empty are reported as free minutes.
 * - `fixed_count`: at most `caseCount` cases (guest slots excluded). When that many cases at
 *   `defaultCaseMinutes` do not fit, the case slot is shortened (not below
 *   `MIN_FITTED_CASE_MINUTES`) with a warning: the fixed number is the team's promise.
 * - `all_borgere`: every borger on the board gets a slot, in depth (`inDepthMinutes`) for the
 *   unstable ones (level with `onBoard`, or high risk), brief (`briefCaseMinutes`) for the
 *   rest. When time runs out, the lowest-priority in-depth slots are shortened to brief
 *   first; only if even brief slots do not fit are the lowest-priority borgere left out.
 * - `cadence_due`: every borger with a reason (due, overdue, risk, request, carry-over,
 *   tasks) at `defaultCaseMinutes`; what does not fit is left out, lowest priority first.
 * Whatever is left out is listed in `notPlaced` with why ('no_time', 'count_limit',
 * 'not_due', 'removed') and Danish reasons, most urgent first.
 *
 * ## Times after edits
 * The list order is the leader's: items run back to back in that order. A pinned guest slot
 * starts at its booked time, or as soon as the item before it ends if that is later (then a
 * warning says the time cannot be kept). Idle time before a pinned slot is a gap.
 */
import { addDays, differenceInCalendarDays, format, parseISO, type Month } from 'date-fns';
import { da } from 'date-fns/locale';
import type { BoardRowStatus } from './board';
import { dayCount } from './risk';
import { toIsoDate, type DateInput, type IsoDate, type ScalingLevel } from './scaling';

// ---------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------

export type AgendaMode = 'fixed_count' | 'all_borgere' | 'cadence_due';
export const AGENDA_MODES = [
	'fixed_count',
	'all_borgere',
	'cadence_due'
] as const satisfies readonly AgendaMode[];

/** Danish labels for the settings page. */
export const AGENDA_MODE_LABELS: Record<AgendaMode, string> = {
	fixed_count: 'Fast antal sager pr. møde',
	all_borgere: 'Alle borgere gennemgås (de ustabile uddybende)',
	cadence_due: 'Borgere der er på tur efter kadencen'
};

/** A clock time, 'HH:MM' (24-hour, Copenhagen local time of the meeting). */
export type ClockTime = string;

export interface FixedAgendaItem {
	/** Stable identifier, unique within the team's fixed items. */
	key: string;
	title: string;
	minutes: number;
	position: 'start' | 'end';
}

export interface MeetingSettings {
	mode: AgendaMode;
	lengthMinutes: number;
	startTime: ClockTime;
	/** fixed_count: the number of cases per meeting (Silkeborg: 8 in 2 h, 001:2984). */
	caseCount: number;
	/** Minutes per case in fixed_count and cadence_due (about 15, 001:2984). */
	defaultCaseMinutes: number;
	/** all_borgere: a brief status for stable borgere. */
	briefCaseMinutes: number;
	/** all_borgere: the unstable borgere (on the board, or high risk). */
	inDepthMinutes: number;
	/**
	 * A borger counts as due when the next due date is at most this many days after the
	 * meeting, e.g. 3 to pick up borgere due just after a meeting moved to an earlier day.
	 */
	dueLeadDays: number;
	fixedItems: readonly FixedAgendaItem[];
}

/** The likely agenda frame from DOMAIN.md §2 (an inference; annex 47.9 is missing). */
export const DEFAULT_FIXED_ITEMS: readonly FixedAgendaItem[] = [
	{ key: 'fremmoede', title: 'Fremmøde og dagsorden', minutes: 5, position: 'start' },
	{
		key: 'henvisninger',
		title: 'Nye henvisninger og visitation',
		minutes: 10,
		position: 'start'
	},
	{ key: 'meddelelser', title: 'Meddelelser', minutes: 5, position: 'end' }
];

export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
	mode: 'fixed_count',
	lengthMinutes: 120,
	startTime: '09:00',
	caseCount: 8,
	defaultCaseMinutes: 15,
	briefCaseMinutes: 3,
	inDepthMinutes: 10,
	dueLeadDays: 0,
	fixedItems: DEFAULT_FIXED_ITEMS
};

/** A GP slot is about 15 minutes (DOMAIN.md §11.14). */
export const DEFAULT_GUEST_MINUTES = 15;

/** fixed_count never shortens a case slot below this to fit the fixed number of cases. */
export const MIN_FITTED_CASE_MINUTES = 5;

/** The defaults with every defined value of `partial` on top. */
export function resolveMeetingSettings(partial?: Partial<MeetingSettings>): MeetingSettings {
	const settings: MeetingSettings = { ...DEFAULT_MEETING_SETTINGS };
	if (!partial) return settings;
	for (const key of Object.keys(partial) as (keyof MeetingSettings)[]) {
		const value = partial[key];
		if (value !== undefined) Object.assign(settings, { [key]: value });
	}
	return settings;
}

const isPositiveInteger = (value: number) => Number.isInteger(value) && value > 0;

/** Check a team's meeting settings. Danish messages; an empty array means valid. */
export function validateMeetingSettings(settings: MeetingSettings): string[] {
	const errors: string[] = [];
	if (!(AGENDA_MODES as readonly string[]).includes(settings.mode)) {
		errors.push(`Ukendt planlægningsform: ${settings.mode}.`);
	}
	if (!isPositiveInteger(settings.lengthMinutes) || settings.lengthMinutes > MINUTES_PER_DAY) {
		errors.push('Mødets længde skal være et helt antal minutter mellem 1 og 1440.');
	}
	if (!isClockTime(settings.startTime)) {
		errors.push(`Mødets starttid skal skrives TT:MM, ikke "${settings.startTime}".`);
	}
	const minuteFields: [keyof MeetingSettings, string][] = [
		['caseCount', 'Antal sager pr. møde'],
		['defaultCaseMinutes', 'Minutter pr. sag'],
		['briefCaseMinutes', 'Minutter til kort status'],
		['inDepthMinutes', 'Minutter til uddybende drøftelse']
	];
	for (const [field, label] of minuteFields) {
		if (!isPositiveInteger(settings[field] as number)) {
			errors.push(`${label} skal være et helt tal større end 0.`);
		}
	}
	if (!(Number.isInteger(settings.dueLeadDays) && settings.dueLeadDays >= 0)) {
		errors.push('Dage før forfald skal være et helt tal, 0 eller mere.');
	}

	const keys = new Set<string>();
	let fixedTotal = 0;
	settings.fixedItems.forEach((item, index) => {
		const name = item.title.trim() || item.key || `nr. ${index + 1}`;
		if (item.key.trim() === '') errors.push(`Det faste punkt "${name}" mangler en nøgle.`);
		else if (keys.has(item.key)) errors.push(`Nøglen "${item.key}" bruges af flere faste punkter.`);
		keys.add(item.key);
		if (item.title.trim() === '') errors.push(`Det faste punkt "${name}" mangler en titel.`);
		if (!isPositiveInteger(item.minutes)) {
			errors.push(`Det faste punkt "${name}" skal have et helt antal minutter større end 0.`);
		} else {
			fixedTotal += item.minutes;
		}
		if (item.position !== 'start' && item.position !== 'end') {
			errors.push(`Det faste punkt "${name}" skal ligge i starten eller slutningen af mødet.`);
		}
	});
	if (isPositiveInteger(settings.lengthMinutes) && fixedTotal >= settings.lengthMinutes) {
		errors.push(
			`De faste punkter (${fixedTotal} min) fylder hele mødet (${settings.lengthMinutes} min).`
		);
	}
	return errors;
}

// ---------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------

const MINUTES_PER_DAY = 24 * 60;
const CLOCK = /^(\d{1,2}):(\d{2})$/;

function isClockTime(value: string): boolean {
	const match = CLOCK.exec(value);
	return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
}

/** Minutes after midnight for 'HH:MM' (or 'H:MM'). Throws RangeError on anything else. */
export function parseClockTime(value: ClockTime): number {
	const match = CLOCK.exec(value);
	if (!match || !isClockTime(value)) throw new RangeError(`Ugyldigt klokkeslæt: ${value}`);
	return Number(match[1]) * 60 + Number(match[2]);
}

/** 'HH:MM' for minutes after midnight, wrapping around midnight. */
export function formatClockTime(minutes: number): ClockTime {
	const day = ((Math.round(minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
	const hours = Math.floor(day / 60);
	const rest = day % 60;
	return `${hours < 10 ? '0' : ''}${hours}:${rest < 10 ? '0' : ''}${rest}`;
}

// ---------------------------------------------------------------------------------------
// Input and output
// ---------------------------------------------------------------------------------------

/** The level fields the planner reads. */
export type PlannerLevel = Pick<ScalingLevel, 'key' | 'label' | 'cadenceDays' | 'onBoard' | 'rank'>;

/**
 * The status fields the planner reads; a `BoardRowStatus` fits as it is. Overdue days are
 * recomputed from `nextDue` for the meeting date, which may lie after the day the status
 * was computed.
 */
export interface PlannerStatus extends Pick<
	BoardRowStatus,
	'nextDue' | 'highestRisk' | 'flags' | 'priority'
> {
	level: PlannerLevel;
}

export interface PlannerBorger {
	id: string;
	name: string;
	status: PlannerStatus;
	/** All open tasks on the borger. */
	openTaskCount?: number;
	/** Open tasks whose deadline falls on or before the meeting date. */
	tasksDueBeforeMeeting?: number;
}

/** A member asks for a case before the meeting. */
export interface AgendaRequest {
	borgerId: string;
	reason: string;
	/** Display name (or initials) of the member. */
	requestedBy: string;
}

/** A case that was on an earlier agenda and not reached. */
export interface CarryOver {
	borgerId: string;
	fromMeetingDate: DateInput;
	reason: string;
}

/** An outer-wheel partner booked at a fixed clock time. */
export interface GuestSlot {
	/** Null for a partner's slot that is not about one borger. */
	borgerId: string | null;
	/** Who comes, e.g. 'Egen læge'. */
	guestLabel: string;
	at: ClockTime;
	/** Defaults to DEFAULT_GUEST_MINUTES. */
	minutes?: number;
}

export interface AgendaInput {
	meetingDate: DateInput;
	/** The team's active borgere (closed courses left out by the caller). */
	borgere: readonly PlannerBorger[];
	requests?: readonly AgendaRequest[];
	carryOver?: readonly CarryOver[];
	guestSlots?: readonly GuestSlot[];
	settings?: Partial<MeetingSettings>;
}

export type AgendaReasonKind =
	'risk' | 'overdue' | 'due' | 'requested' | 'carried_over' | 'tasks' | 'guest' | 'all_borgere';

export interface AgendaReason {
	kind: AgendaReasonKind;
	/** Danish text for the agenda. */
	label: string;
}

export interface PlannedItem {
	kind: 'fixed' | 'case' | 'guest';
	/** Unique within the plan: 'fixed:<key>', 'borger:<id>' or 'guest:<n>' (no borger). */
	key: string;
	borgerId?: string;
	title: string;
	minutes: number;
	start: ClockTime;
	end: ClockTime;
	/** Place in the planner's priority order, 1 = most urgent; 0 for fixed and hand-added items. */
	priority: number;
	/** Most important first. Empty for fixed items. */
	reasons: AgendaReason[];
	/** Pinned to `bookedAt` (guest slots). */
	fixedTime?: boolean;
	bookedAt?: ClockTime;
	/** Minutes the pinned slot starts after `bookedAt`; 0 when the time is kept. */
	delayMinutes?: number;
	/** Who the guest is, e.g. 'Egen læge'. */
	guestLabel?: string;
	/** all_borgere mode: brief status or in-depth discussion. */
	depth?: 'brief' | 'in_depth';
	/** Fixed items: where the team's settings put them. */
	position?: 'start' | 'end';
}

export type NotPlacedWhy = 'no_time' | 'count_limit' | 'not_due' | 'removed';

export interface NotPlacedCase {
	borgerId: string;
	name: string;
	why: NotPlacedWhy;
	/** Danish: first why it is not on the agenda, then the reasons it could have been. */
	reasons: string[];
	/** The reasons the borger would have been on the agenda; kept for `addCase`. */
	agendaReasons: AgendaReason[];
	/** The slot the case would have needed. */
	minutes: number;
}

export interface AgendaGap {
	start: ClockTime;
	end: ClockTime;
	minutes: number;
}

export interface AgendaPlan {
	meetingDate: IsoDate;
	mode: AgendaMode;
	startTime: ClockTime;
	/** Planned end of the meeting: start + length. */
	endTime: ClockTime;
	lengthMinutes: number;
	/** fixed_count: the number of cases; null in the other modes. */
	caseLimit: number | null;
	/** In agenda order, with clock times. */
	items: PlannedItem[];
	/** Most urgent first: by priority, then not due by next due date. */
	notPlaced: NotPlacedCase[];
	/** Sum of all slots. Compare with `lengthMinutes`. */
	totalMinutes: number;
	/** Minutes inside the meeting that no item uses (gaps and the time after the last item). */
	freeMinutes: number;
	/** Idle time between items, e.g. before a pinned guest slot. */
	gaps: AgendaGap[];
	/** Minutes the last item ends after the meeting's end; 0 when it fits. */
	overMinutes: number;
	/** Danish. `plannerWarnings` plus the ones derived from the current items. */
	warnings: string[];
	/** Danish warnings from planning itself (settings, unknown borgere); kept through edits. */
	plannerWarnings: string[];
}

// ---------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------

const danish = new Intl.Collator('da');

/**
 * '10. jun. 2024', as `format(d, 'd. MMM yyyy', { locale: da })` writes it, read straight
 * from the ISO string: format() costs tens of microseconds, which adds up for 60 borgere.
 */
function danishDate(date: DateInput): string {
	const iso = isoDay(date);
	const month = da.localize.month((Number(iso.slice(5, 7)) - 1) as Month, {
		width: 'abbreviated'
	});
	return `${Number(iso.slice(8, 10))}. ${month} ${iso.slice(0, 4)}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * toIsoDate without its full validation for strings already shaped 'YYYY-MM-DD': due dates
 * come from nextDueDate, which only writes real dates, and parseISO is the planner's main
 * cost. Anything else still goes through toIsoDate and fails loudly.
 */
function isoDay(value: DateInput): IsoDate {
	return typeof value === 'string' && ISO_DATE.test(value) ? value : toIsoDate(value);
}

function cadenceText(days: number | null): string {
	if (days === null) return 'kun når sagen rejses';
	if (days === 1) return 'hver dag';
	if (days === 7) return 'hver uge';
	if (days % 7 === 0) return `hver ${days / 7}. uge`;
	return `hver ${days}. dag`;
}

function levelText(level: PlannerLevel): string {
	return `${level.label}, ${cadenceText(level.cadenceDays)}`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const ALL_BORGERE_LABEL = {
	brief: 'Alle borgere gennemgås: kort status',
	in_depth: 'Alle borgere gennemgås: uddybende (ustabil)',
	shortened: 'Alle borgere gennemgås: kort status (forkortet, tiden slår ikke til)'
};

const REMOVED_LABEL = 'Fjernet fra dagsordenen af mødelederen';

// ---------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------

/** Priority tiers; lower comes first. See the header for the reasoning. */
const TIER = {
	guest: 0,
	risk: 1,
	carried: 2,
	requested: 3,
	overdue: 4,
	due: 5,
	tasks: 6,
	everyone: 7,
	none: 8
} as const;

interface PinnedGuest {
	label: string;
	/** Booked time in minutes from the meeting's start. */
	offset: number;
	bookedAt: ClockTime;
	minutes: number;
	/** Input index of the first slot, for stable keys and ordering. */
	index: number;
}

interface Candidate {
	borgerId: string | null;
	name: string;
	borger: PlannerBorger | null;
	reasons: AgendaReason[];
	tier: number;
	/** Days overdue on the meeting date. */
	overdue: number;
	statusPriority: number;
	guest: PinnedGuest | null;
	/** On the board at all: a level with a cadence or a shared caseload. */
	scheduled: boolean;
	unstable: boolean;
	rank: number;
}

function compareCandidates(a: Candidate, b: Candidate): number {
	return (
		a.tier - b.tier ||
		(a.tier === TIER.guest && a.guest && b.guest
			? a.guest.offset - b.guest.offset || a.guest.index - b.guest.index
			: 0) ||
		(a.tier === TIER.overdue ? b.overdue - a.overdue : 0) ||
		b.statusPriority - a.statusPriority ||
		danish.compare(a.name, b.name) ||
		compareIds(a.borgerId, b.borgerId)
	);
}

function compareIds(a: string | null, b: string | null): number {
	const x = a ?? '';
	const y = b ?? '';
	return x < y ? -1 : x > y ? 1 : 0;
}

function groupByBorger<T extends { borgerId: string | null }>(
	entries: readonly T[]
): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const entry of entries) {
		if (entry.borgerId === null) continue;
		const group = groups.get(entry.borgerId);
		if (group) group.push(entry);
		else groups.set(entry.borgerId, [entry]);
	}
	return groups;
}

interface CandidateContext {
	meetingDate: IsoDate;
	/** The meeting date parsed once, for day counts. */
	meetingDay: Date;
	dueLimit: IsoDate;
	requests: Map<string, AgendaRequest[]>;
	carryOver: Map<string, CarryOver[]>;
	guests: Map<string, PinnedGuest>;
}

function borgerCandidate(borger: PlannerBorger, ctx: CandidateContext): Candidate {
	const { status } = borger;
	const reasons: AgendaReason[] = [];
	let tier: number = TIER.none;
	const reach = (value: number) => {
		if (value < tier) tier = value;
	};

	const guest = ctx.guests.get(borger.id) ?? null;
	if (guest) reach(TIER.guest);
	// The guest reasons are added by the caller, which knows every slot of the merge.

	if (status.highestRisk === 'hoej') {
		const flag = status.flags.find((f) => f.kind === 'high_risk');
		reasons.push({ kind: 'risk', label: flag?.label ?? 'Høj risiko' });
		reach(TIER.risk);
	}

	for (const carry of ctx.carryOver.get(borger.id) ?? []) {
		const why = carry.reason.trim();
		reasons.push({
			kind: 'carried_over',
			label: `Overført fra mødet ${danishDate(toIsoDate(carry.fromMeetingDate))}${why ? `: ${why}` : ''}`
		});
		reach(TIER.carried);
	}

	for (const request of ctx.requests.get(borger.id) ?? []) {
		const why = request.reason.trim();
		reasons.push({
			kind: 'requested',
			label: `Ønsket af ${request.requestedBy.trim() || 'et medlem'}${why ? `: ${why}` : ''}`
		});
		reach(TIER.requested);
	}

	const nextDue = status.nextDue === null ? null : isoDay(status.nextDue);
	// Same count as scaling.overdueDays on the meeting date. ISO dates compare as strings,
	// so the date maths is only done for the overdue ones.
	const overdue =
		nextDue !== null && nextDue < ctx.meetingDate
			? differenceInCalendarDays(ctx.meetingDay, parseISO(nextDue))
			: 0;
	if (overdue > 0) {
		reasons.push({
			kind: 'overdue',
			label: `Kadencen er overskredet med ${dayCount(overdue)} (${levelText(status.level)})`
		});
		reach(TIER.overdue);
	} else if (nextDue !== null && nextDue <= ctx.dueLimit) {
		reasons.push({
			kind: 'due',
			label:
				nextDue > ctx.meetingDate
					? `På tur ${danishDate(nextDue)} (${levelText(status.level)})`
					: `På tur efter kadencen (${levelText(status.level)})`
		});
		reach(TIER.due);
	}

	const open = borger.openTaskCount ?? 0;
	const dueTasks = borger.tasksDueBeforeMeeting ?? 0;
	if (dueTasks > 0) {
		reasons.push({
			kind: 'tasks',
			label:
				`Opfølgning: ${plural(dueTasks, 'opgave', 'opgaver')} med frist før mødet` +
				(open > dueTasks ? ` (${open} åbne i alt)` : '')
		});
		reach(TIER.tasks);
	} else if (open > 0 && tier < TIER.tasks) {
		// Not a reason on its own, but the team should follow up while the case is up.
		reasons.push({ kind: 'tasks', label: plural(open, 'åben opgave', 'åbne opgaver') });
	}

	return {
		borgerId: borger.id,
		name: borger.name,
		borger,
		reasons,
		tier,
		overdue,
		statusPriority: status.priority,
		guest,
		scheduled: status.level.onBoard || status.level.cadenceDays !== null,
		unstable: status.level.onBoard || status.highestRisk === 'hoej',
		rank: 0
	};
}

/** Why a borger is not on the agenda although nothing else was in the way. */
function notDueText(status: PlannerStatus): string {
	if (status.nextDue === null) {
		return `Ikke planlagt: ${status.level.label} drøftes kun, når nogen rejser sagen`;
	}
	return `Ikke på tur: næste drøftelse ${danishDate(status.nextDue)} (${levelText(status.level)})`;
}

// ---------------------------------------------------------------------------------------
// Time line (minutes from the meeting's start)
// ---------------------------------------------------------------------------------------

interface Span {
	start: number;
	end: number;
}

interface FreeInterval {
	cursor: number;
	end: number;
}

function overlapping(start: number, minutes: number, pinned: readonly Span[]): Span | undefined {
	return pinned.find((p) => p.start < start + minutes && start < p.end);
}

/** Earliest start at or after `from` where `minutes` fit without touching a pinned span. */
function nextFit(from: number, minutes: number, pinned: readonly Span[]): number {
	let start = from;
	let hit = overlapping(start, minutes, pinned);
	while (hit) {
		start = hit.end;
		hit = overlapping(start, minutes, pinned);
	}
	return start;
}

/** Latest start where `minutes` end by `until` without touching a pinned span. */
function previousFit(until: number, minutes: number, pinned: readonly Span[]): number {
	let start = until - minutes;
	let hit = overlapping(start, minutes, pinned);
	while (hit) {
		start = hit.start - minutes;
		hit = overlapping(start, minutes, pinned);
	}
	return start;
}

function freeIntervals(from: number, to: number, pinned: readonly Span[]): FreeInterval[] {
	const intervals: FreeInterval[] = [];
	let cursor = from;
	for (const span of pinned) {
		if (span.end <= cursor) continue;
		if (span.start >= to) break;
		if (span.start > cursor) intervals.push({ cursor, end: span.start });
		cursor = Math.max(cursor, span.end);
	}
	if (cursor < to) intervals.push({ cursor, end: to });
	return intervals;
}

interface Packing {
	/** Start per case, null when it did not fit. */
	starts: (number | null)[];
	unplaced: number;
	/** Free minutes left in the case window. */
	free: number;
}

/** First fit in priority order: each case takes the earliest free stretch that holds it. */
function pack(minutes: readonly number[], window: readonly FreeInterval[]): Packing {
	const intervals = window.map((interval) => ({ ...interval }));
	let unplaced = 0;
	const starts = minutes.map((length) => {
		const interval = intervals.find((candidate) => candidate.end - candidate.cursor >= length);
		if (!interval) {
			unplaced++;
			return null;
		}
		const start = interval.cursor;
		interval.cursor += length;
		return start;
	});
	let free = 0;
	for (const interval of intervals) free += interval.end - interval.cursor;
	return { starts, unplaced, free };
}

// ---------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------

/** Propose the agenda for one meeting. Throws RangeError on invalid settings or dates. */
export function planAgenda(input: AgendaInput): AgendaPlan {
	const settings = resolveMeetingSettings(input.settings);
	const errors = validateMeetingSettings(settings);
	if (errors.length > 0) throw new RangeError(errors.join(' '));

	const meetingDate = toIsoDate(input.meetingDate);
	const dueLimit =
		settings.dueLeadDays === 0
			? meetingDate
			: format(addDays(parseISO(meetingDate), settings.dueLeadDays), 'yyyy-MM-dd');
	const startClock = parseClockTime(settings.startTime);
	const length = settings.lengthMinutes;
	const plannerWarnings: string[] = [];

	const byId = new Map<string, PlannerBorger>();
	for (const borger of input.borgere) {
		if (byId.has(borger.id)) {
			throw new RangeError(`Borgeren ${borger.id} står mere end én gang i listen.`);
		}
		byId.set(borger.id, borger);
	}

	const requests = groupByBorger(input.requests ?? []);
	for (const id of requests.keys()) {
		if (!byId.has(id)) {
			plannerWarnings.push(`Et ønske om en sag gælder en ukendt eller afsluttet borger (${id}).`);
		}
	}
	const carryOver = groupByBorger(input.carryOver ?? []);
	for (const id of carryOver.keys()) {
		if (!byId.has(id)) {
			plannerWarnings.push(`En overført sag gælder en ukendt eller afsluttet borger (${id}).`);
		}
	}

	// Guest slots: one pinned item per borger (several partners for one borger are merged
	// into one item at the earliest time); slots without a borger stay separate.
	const candidates: Candidate[] = [];
	const guestSlots = (input.guestSlots ?? []).map((slot, index) => {
		const minutes = slot.minutes ?? DEFAULT_GUEST_MINUTES;
		if (!isPositiveInteger(minutes)) {
			throw new RangeError(`Gæsteslottet ${slot.guestLabel} skal have et helt antal minutter.`);
		}
		const time = parseClockTime(slot.at);
		return { slot, index, minutes, time, offset: time - startClock };
	});
	const guestsByBorger = new Map<string, typeof guestSlots>();
	const guestGroups: (typeof guestSlots)[] = [];
	for (const entry of guestSlots) {
		const id = entry.slot.borgerId;
		const group = id === null ? undefined : guestsByBorger.get(id);
		if (group) group.push(entry);
		else {
			const created = [entry];
			guestGroups.push(created);
			if (id !== null) guestsByBorger.set(id, created);
		}
	}
	const pinnedByBorger = new Map<string, PinnedGuest>();
	const guestReasons = new Map<PinnedGuest, AgendaReason[]>();
	for (const group of guestGroups) {
		const sorted = [...group].sort((a, b) => a.time - b.time || a.index - b.index);
		const first = sorted[0]!;
		const guest: PinnedGuest = {
			label: [...new Set(sorted.map((entry) => entry.slot.guestLabel.trim()))].join(' og '),
			offset: first.offset,
			bookedAt: formatClockTime(first.time),
			minutes: sorted.reduce((sum, entry) => sum + entry.minutes, 0),
			index: first.index
		};
		guestReasons.set(
			guest,
			sorted.map((entry) => ({
				kind: 'guest',
				label: `${entry.slot.guestLabel.trim()} deltager kl. ${formatClockTime(entry.time)} (${entry.minutes} min)`
			}))
		);
		const id = first.slot.borgerId;
		const borger = id === null ? undefined : byId.get(id);
		if (id !== null && borger) {
			pinnedByBorger.set(id, guest);
			if (sorted.length > 1) {
				plannerWarnings.push(
					`${borger.name} har ${sorted.length} gæsteslots; de er samlet i ét punkt kl. ${guest.bookedAt} (${guest.minutes} min).`
				);
			}
		} else {
			if (id !== null) {
				plannerWarnings.push(
					`Gæsteslottet ${guest.label} kl. ${guest.bookedAt} gælder en ukendt eller afsluttet borger (${id}); det står på dagsordenen uden navn.`
				);
			}
			candidates.push({
				borgerId: id,
				name: guest.label,
				borger: null,
				reasons: guestReasons.get(guest)!,
				tier: TIER.guest,
				overdue: 0,
				statusPriority: 0,
				guest,
				scheduled: false,
				unstable: false,
				rank: 0
			});
		}
	}

	const ctx: CandidateContext = {
		meetingDate,
		meetingDay: parseISO(meetingDate),
		dueLimit,
		requests,
		carryOver,
		guests: pinnedByBorger
	};
	for (const borger of input.borgere) {
		const candidate = borgerCandidate(borger, ctx);
		if (candidate.guest) candidate.reasons.unshift(...guestReasons.get(candidate.guest)!);
		candidates.push(candidate);
	}
	candidates.sort(compareCandidates);

	// ---- Selection -------------------------------------------------------------------
	const guests = candidates.filter((c) => c.guest !== null);
	const withReason = candidates.filter((c) => c.guest === null && c.tier <= TIER.tasks);
	const withoutReason = candidates.filter((c) => c.guest === null && c.tier > TIER.tasks);

	let selected: Candidate[];
	let overCount: Candidate[] = [];
	let notDue: Candidate[];
	if (settings.mode === 'fixed_count') {
		selected = withReason.slice(0, settings.caseCount);
		overCount = withReason.slice(settings.caseCount);
		notDue = withoutReason;
	} else if (settings.mode === 'all_borgere') {
		const everyone = withoutReason.filter((c) => c.scheduled);
		for (const c of everyone) c.tier = TIER.everyone;
		selected = [...withReason, ...everyone];
		notDue = withoutReason.filter((c) => !c.scheduled);
	} else {
		selected = withReason;
		notDue = withoutReason;
	}
	[...guests, ...selected, ...overCount].forEach((c, index) => (c.rank = index + 1));

	// ---- Time line -------------------------------------------------------------------
	// Pinned guest slots, in time order; a slot overlapping an earlier one waits for it.
	const pinned: Span[] = [];
	const guestStarts = new Map<Candidate, number>();
	for (const c of [...guests].sort(
		(a, b) => a.guest!.offset - b.guest!.offset || a.guest!.index - b.guest!.index
	)) {
		const previous = pinned[pinned.length - 1];
		const start = previous ? Math.max(previous.end, c.guest!.offset) : c.guest!.offset;
		pinned.push({ start, end: start + c.guest!.minutes });
		guestStarts.set(c, start);
	}

	const startItems = settings.fixedItems.filter((item) => item.position === 'start');
	const endItems = settings.fixedItems.filter((item) => item.position === 'end');
	let cursor = 0;
	const startStarts = startItems.map((item) => {
		const start = nextFit(cursor, item.minutes, pinned);
		cursor = start + item.minutes;
		return start;
	});
	const casesFrom = cursor;
	// The end items are laid out backwards from the meeting's end, so cases stop in time
	// for them even when a pinned slot sits near the end.
	let casesUntil = length;
	for (let i = endItems.length - 1; i >= 0; i--) {
		casesUntil = previousFit(casesUntil, endItems[i]!.minutes, pinned);
	}
	const window = freeIntervals(casesFrom, casesUntil, pinned);

	let minutes: number[];
	let depth: ('brief' | 'in_depth' | 'shortened' | undefined)[] = selected.map(() => undefined);
	let packing: Packing;
	if (settings.mode === 'all_borgere') {
		depth = selected.map((c) => (c.unstable ? 'in_depth' : 'brief'));
		const slot = (d: (typeof depth)[number]) =>
			d === 'in_depth' ? settings.inDepthMinutes : settings.briefCaseMinutes;
		minutes = depth.map(slot);
		packing = pack(minutes, window);
		// Everyone gets at least a brief slot: shorten in-depth slots, lowest priority first,
		// before anyone is left out.
		for (let i = selected.length - 1; i >= 0 && packing.unplaced > 0; i--) {
			if (depth[i] !== 'in_depth' || settings.inDepthMinutes <= settings.briefCaseMinutes) continue;
			depth[i] = 'shortened';
			minutes[i] = slot('shortened');
			packing = pack(minutes, window);
		}
		const shortened = selected.filter((_, i) => depth[i] === 'shortened');
		if (shortened.length > 0) {
			plannerWarnings.push(
				`Tiden rækker ikke til uddybende drøftelse af alle ustabile borgere: ${shortened
					.map((c) => c.name)
					.join(', ')} får kort status (${settings.briefCaseMinutes} min).`
			);
		}
	} else {
		minutes = selected.map(() => settings.defaultCaseMinutes);
		packing = pack(minutes, window);
		if (settings.mode === 'fixed_count' && packing.unplaced > 0) {
			// The fixed number is the team's promise; shorten the slot rather than drop cases.
			for (let m = settings.defaultCaseMinutes - 1; m >= MIN_FITTED_CASE_MINUTES; m--) {
				const shorter = pack(
					selected.map(() => m),
					window
				);
				if (shorter.unplaced === 0) {
					minutes = selected.map(() => m);
					packing = shorter;
					plannerWarnings.push(
						`Der er ikke tid til ${plural(selected.length, 'sag', 'sager')} à ${settings.defaultCaseMinutes} min: ` +
							`hver sag har fået ${m} min. Justér antal sager, minutter pr. sag eller mødets længde i indstillingerne.`
					);
					break;
				}
			}
		}
	}

	// ---- Items -----------------------------------------------------------------------
	const timed: { start: number; item: PlannedItem }[] = [];
	startItems.forEach((item, i) => timed.push({ start: startStarts[i]!, item: fixedItem(item) }));
	for (const c of guests) {
		const guest = c.guest!;
		timed.push({
			start: guestStarts.get(c)!,
			item: {
				kind: 'guest',
				key: c.borger ? `borger:${c.borgerId}` : `guest:${guest.index}`,
				...(c.borgerId !== null ? { borgerId: c.borgerId } : {}),
				title: c.borger ? c.name : guest.label,
				minutes: guest.minutes,
				start: '',
				end: '',
				priority: c.rank,
				reasons: c.reasons,
				fixedTime: true,
				bookedAt: guest.bookedAt,
				guestLabel: guest.label
			}
		});
	}

	const notPlaced: NotPlacedCase[] = [];
	const unplacedRanked: { rank: number; entry: NotPlacedCase }[] = [];
	let lastCaseEnd = casesFrom;
	selected.forEach((c, i) => {
		const start = packing.starts[i];
		const slotDepth = depth[i];
		const reasons =
			c.tier === TIER.everyone && slotDepth
				? [...c.reasons, { kind: 'all_borgere' as const, label: ALL_BORGERE_LABEL[slotDepth] }]
				: c.reasons;
		const m = minutes[i]!;
		if (start === null || start === undefined) {
			const why =
				packing.free < m
					? `Ikke tid: sagen kræver ${m} min, og der er kun ${packing.free} min ledig før mødets afslutning`
					: `Ikke tid: sagen kræver ${m} min, og den ledige tid (${packing.free} min) er delt op af faste tider`;
			unplacedRanked.push({
				rank: c.rank,
				entry: notPlacedEntry(c, 'no_time', why, reasons, m)
			});
			return;
		}
		lastCaseEnd = Math.max(lastCaseEnd, start + m);
		timed.push({
			start,
			item: {
				kind: 'case',
				key: `borger:${c.borgerId}`,
				borgerId: c.borgerId!,
				title: c.name,
				minutes: m,
				start: '',
				end: '',
				priority: c.rank,
				reasons,
				...(slotDepth ? { depth: slotDepth === 'in_depth' ? 'in_depth' : 'brief' } : {})
			}
		});
	});
	for (const c of overCount) {
		unplacedRanked.push({
			rank: c.rank,
			entry: notPlacedEntry(
				c,
				'count_limit',
				`Ikke plads: mødet har et fast antal på ${plural(settings.caseCount, 'sag', 'sager')}, og de er optaget af sager med højere prioritet`,
				c.reasons,
				settings.defaultCaseMinutes
			)
		});
	}
	unplacedRanked.sort((a, b) => a.rank - b.rank);
	notPlaced.push(...unplacedRanked.map((entry) => entry.entry));

	const notDueSorted = [...notDue].sort(
		(a, b) =>
			compareDue(a.borger!.status.nextDue, b.borger!.status.nextDue) ||
			danish.compare(a.name, b.name) ||
			compareIds(a.borgerId, b.borgerId)
	);
	for (const c of notDueSorted) {
		const m =
			settings.mode === 'all_borgere'
				? c.unstable
					? settings.inDepthMinutes
					: settings.briefCaseMinutes
				: settings.defaultCaseMinutes;
		notPlaced.push(notPlacedEntry(c, 'not_due', notDueText(c.borger!.status), c.reasons, m));
	}

	cursor = lastCaseEnd;
	for (const item of endItems) {
		const start = nextFit(cursor, item.minutes, pinned);
		cursor = start + item.minutes;
		timed.push({ start, item: fixedItem(item) });
	}

	// Stable sort: equal starts keep the order they were added in.
	timed.sort((a, b) => a.start - b.start);

	return layoutPlan({
		meetingDate,
		mode: settings.mode,
		startTime: formatClockTime(startClock),
		endTime: formatClockTime(startClock + length),
		lengthMinutes: length,
		caseLimit: settings.mode === 'fixed_count' ? settings.caseCount : null,
		items: timed.map((entry) => entry.item),
		notPlaced,
		plannerWarnings
	});
}

function compareDue(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

function fixedItem(item: FixedAgendaItem): PlannedItem {
	return {
		kind: 'fixed',
		key: `fixed:${item.key}`,
		title: item.title,
		minutes: item.minutes,
		start: '',
		end: '',
		priority: 0,
		reasons: [],
		position: item.position
	};
}

function notPlacedEntry(
	c: Candidate,
	why: NotPlacedWhy,
	text: string,
	reasons: AgendaReason[],
	minutes: number
): NotPlacedCase {
	return {
		borgerId: c.borgerId!,
		name: c.name,
		why,
		reasons: [text, ...reasons.map((reason) => reason.label)],
		agendaReasons: reasons,
		minutes
	};
}

// ---------------------------------------------------------------------------------------
// Layout: clock times, totals and warnings from the list order
// ---------------------------------------------------------------------------------------

type PlanBase = Pick<
	AgendaPlan,
	| 'meetingDate'
	| 'mode'
	| 'startTime'
	| 'endTime'
	| 'lengthMinutes'
	| 'caseLimit'
	| 'items'
	| 'notPlaced'
	| 'plannerWarnings'
>;

function guestDescription(item: PlannedItem): string {
	const guest = item.guestLabel ?? item.title;
	return item.title === guest
		? `Gæsteslottet ${guest} kl. ${item.bookedAt}`
		: `Gæsteslottet for ${item.title} (${guest} kl. ${item.bookedAt})`;
}

function layoutPlan(base: PlanBase): AgendaPlan {
	const startClock = parseClockTime(base.startTime);
	const length = base.lengthMinutes;
	const at = (offset: number) => formatClockTime(startClock + offset);
	const warnings: string[] = [];
	const gaps: AgendaGap[] = [];

	const first = base.items[0];
	let cursor =
		first?.fixedTime && first.bookedAt !== undefined
			? Math.min(0, parseClockTime(first.bookedAt) - startClock)
			: 0;
	let covered = 0;
	let total = 0;
	let caseCount = 0;

	const items = base.items.map((item): PlannedItem => {
		let start: number;
		const laidOut: PlannedItem = { ...item };
		if (item.fixedTime && item.bookedAt !== undefined) {
			const booked = parseClockTime(item.bookedAt) - startClock;
			start = Math.max(cursor, booked);
			laidOut.delayMinutes = start - booked;
			const description = guestDescription(item);
			if (booked < 0) {
				warnings.push(`${description} ligger før mødets start kl. ${base.startTime}.`);
			} else if (booked >= length) {
				warnings.push(`${description} ligger efter mødets slut kl. ${base.endTime}.`);
			} else if (booked + item.minutes > length) {
				warnings.push(`${description} rækker ud over mødets slut kl. ${base.endTime}.`);
			}
			if (start > booked) {
				warnings.push(
					`${description} kan ikke holdes: punktet starter først kl. ${at(start)}, ${start - booked} min for sent.`
				);
			}
		} else {
			start = Math.max(cursor, 0);
		}
		const gapStart = Math.max(cursor, 0);
		if (start > gapStart) {
			gaps.push({ start: at(gapStart), end: at(start), minutes: start - gapStart });
		}
		const end = start + item.minutes;
		covered += Math.max(0, Math.min(end, length) - Math.max(start, 0));
		total += item.minutes;
		if (item.kind === 'case') caseCount++;
		cursor = end;
		laidOut.start = at(start);
		laidOut.end = at(end);
		return laidOut;
	});

	const overMinutes = Math.max(0, cursor - length);
	if (overMinutes > 0) {
		warnings.push(
			`Dagsordenen slutter kl. ${at(cursor)}, ${overMinutes} min efter mødets slut kl. ${base.endTime}.`
		);
	}
	if (base.caseLimit !== null && caseCount > base.caseLimit) {
		warnings.push(`Dagsordenen har ${caseCount} sager; teamets faste antal er ${base.caseLimit}.`);
	}
	for (const entry of base.notPlaced) {
		const why =
			entry.why === 'removed'
				? 'fjernet af mødelederen'
				: entry.why === 'no_time'
					? 'ikke tid'
					: entry.why === 'count_limit'
						? 'ikke plads inden for det faste antal sager'
						: 'ikke på tur';
		if (entry.agendaReasons.some((reason) => reason.kind === 'risk')) {
			warnings.push(`Høj risiko: ${entry.name} er ikke på dagsordenen (${why}).`);
		} else if (entry.agendaReasons.some((reason) => reason.kind === 'carried_over')) {
			warnings.push(`Overført sag: ${entry.name} er ikke på dagsordenen igen (${why}).`);
		}
	}

	return {
		...base,
		items,
		totalMinutes: total,
		freeMinutes: length - covered,
		gaps,
		overMinutes,
		warnings: [...base.plannerWarnings, ...warnings],
		plannerWarnings: base.plannerWarnings
	};
}

// ---------------------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------------------

function checkIndex(plan: AgendaPlan, index: number, label: string): void {
	if (!Number.isInteger(index) || index < 0 || index >= plan.items.length) {
		throw new RangeError(`${label} ${index} findes ikke på dagsordenen.`);
	}
}

function checkMinutes(minutes: number): void {
	if (!isPositiveInteger(minutes)) {
		throw new RangeError('Minutter skal være et helt tal større end 0.');
	}
}

/**
 * Times, totals and warnings recomputed from the list order. `settings` may move the
 * start time or change the length; pinned slots keep their booked clock time.
 */
export function recompute(
	plan: AgendaPlan,
	settings?: Partial<Pick<MeetingSettings, 'startTime' | 'lengthMinutes'>>
): AgendaPlan {
	const startClock = parseClockTime(settings?.startTime ?? plan.startTime);
	const length = settings?.lengthMinutes ?? plan.lengthMinutes;
	if (!isPositiveInteger(length) || length > MINUTES_PER_DAY) {
		throw new RangeError('Mødets længde skal være et helt antal minutter mellem 1 og 1440.');
	}
	return layoutPlan({
		meetingDate: plan.meetingDate,
		mode: plan.mode,
		startTime: formatClockTime(startClock),
		endTime: formatClockTime(startClock + length),
		lengthMinutes: length,
		caseLimit: plan.caseLimit,
		items: plan.items,
		notPlaced: plan.notPlaced,
		plannerWarnings: plan.plannerWarnings
	});
}

/** Move the item at `fromIndex` so it ends up at `toIndex`. */
export function moveItem(plan: AgendaPlan, fromIndex: number, toIndex: number): AgendaPlan {
	checkIndex(plan, fromIndex, 'Punkt');
	checkIndex(plan, toIndex, 'Plads');
	if (fromIndex === toIndex) return recompute(plan);
	const items = [...plan.items];
	const [moved] = items.splice(fromIndex, 1);
	items.splice(toIndex, 0, moved!);
	return recompute({ ...plan, items });
}

/** Remove an item. A borger's item goes to `notPlaced` with why 'removed'. */
export function removeItem(plan: AgendaPlan, index: number): AgendaPlan {
	checkIndex(plan, index, 'Punkt');
	const removed = plan.items[index]!;
	const items = plan.items.filter((_, i) => i !== index);
	const notPlaced =
		removed.borgerId === undefined
			? plan.notPlaced
			: [
					...plan.notPlaced.filter((entry) => entry.borgerId !== removed.borgerId),
					{
						borgerId: removed.borgerId,
						name: removed.title,
						why: 'removed' as const,
						reasons: [REMOVED_LABEL, ...removed.reasons.map((reason) => reason.label)],
						agendaReasons: removed.reasons,
						minutes: removed.minutes
					}
				];
	return recompute({ ...plan, items, notPlaced });
}

/**
 * Add a case by hand, by default just before the closing fixed items. The reason is
 * recorded as 'requested'. A borger who is already on the agenda keeps its one item and
 * gets the reason merged in (use setMinutes to change its slot). Reasons the planner had
 * for a borger in `notPlaced` come along.
 */
export function addCase(
	plan: AgendaPlan,
	borger: Pick<PlannerBorger, 'id' | 'name'>,
	minutes: number,
	reason: string,
	index?: number
): AgendaPlan {
	checkMinutes(minutes);
	const label = reason.trim() || 'Tilføjet af mødelederen';
	const added: AgendaReason = { kind: 'requested', label };

	const existing = plan.items.findIndex((item) => item.borgerId === borger.id);
	if (existing >= 0) {
		const items = plan.items.map((item, i) =>
			i === existing && !item.reasons.some((r) => r.kind === 'requested' && r.label === label)
				? { ...item, reasons: [...item.reasons, added] }
				: item
		);
		return recompute({ ...plan, items });
	}

	const before = plan.notPlaced.find((entry) => entry.borgerId === borger.id);
	const item: PlannedItem = {
		kind: 'case',
		key: `borger:${borger.id}`,
		borgerId: borger.id,
		title: borger.name,
		minutes,
		start: '',
		end: '',
		priority: 0,
		reasons: [...(before?.agendaReasons ?? []), added]
	};
	const closing = plan.items.findIndex((i) => i.kind === 'fixed' && i.position === 'end');
	const at = index ?? (closing >= 0 ? closing : plan.items.length);
	if (!Number.isInteger(at) || at < 0 || at > plan.items.length) {
		throw new RangeError(`Plads ${at} findes ikke på dagsordenen.`);
	}
	const items = [...plan.items];
	items.splice(at, 0, item);
	return recompute({
		...plan,
		items,
		notPlaced: plan.notPlaced.filter((entry) => entry.borgerId !== borger.id)
	});
}

/** Change the length of one slot. */
export function setMinutes(plan: AgendaPlan, index: number, minutes: number): AgendaPlan {
	checkIndex(plan, index, 'Punkt');
	checkMinutes(minutes);
	const items = plan.items.map((item, i) => (i === index ? { ...item, minutes } : item));
	return recompute({ ...plan, items });
}
