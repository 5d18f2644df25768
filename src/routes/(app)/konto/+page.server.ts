import { fail, redirect } from '@sveltejs/kit';
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import type { Actions, PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { t } from '$lib/i18n/da';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { passwordSchema } from '$lib/server/auth/password';
import { changePassword, disableTotp, enableTotp } from '$lib/server/auth/account';
import { generateTotpKey, totpManualKey, totpQrSvg, totpUri } from '$lib/server/auth/totp';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { sessionsEnded } from '$lib/server/auth/live';

const PENDING = 'tavla_totp_pending';

function pendingKey(cookies: { get(name: string): string | undefined }): Uint8Array | null {
	const v = cookies.get(PENDING);
	if (!v) return null;
	try {
		const key = decodeBase64(v);
		return key.length === 20 ? key : null;
	} catch {
		return null;
	}
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const key = user.hasTotp ? null : pendingKey(event.cookies);
	return {
		hasTotp: user.hasTotp,
		setup: key ? { qr: totpQrSvg(totpUri(key, user.email)), manual: totpManualKey(key) } : null
	};
};

const passwordInput = z
	.object({
		current: z.string().min(1, 'Skriv din nuværende adgangskode.'),
		next: passwordSchema,
		repeat: z.string()
	})
	.refine((v) => v.next === v.repeat, { message: t.reset.mismatch, path: ['repeat'] });

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const parsed = passwordInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'password', message: parsed.error.issues[0]!.message });
		const result = await changePassword(await getDb(), {
			userId: user.id,
			sessionId: event.locals.session!.id,
			current: parsed.data.current,
			next: parsed.data.next
		});
		if (result === 'wrong_current')
			return fail(400, { form: 'password', message: t.account.wrongCurrent });
		return { form: 'password', ok: t.account.passwordChanged };
	},

	totpStart: async (event) => {
		const user = requireUser(event);
		if (user.hasTotp) redirect(303, '/konto');
		event.cookies.set(PENDING, encodeBase64(generateTotpKey()), {
			path: '/konto',
			httpOnly: true,
			sameSite: 'strict',
			secure: event.url.protocol === 'https:',
			maxAge: 600
		});
		return { form: 'totp' };
	},

	totpConfirm: async (event) => {
		const user = requireUser(event);
		const key = pendingKey(event.cookies);
		const code = String((await event.request.formData()).get('code') ?? '');
		if (!key) return fail(400, { form: 'totp', message: t.login.totpWrong });
		const ok = await enableTotp(await getDb(), {
			userId: user.id,
			sessionId: event.locals.session!.id,
			key,
			code
		});
		if (!ok) return fail(400, { form: 'totp', message: t.login.totpWrong });
		event.cookies.delete(PENDING, { path: '/konto' });
		return { form: 'totp', ok: t.account.totpOn };
	},

	totpDisable: async (event) => {
		const user = requireUser(event);
		const code = String((await event.request.formData()).get('code') ?? '');
		const ok = await disableTotp(await getDb(), { userId: user.id, code });
		if (!ok) return fail(400, { form: 'totp', message: t.login.totpWrong });
		return { form: 'totp', ok: t.account.totpOff };
	},

	logoutEverywhere: async (event) => {
		const user = requireUser(event);
		sessionsEnded(await invalidateUserSessions(await getDb(), user.id, event.locals.session!.id));
		return { form: 'sessions', ok: t.account.loggedOutEverywhere };
	}
};
