import { MINUTES_PER_DAY, isClockTime, type ClockTime } from './clock';

/**
 * A team's meeting settings: how the agenda is planned (mode), the meeting's length and
 * start, slot lengths and the fixed items. Every number is a configurable default.
 */

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

export const isPositiveInteger = (value: number) => Number.isInteger(value) && value > 0;

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
