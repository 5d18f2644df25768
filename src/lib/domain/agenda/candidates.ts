import { differenceInCalendarDays, parseISO } from 'date-fns';
import { dayCount } from '../risk';
import { toIsoDate, type IsoDate } from '../scaling';
import { ALL_BORGERE_LABEL, danish, danishDate, isoDay, levelText, plural } from './labels';
import { formatClockTime, parseClockTime, type ClockTime } from './clock';
import { DEFAULT_GUEST_MINUTES, isPositiveInteger, type MeetingSettings } from './settings';
import type {
	AgendaReason,
	AgendaRequest,
	CarryOver,
	GuestSlot,
	NotPlacedCase,
	NotPlacedWhy,
	PlannerBorger,
	PlannerStatus
} from './types';

/**
 * The planner's candidates: every borger with the reasons it could be on the agenda, in
 * priority order, and the guest slots pinned at their clock time; which of them the mode
 * puts up for a slot; and the Danish reasons for those left out.
 */

// --- Candidates ---------------------------------------------------------------------------

/** Priority tiers; lower comes first. See plan.ts for the reasoning. */
export const TIER = {
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

export interface PinnedGuest {
	label: string;
	/** Booked time in minutes from the meeting's start. */
	offset: number;
	bookedAt: ClockTime;
	minutes: number;
	/** Input index of the first slot, for stable keys and ordering. */
	index: number;
}

export interface Candidate {
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

function compareDue(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

/**
 * Requests or carry-overs per borger. One for a borger the planner does not know (closed,
 * or not the team's) is left out with a warning.
 */
export function groupByKnownBorger<T extends { borgerId: string | null }>(
	entries: readonly T[],
	known: ReadonlyMap<string, PlannerBorger>,
	warnings: string[],
	unknown: (borgerId: string) => string
): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const entry of entries) {
		if (entry.borgerId === null) continue;
		const group = groups.get(entry.borgerId);
		if (group) group.push(entry);
		else groups.set(entry.borgerId, [entry]);
	}
	for (const id of groups.keys()) if (!known.has(id)) warnings.push(unknown(id));
	return groups;
}

export interface CandidateContext {
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

// --- Step: pin the guest slots ------------------------------------------------------------

export interface GuestPins {
	/** Slots that name no known borger: on the agenda under the guest's name. */
	loose: Candidate[];
	/** The one pinned slot of each known borger with guests. */
	byBorger: Map<string, PinnedGuest>;
	/** The reasons (who comes when) of each pinned slot. */
	reasons: Map<PinnedGuest, AgendaReason[]>;
}

/**
 * Guest slots: one pinned item per borger (several partners for one borger are merged
 * into one item at the earliest time); slots without a borger stay separate.
 */
export function pinGuests(
	slots: readonly GuestSlot[],
	known: ReadonlyMap<string, PlannerBorger>,
	startClock: number,
	warnings: string[]
): GuestPins {
	const loose: Candidate[] = [];
	const guestSlots = slots.map((slot, index) => {
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
	const byBorger = new Map<string, PinnedGuest>();
	const reasons = new Map<PinnedGuest, AgendaReason[]>();
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
		reasons.set(
			guest,
			sorted.map((entry) => ({
				kind: 'guest',
				label: `${entry.slot.guestLabel.trim()} deltager kl. ${formatClockTime(entry.time)} (${entry.minutes} min)`
			}))
		);
		const id = first.slot.borgerId;
		const borger = id === null ? undefined : known.get(id);
		if (id !== null && borger) {
			byBorger.set(id, guest);
			if (sorted.length > 1) {
				warnings.push(
					`${borger.name} har ${sorted.length} gæsteslots; de er samlet i ét punkt kl. ${guest.bookedAt} (${guest.minutes} min).`
				);
			}
		} else {
			if (id !== null) {
				warnings.push(
					`Gæsteslottet ${guest.label} kl. ${guest.bookedAt} gælder en ukendt eller afsluttet borger (${id}); det står på dagsordenen uden navn.`
				);
			}
			loose.push({
				borgerId: id,
				name: guest.label,
				borger: null,
				reasons: reasons.get(guest)!,
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
	return { loose, byBorger, reasons };
}

// --- Step: rank every candidate -----------------------------------------------------------

/** Every borger (and every loose guest slot) with its reasons, most urgent first. */
export function rankCandidates(
	borgere: readonly PlannerBorger[],
	pins: GuestPins,
	ctx: CandidateContext
): Candidate[] {
	const candidates: Candidate[] = [...pins.loose];
	for (const borger of borgere) {
		const candidate = borgerCandidate(borger, ctx);
		if (candidate.guest) candidate.reasons.unshift(...pins.reasons.get(candidate.guest)!);
		candidates.push(candidate);
	}
	return candidates.sort(compareCandidates);
}

// --- Step: select by mode -----------------------------------------------------------------

export interface Selection {
	/** Pinned guest slots: always on the agenda, never counted as cases. */
	guests: Candidate[];
	/** Cases the mode puts up for a slot, in priority order. */
	selected: Candidate[];
	/** fixed_count: cases with a reason beyond the fixed number. */
	overCount: Candidate[];
	/** Borgere with no reason to be on this agenda. */
	notDue: Candidate[];
}

/** Which candidates the team's mode puts up for a slot; ranks them 1, 2, … in that order. */
export function selectCases(
	candidates: readonly Candidate[],
	settings: MeetingSettings
): Selection {
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
	return { guests, selected, overCount, notDue };
}

// --- Reasons on the agenda and for being left out -----------------------------------------

/** all_borgere mode: how long a case's slot is. */
export type SlotDepth = 'brief' | 'in_depth' | 'shortened' | undefined;

/** A case's reasons on the agenda; in all_borgere mode with how deep it goes. */
export function caseReasons(c: Candidate, depth: SlotDepth): AgendaReason[] {
	return c.tier === TIER.everyone && depth
		? [...c.reasons, { kind: 'all_borgere' as const, label: ALL_BORGERE_LABEL[depth] }]
		: c.reasons;
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

/** Why a borger is not on the agenda although nothing else was in the way. */
function notDueText(status: PlannerStatus): string {
	if (status.nextDue === null) {
		return `Ikke planlagt: ${status.level.label} drøftes kun, når nogen rejser sagen`;
	}
	return `Ikke på tur: næste drøftelse ${danishDate(status.nextDue)} (${levelText(status.level)})`;
}

/**
 * The cases left off the agenda, most urgent first: those that did not fit in time or in
 * the fixed number (by rank), then those not due (by next due date).
 */
export function notPlacedCases(
	selection: Selection,
	fit: {
		starts: readonly (number | null)[];
		minutes: readonly number[];
		depth: readonly SlotDepth[];
		free: number;
	},
	settings: MeetingSettings
): NotPlacedCase[] {
	const ranked: { rank: number; entry: NotPlacedCase }[] = [];
	selection.selected.forEach((c, i) => {
		const start = fit.starts[i];
		if (start !== null && start !== undefined) return;
		const m = fit.minutes[i]!;
		const why =
			fit.free < m
				? `Ikke tid: sagen kræver ${m} min, og der er kun ${fit.free} min ledig før mødets afslutning`
				: `Ikke tid: sagen kræver ${m} min, og den ledige tid (${fit.free} min) er delt op af faste tider`;
		ranked.push({
			rank: c.rank,
			entry: notPlacedEntry(c, 'no_time', why, caseReasons(c, fit.depth[i]), m)
		});
	});
	for (const c of selection.overCount) {
		ranked.push({
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
	ranked.sort((a, b) => a.rank - b.rank);
	const notPlaced = ranked.map((entry) => entry.entry);

	const notDueSorted = [...selection.notDue].sort(
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
	return notPlaced;
}
