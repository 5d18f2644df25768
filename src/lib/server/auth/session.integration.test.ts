import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	liveSessionIds,
	markSessionTwoFactorVerified,
	sessionIsComplete,
	validateSessionToken
} from './session';
import { generateToken, hashToken } from './tokens';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
// The defaults (config.ts): 30 minutes idle, 12 hours at most.
const POLICY = { idleMinutes: 30, maxHours: 12 };

let handle: DbHandle;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
	handle = await createTestDb();
	const users = await handle.db
		.insertInto('app_user')
		.values([
			{ email: 'session-a@test.tavla', name: 'Anna Session', initials: 'AS', password_hash: null },
			{ email: 'session-b@test.tavla', name: 'Bo Session', initials: 'BS', password_hash: null }
		])
		.returning('id')
		.execute();
	userId = users[0]!.id;
	otherUserId = users[1]!.id;
});

afterAll(async () => {
	await handle?.close();
});

beforeEach(async () => {
	await handle.db.deleteFrom('session').execute();
	await handle.db
		.updateTable('app_user')
		.set({ deactivated_at: null, totp_key: null })
		.where('id', 'in', [userId, otherUserId])
		.execute();
});

async function sessionRow(id: string) {
	return handle.db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

async function sessionIdsOf(user: string): Promise<string[]> {
	const rows = await handle.db
		.selectFrom('session')
		.select('id')
		.where('user_id', '=', user)
		.orderBy('id')
		.execute();
	return rows.map((r) => r.id);
}

describe('tokens', () => {
	it('are 32 base32 characters from 20 random bytes, hashed to 64 hex characters', () => {
		const a = generateToken();
		const b = generateToken();
		expect(a).toMatch(/^[a-z2-7]{32}$/);
		expect(a).not.toBe(b);
		expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(a)).toBe(hashToken(a));
		expect(hashToken(a)).not.toBe(hashToken(b));
	});
});

