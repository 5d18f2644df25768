/**
 * When an outer-wheel guest may be in the meeting: the time window of their agenda item.
 * Pure; the server computes it on every guest request from the meeting's live state, so
 * a meeting that runs late keeps the guest in, and an item that ends early shuts them out.
 */

/** The link opens this long before the planned start of the slot. */
export const OPEN_BEFORE_MINUTES = 15;
/** ...and stays open this long after the planned end (if the item has not ended). */
export const CLOSE_AFTER_MINUTES = 15;
/**
 * When the leader ends the item the guest is out at once: nothing after the slot
 * (DOMAIN.md §7), not even the notes written as the meeting moves on.
 */
export const GRACE_AFTER_END_MINUTES = 0;

const MIN = 60_000;

const copenhagenClock = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Copenhagen',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** Minutes east of UTC in Denmark at that instant (60 in winter, 120 in summer). */
function copenhagenOffsetMinutes(at: Date): number {
	const parts = Object.fromEntries(copenhagenClock.formatToParts(at).map((p) => [p.type, p.value]));
	const local = Date.UTC(
		Number(parts.year),
		Number(parts.month) - 1,
		Number(parts.day),
		Number(parts.hour),
		Number(parts.minute)
	);
	return Math.round((local - Math.floor(at.getTime() / MIN) * MIN) / MIN);
}

/** A wall-clock time in Denmark ('2026-11-23', '09:30') as an instant. */
export function copenhagenTime(date: string, time: string): Date {
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	const naive = Date.UTC(y!, m! - 1, d!, hh!, mm!);
	let at = new Date(naive - copenhagenOffsetMinutes(new Date(naive)) * MIN);
	// Once more, in case the first guess fell on the other side of a DST change.
	at = new Date(naive - copenhagenOffsetMinutes(at) * MIN);
	return at;
}

export interface SlotInput {
	meetingDate: string;
	/** The meeting's start, 'HH:MM'. */
	meetingStart: string;
	/** Pinned clock time of the item ('HH:MM'), if any. */
	fixedTime: string | null;
	/** Planned minutes of the items before this one (used when not pinned). */
	minutesBefore: number;
	plannedMinutes: number;
	extendedMinutes: number;
	startedAt: Date | null;
	endedAt: Date | null;
}

export interface GuestWindow {
	/** Planned start of the slot. */
	slotStart: Date;
	/** The link works from here... */
	opensAt: Date;
	/** ...until here. */
	closesAt: Date;
}

export function guestWindow(s: SlotInput): GuestWindow {
	const slotStart = s.fixedTime
		? copenhagenTime(s.meetingDate, s.fixedTime)
		: new Date(copenhagenTime(s.meetingDate, s.meetingStart).getTime() + s.minutesBefore * MIN);
	// The meeting rarely keeps time: an item that has started moves its slot, earlier or later.
	const from = s.startedAt ?? slotStart;
	const opensAt = new Date(
		Math.min(slotStart.getTime(), from.getTime()) - OPEN_BEFORE_MINUTES * MIN
	);
	if (s.endedAt) {
		return {
			slotStart,
			opensAt,
			closesAt: new Date(s.endedAt.getTime() + GRACE_AFTER_END_MINUTES * MIN)
		};
	}
	const plannedEnd = from.getTime() + (s.plannedMinutes + s.extendedMinutes) * MIN;
	return { slotStart, opensAt, closesAt: new Date(plannedEnd + CLOSE_AFTER_MINUTES * MIN) };
}

export type WindowPhase = 'before' | 'open' | 'after';

export function windowPhase(w: GuestWindow, now: Date): WindowPhase {
	if (now < w.opensAt) return 'before';
	if (now > w.closesAt) return 'after';
	return 'open';
}
