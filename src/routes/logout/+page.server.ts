import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { invalidateSession } from '$lib/server/auth/session';
import { sessionsEnded } from '$lib/server/auth/live';
import { deleteSessionCookie } from '$lib/server/auth/cookies';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) {
			await invalidateSession(await getDb(), locals.session.id);
			// Open live connections of this session (other tabs) close at once.
			sessionsEnded([locals.session.id]);
		}
		deleteSessionCookie(cookies, url.protocol === 'https:');
		// The page's idle timer signs out with ?udloebet, so the sign-in page can say why.
		redirect(303, url.searchParams.has('udloebet') ? '/login?udloebet' : '/login?logget-ud');
	}
};
