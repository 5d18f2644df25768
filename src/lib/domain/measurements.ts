/**
 * Outcome measurements: the instrument catalogue (WHO-5 built in and scored, others as
 * configurable numeric forms), scoring, interpretation and the measurement schedule.
 *
 * Sources (DOMAIN.md §6): WHO-5 at start, during and at the end (001:3825–3827); intake,
 * discharge, 3 and 6 months after (003:739); Recovery Star's 10 life areas (001:1450);
 * admission days and coercion counted by hand (001:2944, 1101, 2830); Europ-ASI areas
 * (002:12). Pure: no I/O.
 */
import { addDays, addMonths, format, parseISO } from 'date-fns';
import { daysSince, toIsoDate, type DateInput, type IsoDate } from './scaling';

// ---------------------------------------------------------------------------------------
// WHO-5
// ---------------------------------------------------------------------------------------

/** The five items of the Danish WHO-5 Trivselsindeks, each about "de sidste 2 uger". */
export const WHO5_ITEMS = [
	{ key: 'q1', text: 'Har jeg været glad og i godt humør' },
	{ key: 'q2', text: 'Har jeg følt mig rolig og afslappet' },
	{ key: 'q3', text: 'Har jeg følt mig aktiv og energisk' },
	{ key: 'q4', text: 'Er jeg vågnet frisk og udhvilet' },
	{ key: 'q5', text: 'Har min dagligdag været fyldt med ting, der interesserer mig' }
] as const;
export type Who5ItemKey = (typeof WHO5_ITEMS)[number]['key'];

/** Answer scale, 5 = all of the time … 0 = at no time. */
export const WHO5_OPTIONS = [
	{ value: 5, label: 'Hele tiden' },
	{ value: 4, label: 'Det meste af tiden' },
	{ value: 3, label: 'Lidt mere end halvdelen af tiden' },
	{ value: 2, label: 'Lidt mindre end halvdelen af tiden' },
	{ value: 1, label: 'Lidt af tiden' },
	{ value: 0, label: 'På intet tidspunkt' }
] as const;

export type Who5Band = 'god' | 'nedsat' | 'lav';

/**
 * Interpretation thresholds on the 0–100 scale (Topp et al. 2015, WHO-5 review):
 * ≤ 50 = reduced wellbeing, screen for depression; ≤ 28 = likely depression.
 * A difference of 10 points is the minimal clinically relevant change.
 */
export const WHO5_THRESHOLDS = { reduced: 50, low: 28, relevantChange: 10 } as const;

export const WHO5_BAND_INFO: Record<Who5Band, { label: string; advice: string }> = {
	god: { label: 'God trivsel', advice: 'Ingen tegn på nedsat trivsel.' },
	nedsat: {
		label: 'Nedsat trivsel',
		advice: 'Score ≤ 50: overvej screening for depression.'
	},
	lav: {
		label: 'Meget lav trivsel',
		advice: 'Score ≤ 28: tegn på depression; bør vurderes nærmere.'
	}
};

export interface Who5Result {
	/** Sum of the five items, 0–25. */
	raw: number;
	/** raw × 4, 0–100. */
	score: number;
	band: Who5Band;
	/** An item answered 0 or 1 is a reason to look closer whatever the total (WHO 1998). */
	lowItem: boolean;
}

/** Score a complete WHO-5. Throws RangeError on a missing or invalid answer. */
export function scoreWho5(answers: Record<string, number>): Who5Result {
	let raw = 0;
	let lowItem = false;
	for (const item of WHO5_ITEMS) {
		const v = answers[item.key];
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 5) {
			throw new RangeError(`WHO-5: ugyldigt svar på "${item.text}"`);
		}
		raw += v;
		if (v <= 1) lowItem = true;
	}
	const score = raw * 4;
	return { raw, score, band: who5Band(score), lowItem };
}

export function who5Band(score: number): Who5Band {
	if (score <= WHO5_THRESHOLDS.low) return 'lav';
	if (score <= WHO5_THRESHOLDS.reduced) return 'nedsat';
	return 'god';
}

/** Change between two WHO-5 scores, read as the minimal relevant change of 10 points. */
export function who5Change(before: number, after: number): 'bedre' | 'uaendret' | 'vaerre' {
	const d = after - before;
	if (d >= WHO5_THRESHOLDS.relevantChange) return 'bedre';
	if (d <= -WHO5_THRESHOLDS.relevantChange) return 'vaerre';
	return 'uaendret';
}

// ---------------------------------------------------------------------------------------
// Configurable instruments
// ---------------------------------------------------------------------------------------

