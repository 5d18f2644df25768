import { formatClockTime, parseClockTime } from './clock';
import { MIN_FITTED_CASE_MINUTES, type FixedAgendaItem, type MeetingSettings } from './settings';
import { caseReasons, type Candidate, type Selection, type SlotDepth } from './candidates';
import { plural } from './labels';
import type { AgendaGap, AgendaPlan, PlannedItem } from './types';

/**
 * The meeting's time line, in minutes from its start: pinned guest slots, the fixed items
 * that open and close the meeting, the free stretches between them that the cases fill,
 * and the clock times, totals and warnings of the finished list.
 */

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

// --- Step: the frame ----------------------------------------------------------------------

export interface Frame {
	/** Pinned guest slots in time order. */
	pinned: Span[];
	guestStarts: Map<Candidate, number>;
	/** The opening fixed items and where each starts. */
	opening: { item: FixedAgendaItem; start: number }[];
	closing: readonly FixedAgendaItem[];
	/** Where the cases may start: after the opening items. */
	casesFrom: number;
	/** The free stretches between the opening and the closing items. */
	window: FreeInterval[];
}

/**
 * The frame the cases fit into: pinned guest slots (one overlapping an earlier one waits
 * for it), the opening items from the start, and the closing items laid out backwards from
 * the meeting's end, so cases stop in time for them even when a pinned slot sits near the
 * end.
 */
export function frameTimeline(guests: readonly Candidate[], settings: MeetingSettings): Frame {
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

	let cursor = 0;
	const opening = settings.fixedItems
		.filter((item) => item.position === 'start')
		.map((item) => {
			const start = nextFit(cursor, item.minutes, pinned);
			cursor = start + item.minutes;
			return { item, start };
		});
	const casesFrom = cursor;
	const closing = settings.fixedItems.filter((item) => item.position === 'end');
	let casesUntil = settings.lengthMinutes;
	for (let i = closing.length - 1; i >= 0; i--) {
		casesUntil = previousFit(casesUntil, closing[i]!.minutes, pinned);
	}
	return {
		pinned,
		guestStarts,
		opening,
		closing,
		casesFrom,
		window: freeIntervals(casesFrom, casesUntil, pinned)
	};
}

// --- Step: fit the cases ------------------------------------------------------------------

export interface Fit {
	/** Slot length per selected case. */
	minutes: number[];
	depth: SlotDepth[];
	/** Start per selected case, null when it did not fit. */
	starts: (number | null)[];
	/** Free minutes left in the window. */
	free: number;
}

/**
 * Slot lengths for the selected cases and where each goes (first fit in priority order).
 * all_borgere: everyone gets at least a brief slot, so in-depth slots are shortened,
 * lowest priority first, before anyone is left out. fixed_count: the fixed number is the
 * team's promise, so the slot is shortened (not below MIN_FITTED_CASE_MINUTES) rather than
 * cases dropped.
 */
export function fitCases(
	selected: readonly Candidate[],
	window: readonly FreeInterval[],
	settings: MeetingSettings,
	warnings: string[]
): Fit {
	let minutes: number[];
	let depth: SlotDepth[] = selected.map(() => undefined);
	let packing: Packing;
	if (settings.mode === 'all_borgere') {
		depth = selected.map((c) => (c.unstable ? 'in_depth' : 'brief'));
		const slot = (d: SlotDepth) =>
			d === 'in_depth' ? settings.inDepthMinutes : settings.briefCaseMinutes;
		minutes = depth.map(slot);
		packing = pack(minutes, window);
		for (let i = selected.length - 1; i >= 0 && packing.unplaced > 0; i--) {
			if (depth[i] !== 'in_depth' || settings.inDepthMinutes <= settings.briefCaseMinutes) continue;
			depth[i] = 'shortened';
			minutes[i] = slot('shortened');
			packing = pack(minutes, window);
		}
		const shortened = selected.filter((_, i) => depth[i] === 'shortened');
		if (shortened.length > 0) {
			warnings.push(
				`Tiden rækker ikke til uddybende drøftelse af alle ustabile borgere: ${shortened
					.map((c) => c.name)
					.join(', ')} får kort status (${settings.briefCaseMinutes} min).`
			);
		}
	} else {
		minutes = selected.map(() => settings.defaultCaseMinutes);
		packing = pack(minutes, window);
		if (settings.mode === 'fixed_count' && packing.unplaced > 0) {
			for (let m = settings.defaultCaseMinutes - 1; m >= MIN_FITTED_CASE_MINUTES; m--) {
				const shorter = pack(
					selected.map(() => m),
					window
				);
				if (shorter.unplaced === 0) {
					minutes = selected.map(() => m);
					packing = shorter;
					warnings.push(
						`Der er ikke tid til ${plural(selected.length, 'sag', 'sager')} à ${settings.defaultCaseMinutes} min: ` +
							`hver sag har fået ${m} min. Justér antal sager, minutter pr. sag eller mødets længde i indstillingerne.`
					);
					break;
				}
			}
		}
	}
	return { minutes, depth, starts: packing.starts, free: packing.free };
}

// --- Step: the items in time order --------------------------------------------------------

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

/**
 * Every item in time order: the opening items, the guest slots at their time, the cases
 * that fitted, then the closing items right after the last case.
 */
export function timedItems(selection: Selection, frame: Frame, fit: Fit): PlannedItem[] {
	const timed: { start: number; item: PlannedItem }[] = [];
	for (const { item, start } of frame.opening) timed.push({ start, item: fixedItem(item) });
	for (const c of selection.guests) {
		const guest = c.guest!;
		timed.push({
			start: frame.guestStarts.get(c)!,
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

	let lastCaseEnd = frame.casesFrom;
	selection.selected.forEach((c, i) => {
		const start = fit.starts[i];
		if (start === null || start === undefined) return;
		const m = fit.minutes[i]!;
		const slotDepth = fit.depth[i];
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
				reasons: caseReasons(c, slotDepth),
				...(slotDepth ? { depth: slotDepth === 'in_depth' ? 'in_depth' : 'brief' } : {})
			}
		});
	});

	let cursor = lastCaseEnd;
	for (const item of frame.closing) {
		const start = nextFit(cursor, item.minutes, frame.pinned);
		cursor = start + item.minutes;
		timed.push({ start, item: fixedItem(item) });
	}

	// Stable sort: equal starts keep the order they were added in.
	timed.sort((a, b) => a.start - b.start);
	return timed.map((entry) => entry.item);
}

// --- Layout: clock times, totals and warnings from the list order -------------------------

export type PlanBase = Pick<
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

/**
 * The items run back to back in list order. A pinned guest slot starts at its booked time,
 * or as soon as the item before it ends if that is later (then a warning says the time
 * cannot be kept). Idle time before a pinned slot is a gap.
 */
export function layoutPlan(base: PlanBase): AgendaPlan {
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
			entry.why === 'no_time'
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
