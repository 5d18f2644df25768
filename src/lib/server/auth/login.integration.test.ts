import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import { config } from '../config';
import type { DbHandle } from '../db';
import { attemptLogin, attemptTotp } from './login';
import { hashPassword, verifyPassword } from './password';
import { consumeAuthToken, createAuthToken, findValidAuthToken } from './reset';
import { createSession, validateSessionToken } from './session';
import { hashToken } from './tokens';

const PASSWORD = 'korrekt-hest-batteri';
const HOUR = 60 * 60 * 1000;

let handle: DbHandle;
let passwordHash: string;
let counter = 0;

beforeAll(async () => {
	handle = await createTestDb();
	passwordHash = await hashPassword(PASSWORD);
});

afterAll(async () => {
	await handle?.close();
});

/** A fresh user with a unique e-mail, so tests never share rate-limit counters. */
async function makeUser(opts: { totpKey?: Uint8Array; deactivated?: boolean } = {}) {
	counter++;
	const email = `login-${counter}-${Date.now()}@test.tavla`;
	const user = await handle.db
		.insertInto('app_user')
		.values({
			email,
			name: `Login Bruger ${counter}`,
			initials: 'LB',
			password_hash: passwordHash,
			totp_key: opts.totpKey ?? null,
			deactivated_at: opts.deactivated ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: user.id, email };
}

/** A unique client address per test, so the per-address limit never interferes. */
function clientAddress(): string {
	counter++;
	return `10.0.${Math.floor(counter / 250)}.${counter % 250}`;
}

async function sessionCount(userId: string): Promise<number> {
	const rows = await handle.db
		.selectFrom('session')
		.select('id')
		.where('user_id', '=', userId)
		.execute();
	return rows.length;
}

/** A six-digit code that is valid in none of the windows verifyTotp accepts right now. */
function wrongCode(key: Uint8Array): string {
	const step = Math.floor(Date.now() / 30_000);
	const valid = new Set<string>();
	for (let c = step - 2; c <= step + 2; c++) valid.add(generateHOTP(key, BigInt(c), 6));
	let n = 123456;
	while (valid.has(String(n).padStart(6, '0'))) n = (n + 1) % 1_000_000;
	return String(n).padStart(6, '0');
}

describe('attemptLogin', () => {
	it('signs in with the right password, ignoring e-mail case and spaces', async () => {
		const user = await makeUser();
		const result = await attemptLogin(handle.db, {
			email: `  ${user.email.toUpperCase()} `,
			password: PASSWORD,
			clientAddress: clientAddress(),
			userAgent: 'vitest'
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.needsTotp).toBe(false);
		expect(result.token).toMatch(/^[a-z2-7]{32}$/);
		const validated = await validateSessionToken(handle.db, result.token);
		expect(validated?.user.id).toBe(user.id);
		expect(validated?.session.expiresAt.getTime()).toBe(result.expiresAt.getTime());
		expect(await sessionCount(user.id)).toBe(1);
	});

	it('rejects a wrong password without creating a session', async () => {
		const user = await makeUser();
		const result = await attemptLogin(handle.db, {
			email: user.email,
			password: 'forkert-adgangskode',
			clientAddress: clientAddress()
		});
		expect(result).toEqual({ ok: false, reason: 'wrong' });
		expect(await sessionCount(user.id)).toBe(0);
	});

	it('gives the same answer for an unknown e-mail', async () => {
		const result = await attemptLogin(handle.db, {
			email: 'findes-ikke@test.tavla',
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(result).toEqual({ ok: false, reason: 'wrong' });
	});

	it('gives the same answer for an invited user who has no password yet', async () => {
		const user = await makeUser();
		await handle.db
			.updateTable('app_user')
			.set({ password_hash: null })
			.where('id', '=', user.id)
			.execute();
		const result = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(result).toEqual({ ok: false, reason: 'wrong' });
	});

	it('tells a deactivated user so, but only after the right password', async () => {
		const user = await makeUser({ deactivated: true });
		const right = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(right).toEqual({ ok: false, reason: 'deactivated' });
		const wrong = await attemptLogin(handle.db, {
			email: user.email,
			password: 'forkert-adgangskode',
			clientAddress: clientAddress()
		});
		expect(wrong).toEqual({ ok: false, reason: 'wrong' });
		expect(await sessionCount(user.id)).toBe(0);
	});

	it('is rate limited per e-mail, even with the right password', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const user = await makeUser();
		for (let i = 0; i < max; i++) {
			const r = await attemptLogin(handle.db, {
				email: user.email,
				password: 'forkert-adgangskode',
				// A new address each time: it is the e-mail counter that trips.
				clientAddress: clientAddress()
			});
			expect(r).toEqual({ ok: false, reason: 'wrong' });
		}
		const blocked = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(blocked.ok).toBe(false);
		if (blocked.ok) return;
		expect(blocked.reason).toBe('rate_limited');
		expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
		expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(config().TAVLA_LOGIN_WINDOW_MINUTES * 60);
		expect(await sessionCount(user.id)).toBe(0);
	});

	it('counts the e-mail case-insensitively for the limit', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const user = await makeUser();
		for (let i = 0; i < max; i++) {
			await attemptLogin(handle.db, {
				email: i % 2 ? user.email.toUpperCase() : user.email,
				password: 'forkert-adgangskode',
				clientAddress: clientAddress()
			});
		}
		const blocked = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
	});

	it('is rate limited per client address across e-mails', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const address = clientAddress();
		for (let i = 0; i < max * 5; i++) {
			const r = await attemptLogin(handle.db, {
				email: `spray-${i}@test.tavla`,
				password: 'forkert-adgangskode',
				clientAddress: address
			});
			expect(r.ok).toBe(false);
		}
		const user = await makeUser();
		const blocked = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: address
		});
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
	});

	it('does not count successful sign-ins toward the per-address limit (one NAT, many people)', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const address = clientAddress();
		// More successful sign-ins from one address than the address may fail.
		const people = await Promise.all(Array.from({ length: 6 }, () => makeUser()));
		for (let i = 0; i < max * 5 + 5; i++) {
			const person = people[i % people.length]!;
			const r = await attemptLogin(handle.db, {
				email: person.email,
				password: PASSWORD,
				clientAddress: address
			});
			expect(r.ok, `sign-in ${i + 1}`).toBe(true);
		}
		// Failures from the same address are still limited.
		for (let i = 0; i < max * 5; i++) {
			const r = await attemptLogin(handle.db, {
				email: `nat-spray-${i}@test.tavla`,
				password: 'forkert-adgangskode',
				clientAddress: address
			});
			expect(r).toEqual({ ok: false, reason: 'wrong' });
		}
		const blocked = await attemptLogin(handle.db, {
			email: people[0]!.email,
			password: PASSWORD,
			clientAddress: address
		});
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
	}, 60_000);

	it('clears the e-mail counter on success', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const user = await makeUser();
		const key = `login:email:${user.email}`;
		for (let i = 0; i < max - 1; i++) {
			await attemptLogin(handle.db, {
				email: user.email,
				password: 'forkert-adgangskode',
				clientAddress: clientAddress()
			});
		}
		const counted = await handle.db
			.selectFrom('rate_limit')
			.select('count')
			.where('key', '=', key)
			.executeTakeFirst();
		expect(counted?.count).toBe(max - 1);

		const ok = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(ok.ok).toBe(true);
		const cleared = await handle.db
			.selectFrom('rate_limit')
			.select('count')
			.where('key', '=', key)
			.executeTakeFirst();
		expect(cleared).toBeUndefined();

		// Without the reset, these would exceed the limit.
		for (let i = 0; i < max - 1; i++) {
			const r = await attemptLogin(handle.db, {
				email: user.email,
				password: 'forkert-adgangskode',
				clientAddress: clientAddress()
			});
			expect(r).toEqual({ ok: false, reason: 'wrong' });
		}
		const again = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		expect(again.ok).toBe(true);
	});
});