export interface InstrumentField {
	key: string;
	label: string;
	min: number;
	max: number;
	/** Optional labelled choices (e.g. housing status); the value is still a number. */
	options?: { value: number; label: string }[];
}

export interface Instrument {
	/** a–z, 0–9, _ ; 'who5' is reserved for the built-in WHO-5. */
	key: string;
	label: string;
	description: string;
	/** How the result is formed from the fields. */
	aggregate: 'sum' | 'mean';
	/** Unit shown after the result, e.g. "dage". */
	unit: string;
	/** For before/after comparisons on the dashboard. */
	higherIsBetter: boolean;
	fields: InstrumentField[];
	/** Seed reference shown in settings (DOMAIN.md §11.20). */
	source: string;
}

export const WHO5_KEY = 'who5';

const RECOVERY_STAR_AREAS = [
	'Håndtering af psykisk helbred',
	'Fysisk helbred og egenomsorg',
	'Daglige færdigheder',
	'Sociale netværk',
	'Arbejde',
	'Relationer',
	'Afhængighedsadfærd',
	'Ansvar',
	'Identitet og selvværd',
	'Tro og håb'
];

/** The built-in WHO-5 in catalogue form (for labels and the schedule). */
export const WHO5_INSTRUMENT: Instrument = {
	key: WHO5_KEY,
	label: 'WHO-5 Trivselsindeks',
	description: 'Fem spørgsmål om de sidste 2 uger; score 0–100.',
	aggregate: 'sum',
	unit: 'point',
	higherIsBetter: true,
	fields: WHO5_ITEMS.map((i) => ({ key: i.key, label: i.text, min: 0, max: 5 })),
	source: '001:3825–3827'
};

/** Defaults for the team's catalogue (beside the built-in WHO-5). */
export const DEFAULT_INSTRUMENTS: readonly Instrument[] = [
	{
		key: 'recovery_star',
		label: 'Recovery Star',
		description: 'Ti livsområder, hver fra 1 (fastlåst) til 10 (selvhjulpen).',
		aggregate: 'mean',
		unit: '',
		higherIsBetter: true,
		fields: RECOVERY_STAR_AREAS.map((label, i) => ({
			key: `o${i + 1}`,
			label,
			min: 1,
			max: 10
		})),
		source: '001:1450'
	},
	{
		key: 'indlaeggelsesdage',
		label: 'Indlæggelsesdage',
		description: 'Antal dage indlagt i psykiatrien siden sidste måling.',
		aggregate: 'sum',
		unit: 'dage',
		higherIsBetter: false,
		fields: [{ key: 'dage', label: 'Indlæggelsesdage siden sidste måling', min: 0, max: 366 }],
		source: '001:2944, 001:1101'
	},
	{
		key: 'tvang',
		label: 'Tvangsepisoder',
		description: 'Antal tvangsindlæggelser og andre tvangsepisoder siden sidste måling.',
		aggregate: 'sum',
		unit: 'episoder',
		higherIsBetter: false,
		fields: [
			{ key: 'indlaeggelser', label: 'Tvangsindlæggelser', min: 0, max: 100 },
			{
				key: 'andre',
				label: 'Andre tvangsepisoder (fx fiksering, tvangsmedicinering)',
				min: 0,
				max: 500
			}
		],
		source: '001:1101, 001:2830'
	},
	{
		key: 'rusmidler',
		label: 'Rusmiddelbrug (30 dage)',
		description: 'Dage med brug af alkohol og stoffer de sidste 30 dage, som i Europ-ASI.',
		aggregate: 'sum',
		unit: 'dage',
		higherIsBetter: false,
		fields: [
			{ key: 'alkohol', label: 'Dage med alkohol til beruselse', min: 0, max: 30 },
			{ key: 'stoffer', label: 'Dage med brug af stoffer', min: 0, max: 30 }
		],
		source: '002:12'
	},
	{
		key: 'bolig',
		label: 'Boligsituation',
		description: 'Boligstatus på måletidspunktet (højere er mere stabilt).',
		aggregate: 'sum',
		unit: '',
		higherIsBetter: true,
		fields: [
			{
				key: 'status',
				label: 'Boligstatus',
				min: 1,
				max: 5,
				options: [
					{ value: 1, label: 'Hjemløs / gadesovende' },
					{ value: 2, label: 'Herberg eller forsorgshjem' },
					{ value: 3, label: 'Midlertidigt hos andre' },
					{ value: 4, label: 'Egen bolig med bostøtte' },
					{ value: 5, label: 'Egen bolig' }
				]
			}
		],
		source: '001:1450 (livsområdet bolig)'
	}
];

