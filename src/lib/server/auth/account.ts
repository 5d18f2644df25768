import type { DB } from '../db';
import { hashPassword, verifyPassword } from './password';
import { invalidateUserSessions } from './session';
import { verifyTotp } from './totp';

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
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', input.userId)
			.execute();
		await invalidateUserSessions(trx, input.userId, input.sessionId);
	});
	return 'ok';
}

/** Turn TOTP on once the person has proved their app produces codes for `key`. */
export async function enableTotp(
	db: DB,
	input: { userId: string; sessionId: string; key: Uint8Array; code: string }
): Promise<boolean> {
	if (!verifyTotp(input.key, input.code)) return false;
	await db.transaction().execute(async (trx) => {
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
		await invalidateUserSessions(trx, input.userId, input.sessionId);
	});
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
	if (!user.totp_key || !verifyTotp(user.totp_key, input.code)) return false;
	await db.updateTable('app_user').set({ totp_key: null }).where('id', '=', input.userId).execute();
	return true;
}
