import type { Executor } from '../db';
import { config } from '../config';
import { verifyDummy, verifyPassword } from './password';
import { consumeTotpCode } from './account';
import { clearRateLimit, hitRateLimit, refundRateLimit } from './rate-limit';
import { createSession } from './session';

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; needsTotp: boolean }
	| { ok: false; reason: 'wrong' | 'deactivated' | 'rate_limited'; retryAfterSeconds?: number };

/**
 * Password sign-in. Limits failed attempts per e-mail and per client address, so neither
 * guessing one account nor spraying many accounts from one place gets far. Successful
 * sign-ins do not count: a whole town hall behind one address must not lock itself out
 * on a Monday morning.
 */
export async function attemptLogin(
	db: Executor,
	input: { email: string; password: string; clientAddress: string; userAgent?: string | null }
): Promise<LoginResult> {
	const cfg = config();
	const email = input.email.trim().toLowerCase();
	const windowMs = cfg.TAVLA_LOGIN_WINDOW_MINUTES * 60_000;
	const byEmail = await hitRateLimit(
		db,
		`login:email:${email}`,
		cfg.TAVLA_LOGIN_MAX_ATTEMPTS,
		windowMs
	);
	const ipKey = `login:ip:${input.clientAddress}`;
	const byIp = await hitRateLimit(db, ipKey, cfg.TAVLA_LOGIN_MAX_ATTEMPTS * 5, windowMs);
	if (!byEmail.allowed || !byIp.allowed) {
		return {
			ok: false,
			reason: 'rate_limited',
			retryAfterSeconds: Math.max(byEmail.retryAfterSeconds, byIp.retryAfterSeconds)
		};
	}

	const user = await db
		.selectFrom('app_user')
		.select(['id', 'password_hash', 'deactivated_at', 'totp_key'])
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email))
		.executeTakeFirst();
	if (!user || !user.password_hash) {
		await verifyDummy(input.password);
		return { ok: false, reason: 'wrong' };
	}
	if (!(await verifyPassword(user.password_hash, input.password)))
		return { ok: false, reason: 'wrong' };
	if (user.deactivated_at) return { ok: false, reason: 'deactivated' };

	await clearRateLimit(db, `login:email:${email}`);
	await refundRateLimit(db, ipKey);
	const { token, session } = await createSession(db, user.id, { userAgent: input.userAgent });
	return { ok: true, token, expiresAt: session.expiresAt, needsTotp: user.totp_key !== null };
}

/**
 * Second step for users with TOTP: verify the code (each code once) and mark the
 * session complete.
 */
export async function attemptTotp(
	db: Executor,
	input: { userId: string; sessionId: string; code: string }
): Promise<{ ok: true } | { ok: false; reason: 'wrong' | 'rate_limited' }> {
	const cfg = config();
	const limit = await hitRateLimit(
		db,
		`totp:${input.userId}`,
		cfg.TAVLA_LOGIN_MAX_ATTEMPTS,
		cfg.TAVLA_LOGIN_WINDOW_MINUTES * 60_000
	);
	if (!limit.allowed) return { ok: false, reason: 'rate_limited' };
	const user = await db
		.selectFrom('app_user')
		.select('totp_key')
		.where('id', '=', input.userId)
		.executeTakeFirst();
	if (!user?.totp_key || !(await consumeTotpCode(db, input.userId, user.totp_key, input.code)))
		return { ok: false, reason: 'wrong' };
	await clearRateLimit(db, `totp:${input.userId}`);
	await db
		.updateTable('session')
		.set({ two_factor_verified: true })
		.where('id', '=', input.sessionId)
		.execute();
	return { ok: true };
}
