import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { consumeAuthToken, findValidAuthToken } from '$lib/server/auth/reset';
import { passwordSchema } from '$lib/server/auth/password';

export const load: PageServerLoad = async ({ params }) => {
	const token = await findValidAuthToken(await getDb(), params.token);
	return { valid: Boolean(token) };
};

const input = z
	.object({ password: passwordSchema, repeat: z.string() })
	.refine((v) => v.password === v.repeat, { message: t.reset.mismatch, path: ['repeat'] });

export const actions: Actions = {
	default: async ({ request, params }) => {
		const parsed = input.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]!.message, done: false });
		const result = await consumeAuthToken(await getDb(), params.token, parsed.data.password);
		if (!result) return fail(400, { message: t.reset.invalidToken, done: false });
		return { done: true, message: null };
	}
};
