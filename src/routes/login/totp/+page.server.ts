import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { attemptTotp } from '$lib/server/auth/login';
import { safeNext } from '$lib/server/auth/next';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	if (!locals.pendingUser) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals } = event;
		if (!locals.pendingUser || !locals.session) redirect(303, '/login');
		const code = String((await event.request.formData()).get('code') ?? '');
		const result = await attemptTotp(await getDb(), {
			userId: locals.pendingUser.id,
			sessionId: locals.session.id,
			code
		});
		if (!result.ok) {
			return fail(result.reason === 'rate_limited' ? 429 : 400, {
				message: result.reason === 'rate_limited' ? t.login.rateLimited : t.login.totpWrong
			});
		}
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};
