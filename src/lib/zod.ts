import * as z from './zod-storable';

// Zod with Danish default messages, used by every schema (forms, tRPC, socket events)
// so a validation error is readable by the person who made it. Its `z.string()`,
// `z.iso.date()` and `z.iso.datetime()` also refuse text and dates PostgreSQL cannot
// store (NUL, lone surrogates, year 0000), so no input reaches the database as a 500.
z.config(z.locales.da());

export { z };
export { isStorableText, FIRST_DATE, LAST_DATE } from './zod-storable';

/** Flatten zod issues to `{ field: message }` for forms and API errors. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_';
		out[key] ??= issue.message;
	}
	return out;
}