/** The catalogue a team measures with: WHO-5 first, then the team's instruments. */
export function catalogue(custom: readonly Instrument[]): Instrument[] {
	return [WHO5_INSTRUMENT, ...custom.filter((i) => i.key !== WHO5_KEY)];
}

export function findInstrument(key: string, custom: readonly Instrument[]): Instrument | undefined {
	return catalogue(custom).find((i) => i.key === key);
}

export interface ScoredMeasurement {
	score: number;
	/** For WHO-5: the band; otherwise null. */
	band: Who5Band | null;
	lowItem: boolean;
}

/**
 * Score any instrument. Every field must be answered within its range; the result is
 * rounded to one decimal so means stay readable. Throws RangeError with a Danish message.
 */
export function scoreInstrument(
	instrument: Instrument,
	answers: Record<string, number>
): ScoredMeasurement {
	if (instrument.key === WHO5_KEY) {
		const r = scoreWho5(answers);
		return { score: r.score, band: r.band, lowItem: r.lowItem };
	}
	const values: number[] = [];
	for (const f of instrument.fields) {
		const v = answers[f.key];
		if (typeof v !== 'number' || !Number.isFinite(v) || v < f.min || v > f.max) {
			throw new RangeError(
				`${instrument.label}: "${f.label}" skal være mellem ${f.min} og ${f.max}.`
			);
		}
		if (f.options && !f.options.some((o) => o.value === v)) {
			throw new RangeError(`${instrument.label}: vælg en af mulighederne for "${f.label}".`);
		}
		values.push(v);
	}
	if (values.length === 0) throw new RangeError(`${instrument.label} har ingen felter.`);
	const sum = values.reduce((a, b) => a + b, 0);
	const score = instrument.aggregate === 'mean' ? sum / values.length : sum;
	return { score: Math.round(score * 10) / 10, band: null, lowItem: false };
}

/** "Did it get better?" for the dashboard, given the instrument's direction. */
export function improved(instrument: Instrument, before: number, after: number): boolean {
	return instrument.higherIsBetter ? after > before : after < before;
}

// ---------------------------------------------------------------------------------------
// Schedule
// ---------------------------------------------------------------------------------------

export interface MeasurementSchedule {
	atIntake: boolean;
	/** Fixed follow-ups in months after the start, e.g. [3, 6]. */
	months: number[];
	/** Then every N months after the last fixed one; null = none. */
	thenEveryMonths: number | null;
	atDischarge: boolean;
	/** Instruments measured at each occasion. */
	instruments: string[];
	/** A measurement shows as due this many days before its date. */
	dueSoonDays: number;
}

/** DOMAIN.md §6: intake, 3 and 6 months, every 6 months after that, and discharge. */
export const DEFAULT_SCHEDULE: MeasurementSchedule = {
	atIntake: true,
	months: [3, 6],
	thenEveryMonths: 6,
	atDischarge: true,
	instruments: [WHO5_KEY, 'recovery_star', 'indlaeggelsesdage', 'tvang'],
	dueSoonDays: 14
};

export const INTAKE = 'indskrivning';
export const DISCHARGE = 'afslutning';
export const EXTRA = 'ekstra';

export interface Occasion {
	/** 'indskrivning', 'm3', 'm6', 'm12', …, 'afslutning'. */
	key: string;
	dueOn: IsoDate;
}

export function occasionLabel(key: string): string {
	if (key === INTAKE) return 'Indskrivning';
	if (key === DISCHARGE) return 'Afslutning';
	if (key === EXTRA) return 'Ekstra måling';
	const m = /^m(\d+)$/.exec(key);
	if (m) return `${m[1]} måneder`;
	return key;
}

function plusMonths(date: IsoDate, months: number): IsoDate {
	return format(addMonths(parseISO(date), months), 'yyyy-MM-dd');
}

/**
 * The scheduled occasions of one course from its start up to `until` (inclusive), plus
 * the discharge occasion when the course has ended. Follow-ups that would fall after a
 * discharge are dropped: the discharge measurement replaces them.
 */
