/**
 * Support-intensity levels (*op-/nedskalering*, DOMAIN.md §4) and the cadence maths the
 * board and the agenda planner build on.
 *
 * The seeds name no discrete levels, so everything here is a configurable default: a team
 * may rename, add or drop levels. Keys are stored on scaling events, so a level that has
 * been used should be kept (and hidden) rather than deleted.
 *
 * Pure module: "today" is always a parameter, never read from the clock.
 */
import { addDays, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';

// ---------------------------------------------------------------------------------------
// Calendar dates
// ---------------------------------------------------------------------------------------

/** A calendar date in Europe/Copenhagen, written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A calendar date, or a timestamp that is turned into its Copenhagen calendar date. */
export type DateInput = IsoDate | Date;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// The team works in Copenhagen time whatever time zone the server or browser runs in, so
// a timestamp at 23:30 UTC in summer already belongs to the next day.
const copenhagenParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Copenhagen',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/**
 * Normalise a date input to 'YYYY-MM-DD'. Date-only strings are taken as they are
 * (after validation); Date objects and full ISO timestamps are read in Copenhagen time.
 * Throws RangeError on anything that is not a real date, because a silently wrong due
 * date on a clinical board is worse than a loud error.
 */
export function toIsoDate(value: DateInput): IsoDate {
	if (typeof value === 'string') {
		if (ISO_DATE.test(value)) {
			if (!isValid(parseISO(value))) throw new RangeError(`Ugyldig dato: ${value}`);
			return value;
		}
		// Full timestamps must carry an offset; a bare local time would be read in the
		// runtime's zone, which is exactly the ambiguity we want to avoid.
		if (!/T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) throw new RangeError(`Ugyldig dato: ${value}`);
		return toIsoDate(new Date(value));
	}
	if (!isValid(value)) throw new RangeError('Ugyldig dato');
	const parts = Object.fromEntries(
		copenhagenParts.formatToParts(value).map((part) => [part.type, part.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}`;
}

// Calendar arithmetic is done on local midnight on both sides (parse and format), so
// the result does not depend on the runtime's zone or on DST changes.
function parseDay(value: DateInput): Date {
	return parseISO(toIsoDate(value));
}

/** Whole calendar days from `date` to `today`; negative when `date` lies in the future. */
export function daysSince(date: DateInput, today: DateInput): number {
	return differenceInCalendarDays(parseDay(today), parseDay(date));
}

// ---------------------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------------------

/** Shared visual tone; the UI maps it to colour *and* text, never colour alone. */
export type Tone = 'critical' | 'warning' | 'ok' | 'neutral';
export const TONES = ['critical', 'warning', 'ok', 'neutral'] as const satisfies readonly Tone[];

export interface ScalingLevel {
	/** Stable identifier stored on scaling events: a–z, 0–9 and _. */
	key: string;
	label: string;
	description: string;
	/** Days between board discussions; null = not scheduled, only when someone raises it. */
	cadenceDays: number | null;
	/** On the board = shared caseload: the whole inner wheel shares responsibility. */
	onBoard: boolean;
	/** Higher = more intensive. Decides whether a change is scaling up or down. */
	rank: number;
	tone: Tone;
}

/**
 * Defaults from DOMAIN.md §4 (an inference, not a seed rule). Stabil uses the long end
 * of "every 4–6 weeks" because it also covers on-demand discussion. Skærpet stays on the
 * board: TIB coordinates weekly or fortnightly on the shared board (001:4376), and
 * individual follow-up is what marks the stable phase (001:4325–4328).
 */
export const DEFAULT_SCALING_LEVELS: readonly ScalingLevel[] = [
	{
		key: 'intensiv',
		label: 'Intensiv',
		description: 'Ustabil periode. Fælles caseload; drøftes på hvert tavlemøde.',
		cadenceDays: 7,
		onBoard: true,
		rank: 3,
		tone: 'critical'
	},
	{
		key: 'skaerpet',
		label: 'Skærpet',
		description: 'I risiko eller i bedring. Fælles caseload; drøftes hver 2. uge.',
		cadenceDays: 14,
		onBoard: true,
		rank: 2,
		tone: 'warning'
	},
	{
		key: 'stabil',
		label: 'Stabil',
		description:
			'Individuel opfølgning ved den primære behandler; drøftes hver 6. uge eller efter behov.',
		cadenceDays: 42,
		onBoard: false,
		rank: 1,
		tone: 'ok'
	},
	{
		key: 'ikke_paa_tavlen',
		label: 'Ikke på tavlen',
		description: 'Tilknyttet teamet, men ikke planlagt; drøftes kun når nogen rejser sagen.',
		cadenceDays: null,
		onBoard: false,
		rank: 0,
		tone: 'neutral'
	}
];

export interface ScalingReason {
	key: string;
	label: string;
}

/** Default reasons for scaling up (DOMAIN.md §4, inferred from §5). "Andet" keeps free text possible. */
export const SCALING_REASONS_UP: readonly ScalingReason[] = [
	{ key: 'psykiatrisk_forvaerring', label: 'Psykiatrisk forværring' },
	{ key: 'rusmiddelbrug', label: 'Øget eller ændret rusmiddelbrug' },
	{ key: 'selvmord_selvskade', label: 'Selvmordstanker eller selvskade' },
	{ key: 'vold_trusler', label: 'Vold eller trusler' },
	{ key: 'indlaeggelse_udskrivning', label: 'Indlæggelse eller udskrivning' },
	{ key: 'tab_af_bolig', label: 'Tab af bolig' },
	{ key: 'retssag', label: 'Retssag' },
	{ key: 'mistet_kontakt', label: 'Mistet kontakt' },
	{ key: 'doedsfald', label: 'Dødsfald i nærmeste kreds' },
	{ key: 'andet', label: 'Andet' }
];

/** Default reasons for scaling down (DOMAIN.md §4). */
export const SCALING_REASONS_DOWN: readonly ScalingReason[] = [
	{ key: 'stabilisering', label: 'Stabilisering' },
	{ key: 'maal_naaet', label: 'Mål nået' },
	{ key: 'stabil_kontakt', label: 'Stabil kontakt' },
	{ key: 'andet', label: 'Andet' }
];

export type ScalingDirection = 'up' | 'down' | 'same' | 'initial';

/** Look up a level by key; undefined when the team has no such level. */
export function findLevel(key: string, levels: readonly ScalingLevel[]): ScalingLevel | undefined {
	return levels.find((level) => level.key === key);
}

function requireLevel(key: string, levels: readonly ScalingLevel[]): ScalingLevel {
	const level = findLevel(key, levels);
	// Unknown keys mean a level was deleted while events still point at it; calling that
	// "same" or "down" would record a wrong clinical fact, so fail loudly.
	if (!level) throw new RangeError(`Ukendt skaleringsniveau: ${key}`);
	return level;
}

/** Direction of a change from one level to another; `from` null is the first placement. */
export function direction(
	from: string | null,
	to: string,
	levels: readonly ScalingLevel[]
): ScalingDirection {
	const toLevel = requireLevel(to, levels);
	if (from === null) return 'initial';
	const fromLevel = requireLevel(from, levels);
	if (toLevel.rank > fromLevel.rank) return 'up';
	if (toLevel.rank < fromLevel.rank) return 'down';
	return 'same';
}

// ---------------------------------------------------------------------------------------
// Cadence
// ---------------------------------------------------------------------------------------

/**
 * When the borger is next due on the board: the cadence counted from the last discussion,
 * or from `startDate` when never discussed. If `startDate` is later than the last
 * discussion (re-enrolment, or the level started after it) the clock starts at
 * `startDate`, so an old discussion cannot make a fresh start look overdue.
 * Null for levels without a cadence: they are only discussed when raised.
 */
export function nextDueDate(
	lastDiscussed: DateInput | null,
	level: ScalingLevel,
	startDate: DateInput
): IsoDate | null {
	if (level.cadenceDays === null) return null;
	const start = toIsoDate(startDate);
	const last = lastDiscussed === null ? null : toIsoDate(lastDiscussed);
	const from = last !== null && last > start ? last : start;
	return format(addDays(parseISO(from), level.cadenceDays), 'yyyy-MM-dd');
}

/** Overdue once the due date has passed; being due today is not overdue yet. */
export function isOverdue(nextDue: DateInput | null, today: DateInput): boolean {
	return overdueDays(nextDue, today) > 0;
}

/** Days past the due date; 0 when not due yet, due today or not scheduled at all. */
export function overdueDays(nextDue: DateInput | null, today: DateInput): number {
	if (nextDue === null) return 0;
	return Math.max(0, daysSince(nextDue, today));
}

// ---------------------------------------------------------------------------------------
// Validation of a team's level list
// ---------------------------------------------------------------------------------------

const LEVEL_KEY = /^[a-z0-9_]+$/;

/**
 * Check a team's level configuration. Returns Danish messages for the settings page;
 * an empty array means the list is valid.
 */
export function validateLevels(levels: readonly ScalingLevel[]): string[] {
	const errors: string[] = [];
	if (levels.length === 0) {
		errors.push('Der skal være mindst ét skaleringsniveau.');
		return errors;
	}

	const seenKeys = new Set<string>();
	const reportedKeys = new Set<string>();
	const seenRanks = new Set<number>();
	const reportedRanks = new Set<number>();

	levels.forEach((level, index) => {
		const name = level.label.trim() || level.key || `nr. ${index + 1}`;

		if (!LEVEL_KEY.test(level.key)) {
			errors.push(
				`Niveau "${name}" skal have en nøgle med kun små bogstaver (a–z), tal og understregning.`
			);
		} else if (seenKeys.has(level.key)) {
			if (!reportedKeys.has(level.key)) {
				errors.push(`Nøglen "${level.key}" bruges af mere end ét niveau.`);
				reportedKeys.add(level.key);
			}
		} else {
			seenKeys.add(level.key);
		}

		if (level.label.trim() === '') {
			errors.push(`Niveau "${name}" mangler et navn.`);
		}

		if (
			level.cadenceDays !== null &&
			!(Number.isInteger(level.cadenceDays) && level.cadenceDays > 0)
		) {
			errors.push(
				`Kadencen for "${name}" skal være et helt antal dage større end 0, eller tom (kun når sagen rejses).`
			);
		}

		if (!Number.isInteger(level.rank)) {
			errors.push(`Rangen for "${name}" skal være et helt tal.`);
		} else if (seenRanks.has(level.rank)) {
			if (!reportedRanks.has(level.rank)) {
				errors.push(`Rangen ${level.rank} bruges af mere end ét niveau.`);
				reportedRanks.add(level.rank);
			}
		} else {
			seenRanks.add(level.rank);
		}

		if (!(TONES as readonly string[]).includes(level.tone)) {
			errors.push(`Niveau "${name}" har en ukendt farvetone.`);
		}
	});

	return errors;
}
