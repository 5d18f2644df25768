import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { z } from '$lib/zod';
import { t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { hitRateLimit } from '$lib/server/auth/rate-limit';

const input = z.object({ email: z.email('Skriv en gyldig e-mailadresse.').max(200) });

export const actions: Actions = {
	default: async (event) => {
		const parsed = input.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]!.message, sent: false });
		const db = await getDb();
		const limit = await hitRateLimit(db, `reset:${event.getClientAddress()}`, 5, 15 * 60_000);
		if (!limit.allowed) return fail(429, { message: t.errors.tooMany, sent: false });
		await requestPasswordReset(db, parsed.data.email, event.url.origin);
		// Same answer whether or not the e-mail exists.
		return { sent: true, message: null };
	}
};
