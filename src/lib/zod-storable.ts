/**
 * zod, except that `string()`, `iso.date()` and `iso.datetime()` also refuse what
 * PostgreSQL cannot store, each with a Danish message. Imported by $lib/zod as `z`; never
 * import this module (or 'zod') directly in an input schema (src/lib/zod.test.ts checks).
 */
import * as zod from 'zod';
import { securityText } from '$lib/i18n/da';

export * from 'zod';

/**
 * Text PostgreSQL can store. It refuses the NUL character in text and jsonb, and a lone
 * UTF-16 surrogate (half of an emoji, as a broken paste or a fuzzer sends) cannot be
 * encoded as UTF-8 at all; both used to end as an HTTP 500 after passing validation.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
	return !UNSTORABLE.test(value);
}

/**
 * Dates people mean in this service lie between these days; PostgreSQL refuses year
 * 0000 outright, and far-off years overflow date arithmetic (reminders, cadences).
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2199-12-31';

/** Judges only well-formed dates: a malformed one gets zod's own format message alone. */
function inDateRange(iso: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return true;
	const day = iso.slice(0, 10);
	return day >= FIRST_DATE && day <= LAST_DATE;
}

// Not aborting: inside a union (a date or ''), zod reports the one option that did not
// abort, so the person sees this message rather than a generic "invalid input".

export function string(params?: Parameters<typeof zod.string>[0]) {
	return zod.string(params).refine(isStorableText, { message: securityText.badText });
}

export const iso = {
	...zod.iso,
	date: (params?: Parameters<typeof zod.iso.date>[0]) =>
		zod.iso.date(params).refine(inDateRange, { message: securityText.badDate }),
	datetime: (params?: Parameters<typeof zod.iso.datetime>[0]) =>
		zod.iso.datetime(params).refine(inDateRange, { message: securityText.badDateTime })
};
