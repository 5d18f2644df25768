import type { Executor } from '../db';
import { generateToken, hashToken } from './tokens';

/**
 * Sessions the Lucia way (lucia-auth.com/sessions/basic): a random token in an HttpOnly
 * cookie, its SHA-256 as the primary key, 30 days expiry renewed when less than half is left.
 */

export const SESSION_COOKIE = 'tavla_session';
const DAY = 24 * 60 * 60 * 1000;

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	initials: string;
	isAdmin: boolean;
	hasTotp: boolean;
}

export interface SessionInfo {
	id: string;
	expiresAt: Date;
	twoFactorVerified: boolean;
}

export interface SessionValidation {
	session: SessionInfo;
	user: SessionUser;
	/** True when the expiry moved: the cookie must be written again. */
	renewed: boolean;
}

export interface SessionOptions {
	days?: number;
	now?: Date;
}

export async function createSession(
	db: Executor,
	userId: string,
	opts: SessionOptions & { twoFactorVerified?: boolean; userAgent?: string | null } = {}
): Promise<{ token: string; session: SessionInfo }> {
	const token = generateToken();
	const now = opts.now ?? new Date();
	const session: SessionInfo = {
		id: hashToken(token),
		expiresAt: new Date(now.getTime() + (opts.days ?? 30) * DAY),
		twoFactorVerified: opts.twoFactorVerified ?? false
	};
	await db
		.insertInto('session')
		.values({
			id: session.id,
			user_id: userId,
			expires_at: session.expiresAt,
			two_factor_verified: session.twoFactorVerified,
			user_agent: opts.userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return { token, session };
}

export async function validateSessionToken(
	db: Executor,
	token: string,
	opts: SessionOptions = {}
): Promise<SessionValidation | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	const row = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select([
			'session.id',
			'session.expires_at',
			'session.two_factor_verified',
			'app_user.id as user_id',
			'app_user.email',
			'app_user.name',
			'app_user.initials',
			'app_user.is_admin',
			'app_user.totp_key',
			'app_user.deactivated_at'
		])
		.where('session.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;

	const now = opts.now ?? new Date();
	const days = opts.days ?? 30;
	if (now.getTime() >= row.expires_at.getTime() || row.deactivated_at) {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}

	let expiresAt = row.expires_at;
	let renewed = false;
	// Sliding expiry: renew once less than half the lifetime is left.
	if (now.getTime() >= expiresAt.getTime() - (days * DAY) / 2) {
		expiresAt = new Date(now.getTime() + days * DAY);
		renewed = true;
		await db.updateTable('session').set({ expires_at: expiresAt }).where('id', '=', id).execute();
	}

	return {
		session: { id: row.id, expiresAt, twoFactorVerified: row.two_factor_verified },
		user: {
			id: row.user_id,
			email: row.email,
			name: row.name,
			initials: row.initials,
			isAdmin: row.is_admin,
			hasTotp: row.totp_key !== null
		},
		renewed
	};
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

/** Sign out everywhere; optionally keep the current session (e.g. after a password change). */
export async function invalidateUserSessions(
	db: Executor,
	userId: string,
	exceptSessionId?: string
): Promise<void> {
	let q = db.deleteFrom('session').where('user_id', '=', userId);
	if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
	await q.execute();
}

export async function markSessionTwoFactorVerified(db: Executor, sessionId: string): Promise<void> {
	await db
		.updateTable('session')
		.set({ two_factor_verified: true })
		.where('id', '=', sessionId)
		.execute();
}

/** A signed-in user with a second factor must pass it before the session counts. */
export function sessionIsComplete(v: { session: SessionInfo; user: SessionUser }): boolean {
	return !v.user.hasTotp || v.session.twoFactorVerified;
}
