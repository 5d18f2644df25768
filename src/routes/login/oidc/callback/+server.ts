import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { completeOidcLogin, getOidc, OIDC_COOKIE } from '$lib/server/auth/oidc';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { safeNext } from '$lib/server/auth/next';

/** The identity provider returns here with a code; on success the user is signed in. */
export const GET: RequestHandler = async ({ url, cookies, request }) => {
	const pending = getOidc(url.origin);
	if (!pending) error(404, 'Ikke fundet');
	const secure = url.protocol === 'https:';
	const state = cookies.get(OIDC_COOKIE);
	// One use only.
	cookies.delete(OIDC_COOKIE, { path: '/login/oidc', httpOnly: true, sameSite: 'lax', secure });
	let result;
	try {
		result = await completeOidcLogin(
			await getDb(),
			await pending,
			url,
			state,
			request.headers.get('user-agent')
		);
	} catch {
		redirect(303, '/login?sso=utilgaengelig');
	}
	if (!result.ok) {
		const code =
			result.reason === 'unknown_user'
				? 'ukendt'
				: result.reason === 'unverified'
					? 'ubekraeftet'
					: 'fejl';
		redirect(303, `/login?sso=${code}`);
	}
	setSessionCookie(cookies, result.token, result.expiresAt, secure);
	// The cookie was written by us, but it is still input: the same check as at the start.
	redirect(303, safeNext(result.next));
};
