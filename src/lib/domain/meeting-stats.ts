/**
 * Meeting statistics for a team: pure computation over what the meetings recorded (no I/O).
 * Answers the questions a FACT team asks of its tavlemøde: do we hold the weekly meeting,
 * do we keep to the two hours, do we reach the cases we planned, which items overrun, and
 * who attends (by profession and by sector, since the 3CP model needs both sectors present).
 */

export type IsoDate = string;

export interface StatsMeeting {
	id: string;
	date: IsoDate;
	status: 'planlagt' | 'i_gang' | 'afsluttet';
	lengthMinutes: number;
	startedAt: Date | string | null;
	endedAt: Date | string | null;
	/** Case items on the agenda, and how many were discussed. */
	plannedCases: number;
	reachedCases: number;
	/** All items (fixed, case, guest), and how many were discussed. */
	plannedItems: number;
	reachedItems: number;
	/** Discussed items that ran past their slot (incl. extensions). */
	overrunItems: number;
	/** Minutes actually spent on the discussed cases. */
	caseMinutes: number;
}

export interface StatsAttendance {
	meetingId: string;
	profession: string;
	sector: 'kommune' | 'region';
	mode: 'fremmoedt' | 'online' | 'fravaerende';
}

export interface StatsInput {
	today: IsoDate;
	/** The series' weekday, ISO (1 = Monday … 7 = Sunday). */
	weekday: number;
	/** How many calendar months back, including the current one. */
	months: number;
	meetings: readonly StatsMeeting[];
	attendance: readonly StatsAttendance[];
}

export interface MonthStats {
	month: string; // 'YYYY-MM'
	/** Meeting days the weekly series had in the month (up to today). */
	expected: number;
	held: number;
	/** Average actual duration of the held meetings, minutes (null: none held). */
	avgDuration: number | null;
	avgLength: number | null;
	plannedCases: number;
	reachedCases: number;
	overrunItems: number;
}

export interface MeetingPoint {
	date: IsoDate;
	duration: number;
	length: number;
	plannedItems: number;
	reachedItems: number;
	plannedCases: number;
	reachedCases: number;
	overrunItems: number;
}

export interface AttendanceMonth {
	month: string;
	/** group (profession key or sector) → share present (in the room or online), 0–1. */
	present: Record<string, number>;
}

export interface MeetingStats {
	months: MonthStats[];
	meetings: MeetingPoint[];
	totals: {
		expected: number;
		held: number;
		avgDuration: number | null;
		/** Share of held meetings that ended within their planned length, 0–1. */
		withinLength: number | null;
		plannedCases: number;
		reachedCases: number;
		/** reachedCases / plannedCases, 0–1. */
		reachedShare: number | null;
		overrunItems: number;
		/** Average minutes per discussed case. */
		avgCaseMinutes: number | null;
	};
	attendanceByProfession: AttendanceMonth[];
	attendanceBySector: AttendanceMonth[];
	professions: string[];
}

const MS_DAY = 86_400_000;
const dayNumber = (iso: IsoDate) => Date.parse(`${iso}T00:00:00Z`) / MS_DAY;
const isoOf = (day: number) => new Date(day * MS_DAY).toISOString().slice(0, 10);
const round1 = (x: number) => Math.round(x * 10) / 10;
const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const toMs = (v: Date | string) => (typeof v === 'string' ? Date.parse(v) : v.getTime());

/** Minutes between start and end of a held meeting, or null when not both are known. */
export function durationMinutes(m: Pick<StatsMeeting, 'startedAt' | 'endedAt'>): number | null {
	if (!m.startedAt || !m.endedAt) return null;
	const d = (toMs(m.endedAt) - toMs(m.startedAt)) / 60_000;
	return d >= 0 ? Math.round(d) : null;
}

/** The last `months` calendar months up to today, oldest first, as 'YYYY-MM'. */
export function monthRange(today: IsoDate, months: number): string[] {
	const [y, m] = today.split('-').map(Number) as [number, number];
	const out: string[] = [];
	for (let i = months - 1; i >= 0; i--) {
		const idx = y * 12 + (m - 1) - i;
		out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
	}
	return out;
}

