import type { Month } from 'date-fns';
import { da } from 'date-fns/locale';
import { toIsoDate, type DateInput, type IsoDate } from '../scaling';
import type { PlannerLevel } from './types';

/** The Danish words the planner writes into reasons and warnings. */

export const danish = new Intl.Collator('da');

/**
 * '10. jun. 2024', as `format(d, 'd. MMM yyyy', { locale: da })` writes it, read straight
 * from the ISO string: format() costs tens of microseconds, which adds up for 60 borgere.
 */
export function danishDate(date: DateInput): string {
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
export function isoDay(value: DateInput): IsoDate {
	return typeof value === 'string' && ISO_DATE.test(value) ? value : toIsoDate(value);
}

function cadenceText(days: number | null): string {
	if (days === null) return 'kun når sagen rejses';
	if (days === 1) return 'hver dag';
	if (days === 7) return 'hver uge';
	if (days % 7 === 0) return `hver ${days / 7}. uge`;
	return `hver ${days}. dag`;
}

export function levelText(level: PlannerLevel): string {
	return `${level.label}, ${cadenceText(level.cadenceDays)}`;
}

export const plural = (count: number, one: string, many: string) =>
	`${count} ${count === 1 ? one : many}`;

export const ALL_BORGERE_LABEL = {
	brief: 'Alle borgere gennemgås: kort status',
	in_depth: 'Alle borgere gennemgås: uddybende (ustabil)',
	shortened: 'Alle borgere gennemgås: kort status (forkortet, tiden slår ikke til)'
};
