import { z } from 'zod';

// Zod with Danish default messages, used by every schema (forms, tRPC, socket events)
// so a validation error is readable by the person who made it.
z.config(z.locales.da());

export { z };

/** Flatten zod issues to `{ field: message }` for forms and API errors. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_';
		out[key] ??= issue.message;
	}
	return out;
}
