/**
 * The team outcomes dashboard (resultater): figures a team lead can show a steering
 * group, computed from plain rows so the same numbers feed the page, the PDF and the
 * CSV. Pure: no I/O. Periods are calendar months ('YYYY-MM') and quarters ('2026 K1').
 */
import { addMonths, endOfMonth, format, parseISO } from 'date-fns';
import type { IsoDate } from './scaling';
import type { Instrument } from './measurements';

export interface CourseRow {
	borgerId: string;
	/** Date of the referral, when the course came through one. */
	referredOn: IsoDate | null;
	/** Start of the active course (startup meeting completed, or start date). */
	startedOn: IsoDate | null;
	closedOn: IsoDate | null;
}

export interface ScalingRow {
	borgerId: string;
	toLevel: string;
	on: IsoDate;
}

export interface MeasurementRow {
	borgerId: string;
	instrument: string;
	measuredOn: IsoDate;
	score: number;
}

export interface DischargeRow {
	reason: string;
	on: IsoDate;
}

export interface ReferralRow {
	referredOn: IsoDate;
	status: string;
}

export interface OutcomeInput {
	/** First and last month shown, 'YYYY-MM'. */
	fromMonth: string;
	toMonth: string;
	courses: CourseRow[];
	scaling: ScalingRow[];
	measurements: MeasurementRow[];
	discharges: DischargeRow[];
	referrals: ReferralRow[];
	instruments: Instrument[];
	/** Instrument counted as admission days (a sum per period). */
	admissionInstrument?: string;
}

export interface BeforeAfter {
	instrument: string;
	label: string;
	unit: string;
	higherIsBetter: boolean;
	/** Borgere with at least two measurements. */
	n: number;
	before: number | null;
	after: number | null;
	improved: number;
}

export interface Outcomes {
	months: string[];
	caseload: { month: string; count: number }[];
	referralToStart: { quarter: string; medianDays: number | null; n: number }[];
	medianDaysToStart: number | null;
	scaling: { month: string; counts: Record<string, number> }[];
	beforeAfter: BeforeAfter[];
	admissionDays: { quarter: string; days: number; measurements: number }[];
	dischargesByReason: { reason: string; count: number }[];
	referrals: { received: number; accepted: number; rejected: number; referredOn: number };
}

export function monthsBetween(fromMonth: string, toMonth: string): string[] {
	const out: string[] = [];
	let d = parseISO(`${fromMonth}-01`);
	const end = parseISO(`${toMonth}-01`);
	for (let i = 0; d <= end && i < 240; i++) {
		out.push(format(d, 'yyyy-MM'));
		d = addMonths(d, 1);
	}
	return out;
}

export function quarterOf(date: IsoDate): string {
	const m = Number(date.slice(5, 7));
	return `${date.slice(0, 4)} K${Math.ceil(m / 3)}`;
}

function monthEnd(month: string): IsoDate {
	return format(endOfMonth(parseISO(`${month}-01`)), 'yyyy-MM-dd');
}

export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
}

