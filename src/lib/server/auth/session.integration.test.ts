import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	markSessionTwoFactorVerified,
	sessionIsComplete,
	validateSessionToken
} from './session';
import { generateToken, hashToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;

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
		expect(session.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
		expect(session.twoFactorVerified).toBe(false);

		const result = await validateSessionToken(handle.db, token, { now });
		expect(result).not.toBeNull();
		expect(result!.session.id).toBe(session.id);
		expect(result!.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect(result!.renewed).toBe(false);
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

	it('honour a custom lifetime', async () => {
		const now = new Date();
		const { session } = await createSession(handle.db, userId, { now, days: 7 });
		expect(session.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY);
		expect((await sessionRow(session.id))?.expires_at.getTime()).toBe(now.getTime() + 7 * DAY);
	});

	it('expire: past the expiry the token is rejected and the row deleted', async () => {
		const now = new Date();
		const { token, session } = await createSession(handle.db, userId, { now });
		const later = new Date(session.expiresAt.getTime() + 1);
		expect(await validateSessionToken(handle.db, token, { now: later })).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
		// Also gone for a "now" before the expiry: the row no longer exists.
		expect(await validateSessionToken(handle.db, token, { now })).toBeNull();
	});

	it('are rejected exactly at the expiry instant', async () => {
		const now = new Date();
		const { token, session } = await createSession(handle.db, userId, { now });
		expect(await validateSessionToken(handle.db, token, { now: session.expiresAt })).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('are renewed once less than half the lifetime is left', async () => {
		const created = new Date();
		const { token, session } = await createSession(handle.db, userId, { now: created });
		const now = new Date(created.getTime() + 16 * DAY);
		const result = await validateSessionToken(handle.db, token, { now });
		expect(result?.renewed).toBe(true);
		expect(result!.session.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
		expect(result!.session.expiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
		const row = await sessionRow(session.id);
		expect(row?.expires_at.getTime()).toBe(now.getTime() + 30 * DAY);
	});

	it('are not renewed while more than half the lifetime is left', async () => {
		const created = new Date();
		const { token, session } = await createSession(handle.db, userId, { now: created });
		const now = new Date(created.getTime() + 14 * DAY);
		const result = await validateSessionToken(handle.db, token, { now });
		expect(result?.renewed).toBe(false);
		expect(result!.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect((await sessionRow(session.id))?.expires_at.getTime()).toBe(session.expiresAt.getTime());
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