/** The series' meeting days in [from, to], both ISO dates. */
export function seriesDays(from: IsoDate, to: IsoDate, weekday: number): IsoDate[] {
	const a = dayNumber(from);
	const b = dayNumber(to);
	// 1970-01-01 was a Thursday (ISO 4).
	const isoWeekday = (d: number) => ((((d + 3) % 7) + 7) % 7) + 1;
	const out: IsoDate[] = [];
	for (let d = a + ((weekday - isoWeekday(a) + 7) % 7); d <= b; d += 7) out.push(isoOf(d));
	return out;
}

export function meetingStats(input: StatsInput): MeetingStats {
	const months = monthRange(input.today, Math.max(1, input.months));
	const first = `${months[0]}-01`;
	const inRange = input.meetings
		.filter((m) => m.date >= first && m.date <= input.today)
		.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
	const held = inRange.filter((m) => m.status === 'afsluttet');
	const expectedDays = seriesDays(first, input.today, input.weekday);
	const monthOf = (d: IsoDate) => d.slice(0, 7);

	const points: MeetingPoint[] = held.map((m) => ({
		date: m.date,
		duration: durationMinutes(m) ?? m.lengthMinutes,
		length: m.lengthMinutes,
		plannedItems: m.plannedItems,
		reachedItems: m.reachedItems,
		plannedCases: m.plannedCases,
		reachedCases: m.reachedCases,
		overrunItems: m.overrunItems
	}));

	const monthStats: MonthStats[] = months.map((month) => {
		const ms = held.filter((m) => monthOf(m.date) === month);
		const durations = ms.map(durationMinutes).filter((d): d is number => d !== null);
		return {
			month,
			expected: expectedDays.filter((d) => monthOf(d) === month).length,
			held: ms.length,
			avgDuration: durations.length
				? round1(durations.reduce((s, d) => s + d, 0) / durations.length)
				: null,
			avgLength: ms.length ? round1(ms.reduce((s, m) => s + m.lengthMinutes, 0) / ms.length) : null,
			plannedCases: ms.reduce((s, m) => s + m.plannedCases, 0),
			reachedCases: ms.reduce((s, m) => s + m.reachedCases, 0),
			overrunItems: ms.reduce((s, m) => s + m.overrunItems, 0)
		};
	});

	const durations = held
		.map((m) => ({ d: durationMinutes(m), length: m.lengthMinutes }))
		.filter((x): x is { d: number; length: number } => x.d !== null);
	const plannedCases = held.reduce((s, m) => s + m.plannedCases, 0);
	const reachedCases = held.reduce((s, m) => s + m.reachedCases, 0);
	const caseMinutes = held.reduce((s, m) => s + m.caseMinutes, 0);

	// Attendance: of those recorded for a held meeting, the share present per group.
	const heldMonth = new Map(held.map((m) => [m.id, monthOf(m.date)]));
	const professions = [...new Set(input.attendance.map((a) => a.profession))].sort();
	const attendanceBy = (group: (a: StatsAttendance) => string): AttendanceMonth[] =>
		months.map((month) => {
			const counts = new Map<string, { present: number; total: number }>();
			for (const a of input.attendance) {
				if (heldMonth.get(a.meetingId) !== month) continue;
				const key = group(a);
				const c = counts.get(key) ?? { present: 0, total: 0 };
				c.total++;
				if (a.mode !== 'fravaerende') c.present++;
				counts.set(key, c);
			}
			const present: Record<string, number> = {};
			for (const [k, c] of counts) present[k] = share(c.present, c.total)!;
			return { month, present };
		});

	return {
		months: monthStats,
		meetings: points,
		totals: {
			expected: expectedDays.length,
			held: held.length,
			avgDuration: durations.length
				? round1(durations.reduce((s, x) => s + x.d, 0) / durations.length)
				: null,
			withinLength: share(durations.filter((x) => x.d <= x.length).length, durations.length),
			plannedCases,
			reachedCases,
			reachedShare: share(reachedCases, plannedCases),
			overrunItems: held.reduce((s, m) => s + m.overrunItems, 0),
			avgCaseMinutes: reachedCases > 0 ? round1(caseMinutes / reachedCases) : null
		},
		attendanceByProfession: attendanceBy((a) => a.profession),
		attendanceBySector: attendanceBy((a) => a.sector),
		professions
	};
}