function mean(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

function daysBetween(a: IsoDate, b: IsoDate): number {
	return Math.round((parseISO(b).getTime() - parseISO(a).getTime()) / 86_400_000);
}

function activeAt(c: CourseRow, day: IsoDate): boolean {
	return c.startedOn !== null && c.startedOn <= day && (c.closedOn === null || c.closedOn > day);
}

export function computeOutcomes(input: OutcomeInput): Outcomes {
	const months = monthsBetween(input.fromMonth, input.toMonth);
	const from = `${input.fromMonth}-01`;
	const to = monthEnd(input.toMonth);
	const inRange = (d: IsoDate) => d >= from && d <= to;
	const quarters = [...new Set(months.map((m) => quarterOf(`${m}-01`)))];

	const caseload = months.map((month) => {
		const day = monthEnd(month);
		return { month, count: input.courses.filter((c) => activeAt(c, day)).length };
	});

	const waits = input.courses.flatMap((c) =>
		c.referredOn && c.startedOn && inRange(c.startedOn)
			? [{ q: quarterOf(c.startedOn), days: Math.max(0, daysBetween(c.referredOn, c.startedOn)) }]
			: []
	);
	const referralToStart = quarters.map((quarter) => {
		const days = waits.filter((w) => w.q === quarter).map((w) => w.days);
		return { quarter, medianDays: median(days), n: days.length };
	});

	// The level at a month end is the last scaling event on or before it.
	const eventsBy = new Map<string, ScalingRow[]>();
	for (const e of [...input.scaling].sort((a, b) => a.on.localeCompare(b.on))) {
		const list = eventsBy.get(e.borgerId) ?? [];
		list.push(e);
		eventsBy.set(e.borgerId, list);
	}
	const scaling = months.map((month) => {
		const day = monthEnd(month);
		const counts: Record<string, number> = {};
		for (const c of input.courses) {
			if (!activeAt(c, day)) continue;
			const events = eventsBy.get(c.borgerId) ?? [];
			let level: string | null = null;
			for (const e of events) if (e.on <= day) level = e.toLevel;
			if (level) counts[level] = (counts[level] ?? 0) + 1;
		}
		return { month, counts };
	});

	const beforeAfter: BeforeAfter[] = input.instruments.map((instrument) => {
		const byBorger = new Map<string, MeasurementRow[]>();
		for (const m of input.measurements) {
			if (m.instrument !== instrument.key || m.measuredOn > to) continue;
			const list = byBorger.get(m.borgerId) ?? [];
			list.push(m);
			byBorger.set(m.borgerId, list);
		}
		const firsts: number[] = [];
		const lasts: number[] = [];
		let improved = 0;
		for (const list of byBorger.values()) {
			if (list.length < 2) continue;
			list.sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
			const last = list.at(-1)!;
			if (!inRange(last.measuredOn)) continue;
			const first = list[0]!;
			firsts.push(first.score);
			lasts.push(last.score);
			if (instrument.higherIsBetter ? last.score > first.score : last.score < first.score)
				improved++;
		}
		return {
			instrument: instrument.key,
			label: instrument.label,
			unit: instrument.unit,
			higherIsBetter: instrument.higherIsBetter,
			n: firsts.length,
			before: mean(firsts),
			after: mean(lasts),
			improved
		};
	});

	const admissionKey = input.admissionInstrument ?? 'indlaeggelsesdage';
	const admissionDays = quarters.map((quarter) => {
		const rows = input.measurements.filter(
			(m) =>
				m.instrument === admissionKey &&
				inRange(m.measuredOn) &&
				quarterOf(m.measuredOn) === quarter
		);
		return { quarter, days: rows.reduce((a, m) => a + m.score, 0), measurements: rows.length };
	});

	const reasonCounts = new Map<string, number>();
	for (const d of input.discharges) {
		if (!inRange(d.on)) continue;
		reasonCounts.set(d.reason, (reasonCounts.get(d.reason) ?? 0) + 1);
	}
	const dischargesByReason = [...reasonCounts.entries()]
		.map(([reason, count]) => ({ reason, count }))
		.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

	const refs = input.referrals.filter((r) => inRange(r.referredOn));
	return {
		months,
		caseload,
		referralToStart,
		medianDaysToStart: median(waits.map((w) => w.days)),
		scaling,
		beforeAfter,
		admissionDays,
		dischargesByReason,
		referrals: {
			received: refs.length,
			accepted: refs.filter((r) => r.status === 'optaget').length,
			rejected: refs.filter((r) => r.status === 'afvist').length,
			referredOn: refs.filter((r) => r.status === 'videresendt').length
		}
	};
}

/** The figures as CSV rows (section, period/key, measure, value), Danish headings. */
export function outcomesCsv(
	o: Outcomes,
	labels: { level: (k: string) => string; reason: (k: string) => string }
): string {
	const rows: (string | number | null)[][] = [['Afsnit', 'Periode', 'Mål', 'Værdi']];
	for (const c of o.caseload)
		rows.push(['Caseload', c.month, 'Aktive forløb ved månedens udgang', c.count]);
	for (const r of o.referralToStart)
		rows.push(['Henvisning til opstart', r.quarter, `Median dage (n=${r.n})`, r.medianDays]);
	for (const s of o.scaling)
		for (const [level, n] of Object.entries(s.counts))
			rows.push(['Skalering', s.month, labels.level(level), n]);
	for (const b of o.beforeAfter) {
		rows.push(['Før/efter', b.label, `Første måling, gennemsnit (n=${b.n})`, b.before]);
		rows.push(['Før/efter', b.label, `Seneste måling, gennemsnit (n=${b.n})`, b.after]);
		rows.push(['Før/efter', b.label, 'Antal forbedret', b.improved]);
	}
	for (const a of o.admissionDays) rows.push(['Indlæggelsesdage', a.quarter, 'Dage i alt', a.days]);
	for (const d of o.dischargesByReason)
		rows.push(['Afslutninger', '', labels.reason(d.reason), d.count]);
	rows.push(['Henvisninger', '', 'Modtaget', o.referrals.received]);
	rows.push(['Henvisninger', '', 'Optaget', o.referrals.accepted]);
	rows.push(['Henvisninger', '', 'Afvist', o.referrals.rejected]);
	rows.push(['Henvisninger', '', 'Henvist videre', o.referrals.referredOn]);
	// Semicolon-separated with a BOM: what Danish Excel opens without an import dialog.
	const cell = (v: string | number | null) => {
		if (v === null) return '';
		// Text that starts like a formula is neutralised so a spreadsheet shows it as text.
		const s = typeof v === 'number' ? String(v).replace('.', ',') : v.replace(/^([=+\-@])/, "'$1");
		return /[";\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	return '\uFEFF' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
