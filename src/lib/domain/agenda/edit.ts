import { formatClockTime, parseClockTime } from './clock';

/**
 * The meeting leader's edits to the agenda, as the editor keeps it: the editable row, the
 * clock time of each slot and the sum against the meeting length. The leader's list order
 * is the running order.
 */

export interface AgendaRow {
	/** The agenda item's id, or `new-…` until the server has stored it. */
	id: string;
	kind: 'fixed' | 'case' | 'guest';
	borgerId: string | null;
	title: string;
	minutes: number;
	status: string;
	fixedTime: string | null;
	guestLabel: string | null;
}

export const NEW_PREFIX = 'new-';
export const isNew = (row: Pick<AgendaRow, 'id'>) => row.id.startsWith(NEW_PREFIX);

export const MIN_SLOT = 1;
export const MAX_SLOT = 240;
export const clampMinutes = (n: number) =>
	Math.min(MAX_SLOT, Math.max(MIN_SLOT, Math.round(Number.isFinite(n) ? n : MIN_SLOT)));

/**
 * The planned start of every row: one after the other from the meeting's start; an item
 * booked at a fixed time starts then (never earlier than the one before it ends).
 */
export function slotTimes(rows: readonly AgendaRow[], startTime: string): string[] {
	let at = parseClockTime(startTime);
	return rows.map((r) => {
		if (r.fixedTime) at = Math.max(at, parseClockTime(r.fixedTime));
		const start = at;
		at += r.minutes;
		return formatClockTime(start);
	});
}

export interface AgendaBudget {
	total: number;
	length: number;
	/** Minutes over the meeting length (0 when it fits). */
	over: number;
	/** Minutes left (0 when full or over). */
	free: number;
	/** Share of the meeting used, capped at 100, for a bar. */
	percent: number;
}

export function agendaBudget(rows: readonly Pick<AgendaRow, 'minutes'>[], length: number) {
	const total = rows.reduce((s, r) => s + r.minutes, 0);
	return {
		total,
		length,
		over: Math.max(0, total - length),
		free: Math.max(0, length - total),
		percent: length > 0 ? Math.min(100, Math.round((total / length) * 100)) : 100
	} satisfies AgendaBudget;
}

/** Move the row at `from` to `to` (both clamped), returning a new list. */
export function moveRow<T>(rows: readonly T[], from: number, to: number): T[] {
	const list = [...rows];
	if (from < 0 || from >= list.length) return list;
	const target = Math.max(0, Math.min(list.length - 1, to));
	const [row] = list.splice(from, 1);
	list.splice(target, 0, row!);
	return list;
}
