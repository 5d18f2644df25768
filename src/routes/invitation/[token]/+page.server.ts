import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { invitationText, roleLabel, t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { passwordSchema } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { config } from '$lib/server/config';
import {
	acceptAsUser,
	acceptWithNewAccount,
	findInvitationByToken
} from '$lib/server/teams/invitations';

/**
 * The link from an invitation e-mail. Opening it changes nothing (mail gateways fetch
 * links before people do); the person acts with one of the forms below.
 */
export const load: PageServerLoad = async ({ params, locals }) => {
	const inv = await findInvitationByToken(await getDb(), params.token);
	if (!inv) return { state: 'invalid' as const };
	const shown = {
		intro: invitationText.intro(inv.teamName, roleLabel[inv.role], inv.invitedBy),
		email: inv.email,
		name: inv.name
	};
	if (locals.user) {
		return locals.user.email.toLowerCase() === inv.email
			? { state: 'accept' as const, ...shown }
			: { state: 'other_person' as const, ...shown };
	}
	if (inv.hasAccount) {
		const next = encodeURIComponent(`/invitation/${params.token}`);
		return {
			state: 'sign_in' as const,
			...shown,
			loginHref: `/login?next=${next}`,
			ssoHref: config().TAVLA_OIDC_ISSUER ? `/login/oidc?next=${next}` : null,
			ssoLabel: config().TAVLA_OIDC_LABEL
		};
	}
	return { state: 'new' as const, ...shown };
};

const newAccountInput = z
	.object({ password: passwordSchema, repeat: z.string() })
	.refine((v) => v.password === v.repeat, { message: t.reset.mismatch, path: ['repeat'] });

export const actions: Actions = {
	create: async (event) => {
		const parsed = newAccountInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0]!.message });
		const db = await getDb();
		const result = await acceptWithNewAccount(db, event.params.token, parsed.data.password);
		if (!result.ok) {
			return fail(400, {
				message:
					result.reason === 'has_account' ? invitationText.hasAccount : invitationText.invalid
			});
		}
		const { token, session } = await createSession(db, result.userId, {
			userAgent: event.request.headers.get('user-agent')
		});
		setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
		redirect(303, `/t/${result.teamSlug}`);
	},

	accept: async (event) => {
		const user = event.locals.user;
		if (!user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
		const result = await acceptAsUser(await getDb(), user, { token: event.params.token });
		if (!result.ok) {
			return fail(400, {
				message:
					result.reason === 'other_person'
						? invitationText.otherPerson
						: result.reason === 'deactivated'
							? invitationText.deactivated
							: invitationText.invalid
			});
		}
		redirect(303, `/t/${result.teamSlug}`);
	}
};
