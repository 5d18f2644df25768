import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { beginOidcLogin, getOidc, OIDC_COOKIE, OIDC_COOKIE_MAX_AGE } from '$lib/server/auth/oidc';
import { safeNext } from '$lib/server/auth/next';
import { logger } from '$lib/server/log';

/** Sends the browser to the organisation's identity provider (single sign-on). */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const pending = getOidc(url.origin);
	if (!pending) error(404, 'Ikke fundet');
	let target: URL;
	try {
		const oidc = await pending;
		const { url: authUrl, cookie } = await beginOidcLogin(
			oidc,
			safeNext(url.searchParams.get('next'))
		);
		// Lax: the provider sends the browser back with a top-level GET.
		cookies.set(OIDC_COOKIE, cookie, {
			path: '/login/oidc',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: OIDC_COOKIE_MAX_AGE
		});
		target = authUrl;
	} catch (err) {
		logger.error({ err: err instanceof Error ? err.message : 'unknown' }, 'oidc discovery failed');
		redirect(303, '/login?sso=utilgaengelig');
	}
	redirect(303, target.toString());
};