export function scheduleOccasions(
	schedule: MeasurementSchedule,
	start: DateInput,
	until: DateInput,
	dischargedOn: DateInput | null = null
): Occasion[] {
	const startDay = toIsoDate(start);
	const end = dischargedOn ? toIsoDate(dischargedOn) : toIsoDate(until);
	const out: Occasion[] = [];
	if (schedule.atIntake) out.push({ key: INTAKE, dueOn: startDay });
	const fixed = [...new Set(schedule.months)].filter((m) => m > 0).sort((a, b) => a - b);
	const months: number[] = [...fixed];
	if (schedule.thenEveryMonths && schedule.thenEveryMonths > 0) {
		let m = (fixed.at(-1) ?? 0) + schedule.thenEveryMonths;
		// Enough to cover any real course (50 years); the loop stops at `end` anyway.
		while (m <= 600) {
			if (plusMonths(startDay, m) > end) break;
			months.push(m);
			m += schedule.thenEveryMonths;
		}
	}
	for (const m of months) {
		const dueOn = plusMonths(startDay, m);
		if (dueOn > end) break;
		out.push({ key: `m${m}`, dueOn });
	}
	if (dischargedOn && schedule.atDischarge) {
		out.push({ key: DISCHARGE, dueOn: toIsoDate(dischargedOn) });
	}
	return out;
}

export type DueState = 'kommende' | 'forfalden' | 'overskredet';

export interface DueMeasurement {
	occasion: string;
	dueOn: IsoDate;
	/** Instruments of the schedule not yet measured at this occasion. */
	missing: string[];
	state: DueState;
	/** Days past dueOn (0 when not yet overdue). */
	overdueDays: number;
}

/**
 * What is due for one borger today: every scheduled occasion up to today + dueSoonDays
 * that still misses an instrument. An occasion whose successor is already due counts as
 * missed and is not asked for any more (a 3-month WHO-5 is not taken at 7 months); it
 * still counts against the schedule in the audit.
 */
export function dueMeasurements(input: {
	schedule: MeasurementSchedule;
	start: DateInput;
	today: DateInput;
	dischargedOn?: DateInput | null;
	/** Measurements taken: instrument + occasion. */
	taken: readonly { instrument: string; occasion: string }[];
}): DueMeasurement[] {
	const today = toIsoDate(input.today);
	const horizon = format(addDays(parseISO(today), input.schedule.dueSoonDays), 'yyyy-MM-dd');
	const occasions = scheduleOccasions(
		input.schedule,
		input.start,
		horizon,
		input.dischargedOn ?? null
	).filter((o) => o.dueOn <= horizon);
	const done = new Set(input.taken.map((t) => `${t.instrument}|${t.occasion}`));
	const out: DueMeasurement[] = [];
	for (const [i, o] of occasions.entries()) {
		const next = occasions[i + 1];
		// Discharge is always asked for; other occasions lapse once the next one is due.
		if (o.key !== DISCHARGE && next && next.dueOn <= today) continue;
		const missing = input.schedule.instruments.filter((k) => !done.has(`${k}|${o.key}`));
		if (missing.length === 0) continue;
		const overdue = Math.max(0, daysSince(o.dueOn, today));
		out.push({
			occasion: o.key,
			dueOn: o.dueOn,
			missing,
			state: o.dueOn > today ? 'kommende' : overdue > 0 ? 'overskredet' : 'forfalden',
			overdueDays: overdue
		});
	}
	return out;
}

/** The occasion a new measurement most likely belongs to: the nearest scheduled one. */
export function suggestOccasion(
	schedule: MeasurementSchedule,
	start: DateInput,
	on: DateInput
): Occasion | null {
	const day = toIsoDate(on);
	const occasions = scheduleOccasions(
		schedule,
		start,
		format(addMonths(parseISO(day), 12), 'yyyy-MM-dd')
	);
	let best: Occasion | null = null;
	let bestDist = Infinity;
	for (const o of occasions) {
		const d = Math.abs(daysSince(o.dueOn, day));
		if (d < bestDist) {
			best = o;
			bestDist = d;
		}
	}
	return best;
}

/**
 * The board flag for a borger's due measurements (the earliest one), or null. Overdue is
 * a warning; due soon is information, so it never outranks risk on the board.
 */
export function measurementFlag(
	due: readonly DueMeasurement[] | undefined
): { kind: 'measurement_due'; label: string; severity: 'warning' | 'info' } | null {
	const first = due?.[0];
	if (!first) return null;
	const what = occasionLabel(first.occasion).toLowerCase();
	if (first.state === 'overskredet')
		return {
			kind: 'measurement_due',
			label: `Måling ved ${what} overskredet med ${first.overdueDays} ${first.overdueDays === 1 ? 'dag' : 'dage'}`,
			severity: 'warning'
		};
	if (first.state === 'forfalden')
		return {
			kind: 'measurement_due',
			label: `Måling ved ${what} forfalder i dag`,
			severity: 'warning'
		};
	const [y, m, d] = first.dueOn.split('-');
	return {
		kind: 'measurement_due',
		label: `Måling ved ${what} forfalder ${Number(d)}.${Number(m)}.${y}`,
		severity: 'info'
	};
}
