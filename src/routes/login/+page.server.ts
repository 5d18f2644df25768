import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { attemptLogin } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { safeNext } from '$lib/server/auth/next';
import { config } from '$lib/server/config';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const cfg = config();
	const sso = url.searchParams.get('sso');
	const next = safeNext(url.searchParams.get('next'));
	return {
		// Single sign-on comes back to the same place as the password form.
		ssoHref: next === '/' ? '/login/oidc' : `/login/oidc?next=${encodeURIComponent(next)}`,
		loggedOut: url.searchParams.has('logget-ud'),
		timedOut: url.searchParams.has('udloebet'),
		// Single sign-on button, when an identity provider is configured.
		ssoLabel: cfg.TAVLA_OIDC_ISSUER ? cfg.TAVLA_OIDC_LABEL : null,
		ssoError:
			sso === 'ukendt'
				? t.login.ssoUnknown
				: sso === 'fejl'
					? t.login.ssoFailed
					: sso === 'utilgaengelig'
						? t.login.ssoUnavailable
						: sso === 'ubekraeftet'
							? t.login.ssoUnverified
							: null
	};
};

const loginInput = z.object({
	email: z.string().trim().min(1, 'Skriv din e-mail.').max(200),
	password: z.string().min(1, 'Skriv din adgangskode.').max(200)
});

export const actions: Actions = {
	default: async (event) => {
		const form = Object.fromEntries(await event.request.formData());
		const parsed = loginInput.safeParse(form);
		const email = typeof form.email === 'string' ? form.email : '';
		if (!parsed.success) return fail(400, { email, message: t.errors.badRequest });

		const result = await attemptLogin(await getDb(), {
			...parsed.data,
			clientAddress: event.getClientAddress(),
			userAgent: event.request.headers.get('user-agent')
		});
		if (!result.ok) {
			const message =
				result.reason === 'rate_limited'
					? t.login.rateLimited
					: result.reason === 'deactivated'
						? t.login.deactivated
						: t.login.wrong;
			return fail(result.reason === 'rate_limited' ? 429 : 400, { email, message });
		}
		setSessionCookie(
			event.cookies,
			result.token,
			result.expiresAt,
			event.url.protocol === 'https:'
		);
		const next = safeNext(event.url.searchParams.get('next'));
		redirect(303, result.needsTotp ? `/login/totp?next=${encodeURIComponent(next)}` : next);
	}
};
