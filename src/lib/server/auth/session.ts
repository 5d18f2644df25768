import type { Executor } from '../db';
import { config } from '../config';
import { generateToken, hashToken } from './tokens';

/**
 * Sessions the Lucia way (lucia-auth.com/sessions/basic): a random token in an HttpOnly
 * cookie, its SHA-256 as the primary key. A session ends after a period without
 * activity (idle timeout) and in any case a fixed time after sign-in (absolute
 * lifetime), whichever comes first: the two limits NIST SP 800-63B sets for its
 * middle assurance level, which fits a service holding health data. Both are
 * settings (TAVLA_SESSION_IDLE_MINUTES, TAVLA_SESSION_MAX_HOURS).
 */

export const SESSION_COOKIE = 'tavla_session';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Activity is written at most this often per session; the idle clock is this coarse. */
export const TOUCH_INTERVAL_MS = MINUTE;

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
	/** The absolute end; the idle timeout may end the session earlier. */
	expiresAt: Date;
	twoFactorVerified: boolean;
}

export interface SessionValidation {
	session: SessionInfo;
	user: SessionUser;
}

export interface SessionPolicy {
	idleMinutes: number;
	maxHours: number;
}

export function sessionPolicy(): SessionPolicy {
	const cfg = config();
	return { idleMinutes: cfg.TAVLA_SESSION_IDLE_MINUTES, maxHours: cfg.TAVLA_SESSION_MAX_HOURS };
}

export interface SessionOptions {
	now?: Date;
	policy?: SessionPolicy;
}

export async function createSession(
	db: Executor,
	userId: string,
	opts: SessionOptions & { twoFactorVerified?: boolean; userAgent?: string | null } = {}
): Promise<{ token: string; session: SessionInfo }> {
	const token = generateToken();
	const now = opts.now ?? new Date();
	const policy = opts.policy ?? sessionPolicy();
	const session: SessionInfo = {
		id: hashToken(token),
		expiresAt: new Date(now.getTime() + policy.maxHours * HOUR),
		twoFactorVerified: opts.twoFactorVerified ?? false
	};
	await db
		.insertInto('session')
		.values({
			id: session.id,
			user_id: userId,
			created_at: now,
			last_seen_at: now,
			expires_at: session.expiresAt,
			two_factor_verified: session.twoFactorVerified,
			user_agent: opts.userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return { token, session };
}

/** Why a stored session no longer counts, or null while it does. */
export function sessionEnd(
	row: { created_at: Date; last_seen_at: Date; expires_at: Date },
	now: Date,
	policy: SessionPolicy
): 'expired' | 'idle' | null {
	const t = now.getTime();
	// created_at + the current maximum also cuts sessions made under a longer setting.
	if (t >= row.expires_at.getTime() || t >= row.created_at.getTime() + policy.maxHours * HOUR)
		return 'expired';
	if (t >= row.last_seen_at.getTime() + policy.idleMinutes * MINUTE) return 'idle';
	return null;
}

/**
 * The session behind a cookie token, or null. Counts as activity: the idle clock is
 * moved on (at most once per TOUCH_INTERVAL_MS). An ended session is deleted.
 */
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
			'session.created_at',
			'session.last_seen_at',
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
	if (sessionEnd(row, now, opts.policy ?? sessionPolicy()) || row.deactivated_at) {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}
	if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
		await touchSession(db, id, now);
	}
	return {
		session: {
			id: row.id,
			expiresAt: row.expires_at,
			twoFactorVerified: row.two_factor_verified
		},
		user: {
			id: row.user_id,
			email: row.email,
			name: row.name,
			initials: row.initials,
			isAdmin: row.is_admin,
			hasTotp: row.totp_key !== null
		}
	};
}

/** Record activity on a session (a request or a live event); never moves the clock back. */
export async function touchSession(db: Executor, sessionId: string, now = new Date()) {
	await db
		.updateTable('session')
		.set({ last_seen_at: now })
		.where('id', '=', sessionId)
		.where('last_seen_at', '<', now)
		.execute();
}

/**
 * Of the given sessions, those that still count now (exist, not idle or expired, user
 * active). One query for any number: the live connections re-check theirs with it.
 */
export async function liveSessionIds(
	db: Executor,
	sessionIds: readonly string[],
	opts: SessionOptions = {}
): Promise<Set<string>> {
	if (sessionIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select([
			'session.id',
			'session.created_at',
			'session.last_seen_at',
			'session.expires_at',
			'app_user.deactivated_at'
		])
		.where('session.id', 'in', sessionIds)
		.execute();
	const now = opts.now ?? new Date();
	const policy = opts.policy ?? sessionPolicy();
	return new Set(
		rows.filter((r) => !r.deactivated_at && !sessionEnd(r, now, policy)).map((r) => r.id)
	);
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

/**
 * Sign out everywhere; optionally keep the current session (e.g. after a password
 * change). Returns the ended sessions' ids, for `sessionsEnded` once committed.
 */
export async function invalidateUserSessions(
	db: Executor,
	userId: string,
	exceptSessionId?: string
): Promise<string[]> {
	let q = db.deleteFrom('session').where('user_id', '=', userId);
	if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
	const rows = await q.returning('id').execute();
	return rows.map((r) => r.id);
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