describe('sessions', () => {
	it('are created and validated', async () => {
		const now = new Date();
		const { token, session } = await createSession(handle.db, userId, {
			now,
			userAgent: 'vitest'
		});
		expect(session.expiresAt.getTime()).toBe(now.getTime() + 12 * HOUR);
		expect(session.twoFactorVerified).toBe(false);

		const result = await validateSessionToken(handle.db, token, { now });
		expect(result).not.toBeNull();
		expect(result!.session.id).toBe(session.id);
		expect(result!.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect(result!.user).toEqual({
			id: userId,
			email: 'session-a@test.tavla',
			name: 'Anna Session',
			initials: 'AS',
			isAdmin: false,
			hasTotp: false
		});
		expect((await sessionRow(session.id))?.user_agent).toBe('vitest');
	});

	it('store only the SHA-256 of the token', async () => {
		const { token, session } = await createSession(handle.db, userId);
		expect(session.id).not.toBe(token);
		expect(session.id).toBe(hashToken(token));
		const rows = await handle.db.selectFrom('session').select('id').execute();
		expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
		expect(await sessionRow(token)).toBeUndefined();
		// The stored id is not a usable token.
		expect(await validateSessionToken(handle.db, session.id)).toBeNull();
	});

	it('honour the configured lifetime', async () => {
		const now = new Date();
		const policy = { idleMinutes: 15, maxHours: 8 };
		const { session } = await createSession(handle.db, userId, { now, policy });
		expect(session.expiresAt.getTime()).toBe(now.getTime() + 8 * HOUR);
		expect((await sessionRow(session.id))?.expires_at.getTime()).toBe(now.getTime() + 8 * HOUR);
	});

	it('end after the idle timeout; each request moves the idle clock on', async () => {
		const t0 = new Date();
		const { token, session } = await createSession(handle.db, userId, { now: t0 });
		const at = (ms: number) => ({ now: new Date(t0.getTime() + ms), policy: POLICY });
		// Active every 29 minutes: still signed in after an hour and a half.
		for (const m of [29, 58, 87]) {
			expect(
				await validateSessionToken(handle.db, token, at(m * MINUTE)),
				`${m} min`
			).not.toBeNull();
		}
		expect((await sessionRow(session.id))?.last_seen_at.getTime()).toBe(t0.getTime() + 87 * MINUTE);
		// Then 30 minutes without a request: gone, and the row deleted.
		expect(await validateSessionToken(handle.db, token, at(117 * MINUTE))).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('are rejected exactly when the idle timeout is reached', async () => {
		const t0 = new Date();
		const { token } = await createSession(handle.db, userId, { now: t0 });
		const idle = new Date(t0.getTime() + 30 * MINUTE);
		expect(await validateSessionToken(handle.db, token, { now: idle, policy: POLICY })).toBeNull();
	});

	it('end at the absolute lifetime however active they are', async () => {
		const t0 = new Date();
		const { token, session } = await createSession(handle.db, userId, { now: t0 });
		for (let m = 20; m < 12 * 60; m += 20) {
			const now = new Date(t0.getTime() + m * MINUTE);
			expect(await validateSessionToken(handle.db, token, { now, policy: POLICY })).not.toBeNull();
		}
		const end = new Date(t0.getTime() + 12 * HOUR);
		expect(await validateSessionToken(handle.db, token, { now: end, policy: POLICY })).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('made under a longer setting end at the current maximum', async () => {
		const t0 = new Date();
		const { token } = await createSession(handle.db, userId, {
			now: t0,
			policy: { idleMinutes: 600, maxHours: 720 }
		});
		const now = new Date(t0.getTime() + 13 * HOUR);
		const longIdle = { idleMinutes: 24 * 60, maxHours: 12 };
		expect(await validateSessionToken(handle.db, token, { now, policy: longIdle })).toBeNull();
	});

	it('write activity at most once a minute', async () => {
		const t0 = new Date();
		const { token, session } = await createSession(handle.db, userId, { now: t0 });
		await validateSessionToken(handle.db, token, { now: new Date(t0.getTime() + 30_000) });
		expect((await sessionRow(session.id))?.last_seen_at.getTime()).toBe(t0.getTime());
		await validateSessionToken(handle.db, token, { now: new Date(t0.getTime() + 61_000) });
		expect((await sessionRow(session.id))?.last_seen_at.getTime()).toBe(t0.getTime() + 61_000);
	});

	it('tell which of many sessions still count, in one query', async () => {
		const t0 = new Date();
		const live = await createSession(handle.db, userId, { now: t0 });
		const idle = await createSession(handle.db, userId, { now: new Date(t0.getTime() - HOUR) });
		const other = await createSession(handle.db, otherUserId, { now: t0 });
		await handle.db
			.updateTable('app_user')
			.set({ deactivated_at: new Date() })
			.where('id', '=', otherUserId)
			.execute();
		const ids = [live.session.id, idle.session.id, other.session.id, 'findes-ikke'];
		expect(await liveSessionIds(handle.db, ids, { now: t0, policy: POLICY })).toEqual(
			new Set([live.session.id])
		);
	});

	it('can be invalidated one at a time', async () => {
		const a = await createSession(handle.db, userId);
		const b = await createSession(handle.db, userId);
		await invalidateSession(handle.db, a.session.id);
		expect(await validateSessionToken(handle.db, a.token)).toBeNull();
		expect(await validateSessionToken(handle.db, b.token)).not.toBeNull();
		expect(await sessionIdsOf(userId)).toEqual([b.session.id]);
	});

	it('can all be invalidated for one user, leaving other users alone', async () => {
		const a = await createSession(handle.db, userId);
		const b = await createSession(handle.db, userId);
		const other = await createSession(handle.db, otherUserId);
		await invalidateUserSessions(handle.db, userId);
		expect(await sessionIdsOf(userId)).toEqual([]);
		expect(await validateSessionToken(handle.db, a.token)).toBeNull();
		expect(await validateSessionToken(handle.db, b.token)).toBeNull();
		expect(await sessionIdsOf(otherUserId)).toEqual([other.session.id]);
	});

	it('can all be invalidated except the current one', async () => {
		const current = await createSession(handle.db, userId);
		const a = await createSession(handle.db, userId);
		const b = await createSession(handle.db, userId);
		await invalidateUserSessions(handle.db, userId, current.session.id);
		expect(await sessionIdsOf(userId)).toEqual([current.session.id]);
		expect(await validateSessionToken(handle.db, current.token)).not.toBeNull();
		expect(await validateSessionToken(handle.db, a.token)).toBeNull();
		expect(await validateSessionToken(handle.db, b.token)).toBeNull();
	});

	it('of a deactivated user are rejected and deleted', async () => {
		const { token, session } = await createSession(handle.db, userId);
		expect(await validateSessionToken(handle.db, token)).not.toBeNull();
		await handle.db
			.updateTable('app_user')
			.set({ deactivated_at: new Date() })
			.where('id', '=', userId)
			.execute();
		expect(await validateSessionToken(handle.db, token)).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('reject malformed and unknown tokens', async () => {
		const { token } = await createSession(handle.db, userId);
		for (const bad of [
			'',
			'short',
			token.toUpperCase(),
			`${token}a`,
			token.slice(0, -1),
			`${token.slice(0, -1)}1`, // '1' is not base32
			`${token.slice(0, -1)}'`,
			"' or 1=1 --"
		]) {
			expect(await validateSessionToken(handle.db, bad), bad).toBeNull();
		}
		expect(await validateSessionToken(handle.db, generateToken())).toBeNull();
		// The real session is untouched by the failed attempts.
		expect(await validateSessionToken(handle.db, token)).not.toBeNull();
	});

	it('with TOTP are incomplete until the second factor is verified', async () => {
		await handle.db
			.updateTable('app_user')
			.set({ totp_key: new Uint8Array(20).fill(7) })
			.where('id', '=', userId)
			.execute();
		const { token, session } = await createSession(handle.db, userId);
		const before = await validateSessionToken(handle.db, token);
		expect(before?.user.hasTotp).toBe(true);
		expect(before?.session.twoFactorVerified).toBe(false);
		expect(sessionIsComplete(before!)).toBe(false);

		await markSessionTwoFactorVerified(handle.db, session.id);
		const after = await validateSessionToken(handle.db, token);
		expect(after?.session.twoFactorVerified).toBe(true);
		expect(sessionIsComplete(after!)).toBe(true);
	});

	it('without TOTP are complete at once', async () => {
		const { token } = await createSession(handle.db, userId);
		const result = await validateSessionToken(handle.db, token);
		expect(result?.user.hasTotp).toBe(false);
		expect(sessionIsComplete(result!)).toBe(true);
	});
});