describe('TOTP sign-in', () => {
	async function signInWithTotp() {
		const key = crypto.getRandomValues(new Uint8Array(20));
		const user = await makeUser({ totpKey: key });
		const result = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		if (!result.ok) throw new Error(`login failed: ${result.reason}`);
		return { key, user, result, sessionId: hashToken(result.token) };
	}

	it('asks for the second factor and leaves the session unverified', async () => {
		const { result, sessionId } = await signInWithTotp();
		expect(result.needsTotp).toBe(true);
		const row = await handle.db
			.selectFrom('session')
			.select('two_factor_verified')
			.where('id', '=', sessionId)
			.executeTakeFirstOrThrow();
		expect(row.two_factor_verified).toBe(false);
	});

	it('accepts the current code and marks the session verified', async () => {
		const { key, user, sessionId, result } = await signInWithTotp();
		const r = await attemptTotp(handle.db, {
			userId: user.id,
			sessionId,
			code: generateTOTP(key, 30, 6)
		});
		expect(r).toEqual({ ok: true });
		const validated = await validateSessionToken(handle.db, result.token);
		expect(validated?.session.twoFactorVerified).toBe(true);
	});

	it('rejects a wrong code and leaves the session unverified', async () => {
		const { key, user, sessionId, result } = await signInWithTotp();
		const r = await attemptTotp(handle.db, { userId: user.id, sessionId, code: wrongCode(key) });
		expect(r).toEqual({ ok: false, reason: 'wrong' });
		const validated = await validateSessionToken(handle.db, result.token);
		expect(validated?.session.twoFactorVerified).toBe(false);
	});

	it('rejects codes for a user without TOTP', async () => {
		const user = await makeUser();
		const { session } = await createSession(handle.db, user.id);
		const r = await attemptTotp(handle.db, {
			userId: user.id,
			sessionId: session.id,
			code: '123456'
		});
		expect(r).toEqual({ ok: false, reason: 'wrong' });
	});

	it('accepts each code once: a replay inside its window is refused', async () => {
		const { key, user, sessionId } = await signInWithTotp();
		const code = generateTOTP(key, 30, 6);
		expect(await attemptTotp(handle.db, { userId: user.id, sessionId, code })).toEqual({
			ok: true
		});
		// The same code on a second half-signed-in session (seen over a shoulder, or logged).
		const second = await attemptLogin(handle.db, {
			email: user.email,
			password: PASSWORD,
			clientAddress: clientAddress()
		});
		if (!second.ok) throw new Error('second sign-in failed');
		const replay = await attemptTotp(handle.db, {
			userId: user.id,
			sessionId: hashToken(second.token),
			code
		});
		expect(replay).toEqual({ ok: false, reason: 'wrong' });
		expect((await validateSessionToken(handle.db, second.token))?.session.twoFactorVerified).toBe(
			false
		);
	});

	it('accepts a code sent twice at once only once', async () => {
		const { key, user, sessionId } = await signInWithTotp();
		const code = generateTOTP(key, 30, 6);
		const results = await Promise.all(
			Array.from({ length: 5 }, () => attemptTotp(handle.db, { userId: user.id, sessionId, code }))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('is rate limited per user, even with the right code', async () => {
		const max = config().TAVLA_LOGIN_MAX_ATTEMPTS;
		const { key, user, sessionId, result } = await signInWithTotp();
		const bad = wrongCode(key);
		for (let i = 0; i < max; i++) {
			expect(await attemptTotp(handle.db, { userId: user.id, sessionId, code: bad })).toEqual({
				ok: false,
				reason: 'wrong'
			});
		}
		const blocked = await attemptTotp(handle.db, {
			userId: user.id,
			sessionId,
			code: generateTOTP(key, 30, 6)
		});
		expect(blocked).toEqual({ ok: false, reason: 'rate_limited' });
		const validated = await validateSessionToken(handle.db, result.token);
		expect(validated?.session.twoFactorVerified).toBe(false);
	});
});

describe('password reset tokens', () => {
	const NEW_PASSWORD = 'et-helt-nyt-kodeord';

	async function passwordHashOf(userId: string) {
		const row = await handle.db
			.selectFrom('app_user')
			.select('password_hash')
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		return row.password_hash;
	}

	it('are stored only as their hash', async () => {
		const user = await makeUser();
		const { token } = await createAuthToken(handle.db, user.id);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const rows = await handle.db
			.selectFrom('auth_token')
			.select(['id', 'purpose'])
			.where('user_id', '=', user.id)
			.execute();
		expect(rows).toEqual([{ id: hashToken(token), purpose: 'reset' }]);
	});

	it('set a new password, sign out everywhere, and work only once', async () => {
		const user = await makeUser();
		await createSession(handle.db, user.id);
		await createSession(handle.db, user.id);
		expect(await sessionCount(user.id)).toBe(2);

		const { token } = await createAuthToken(handle.db, user.id);
		expect(await findValidAuthToken(handle.db, token)).toMatchObject({
			user_id: user.id,
			email: user.email
		});
		const result = await consumeAuthToken(handle.db, token, NEW_PASSWORD);
		expect(result).toEqual({ userId: user.id });

		const hash = await passwordHashOf(user.id);
		expect(hash).not.toBeNull();
		expect(await verifyPassword(hash!, NEW_PASSWORD)).toBe(true);
		expect(await verifyPassword(hash!, PASSWORD)).toBe(false);
		expect(await sessionCount(user.id)).toBe(0);

		// Second use fails and changes nothing.
		expect(await consumeAuthToken(handle.db, token, 'endnu-et-nyt-kodeord')).toBeNull();
		expect(await findValidAuthToken(handle.db, token)).toBeNull();
		expect(await passwordHashOf(user.id)).toBe(hash);

		// The new password works for sign-in.
		const login = await attemptLogin(handle.db, {
			email: user.email,
			password: NEW_PASSWORD,
			clientAddress: clientAddress()
		});
		expect(login.ok).toBe(true);
	});

	it('fail once expired: a reset link lasts one hour', async () => {
		const user = await makeUser();
		const created = new Date();
		const { token } = await createAuthToken(handle.db, user.id, created);
		const later = new Date(created.getTime() + HOUR + 1000);
		expect(await findValidAuthToken(handle.db, token, later)).toBeNull();
		expect(await consumeAuthToken(handle.db, token, NEW_PASSWORD, later)).toBeNull();
		expect(await passwordHashOf(user.id)).toBe(passwordHash);
		// Still valid just before the hour is up.
		const before = new Date(created.getTime() + HOUR - 1000);
		expect(await findValidAuthToken(handle.db, token, before)).not.toBeNull();
	});

	it('replace an earlier unused link', async () => {
		const user = await makeUser();
		const { token: first } = await createAuthToken(handle.db, user.id);
		const { token: second } = await createAuthToken(handle.db, user.id);
		expect(await findValidAuthToken(handle.db, first)).toBeNull();
		expect(await consumeAuthToken(handle.db, first, NEW_PASSWORD)).toBeNull();
		expect(await consumeAuthToken(handle.db, second, NEW_PASSWORD)).toEqual({ userId: user.id });
	});

	it('fail for a deactivated user and for malformed tokens', async () => {
		const user = await makeUser();
		const { token } = await createAuthToken(handle.db, user.id);
		await handle.db
			.updateTable('app_user')
			.set({ deactivated_at: new Date() })
			.where('id', '=', user.id)
			.execute();
		expect(await consumeAuthToken(handle.db, token, NEW_PASSWORD)).toBeNull();
		expect(await passwordHashOf(user.id)).toBe(passwordHash);
		for (const bad of ['', 'kort', token.toUpperCase(), `${token}x`, hashToken(token)]) {
			expect(await findValidAuthToken(handle.db, bad), bad).toBeNull();
			expect(await consumeAuthToken(handle.db, bad, NEW_PASSWORD), bad).toBeNull();
		}
	});
});
