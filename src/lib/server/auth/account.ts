import { sql } from 'kysely';
import type { DB, Executor } from '../db';
import { hashPassword, verifyPassword } from './password';
import { sessionsEnded } from './live';
import { invalidateUserSessions } from './session';
import { totpStep } from './totp';

/**
 * Accept a TOTP code for `userId` once: its time step must be later than the last one
 * used, checked and recorded in one statement, so a code seen over a shoulder, or sent
 * twice at once, counts only the first time.
 */
export async function consumeTotpCode(
	db: Executor,
	userId: string,
	key: Uint8Array,
	code: string,
	now = Date.now()
): Promise<boolean> {
	const step = totpStep(key, code, now);
	if (step === null) return false;
	const used = await db
		.updateTable('app_user')
		.set({ totp_last_step: step })
		.where('id', '=', userId)
		.where(sql<boolean>`coalesce(totp_last_step < ${step}, true)`)
		.returning('id')
		.executeTakeFirst();
	return used !== undefined;
}

/** Change password: requires the current one, then signs the user out on every other device. */
export async function changePassword(
	db: DB,
	input: { userId: string; sessionId: string; current: string; next: string }
): Promise<'ok' | 'wrong_current'> {
	const user = await db
		.selectFrom('app_user')
		.select('password_hash')
		.where('id', '=', input.userId)
		.executeTakeFirstOrThrow();
	if (!user.password_hash || !(await verifyPassword(user.password_hash, input.current))) {
		return 'wrong_current';
	}
	const passwordHash = await hashPassword(input.next);
	const ended = await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', input.userId)
			.execute();
		return invalidateUserSessions(trx, input.userId, input.sessionId);
	});
	sessionsEnded(ended);
	return 'ok';
}

/** Turn TOTP on once the person has proved their app produces codes for `key`. */
export async function enableTotp(
	db: DB,
	input: { userId: string; sessionId: string; key: Uint8Array; code: string }
): Promise<boolean> {
	const ended = await db.transaction().execute(async (trx) => {
		// The set-up code counts as used, like every later one.
		if (!(await consumeTotpCode(trx, input.userId, input.key, input.code))) return null;
		await trx
			.updateTable('app_user')
			.set({ totp_key: input.key })
			.where('id', '=', input.userId)
			.execute();
		// This session has just proved the second factor; all others must sign in again.
		await trx
			.updateTable('session')
			.set({ two_factor_verified: true })
			.where('id', '=', input.sessionId)
			.execute();
		return invalidateUserSessions(trx, input.userId, input.sessionId);
	});
	if (!ended) return false;
	sessionsEnded(ended);
	return true;
}

export async function disableTotp(
	db: DB,
	input: { userId: string; code: string }
): Promise<boolean> {
	const user = await db
		.selectFrom('app_user')
		.select('totp_key')
		.where('id', '=', input.userId)
		.executeTakeFirstOrThrow();
	if (!user.totp_key || !(await consumeTotpCode(db, input.userId, user.totp_key, input.code)))
		return false;
	await db
		.updateTable('app_user')
		.set({ totp_key: null, totp_last_step: null })
		.where('id', '=', input.userId)
		.execute();
	return true;
}
