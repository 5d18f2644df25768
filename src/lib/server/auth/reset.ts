import type { DB, Executor } from '../db';
import { logger } from '../log';
import { hashPassword } from './password';
import { invalidateUserSessions } from './session';
import { generateToken, hashToken } from './tokens';

const HOUR = 60 * 60 * 1000;

/** One-time link tokens for password reset (1 hour) and invitations (7 days). */
export async function createAuthToken(
	db: Executor,
	userId: string,
	purpose: 'reset' | 'invite',
	now = new Date()
): Promise<string> {
	const token = generateToken();
	// A new link replaces any earlier unused one of the same kind.
	await db
		.deleteFrom('auth_token')
		.where('user_id', '=', userId)
		.where('purpose', '=', purpose)
		.execute();
	await db
		.insertInto('auth_token')
		.values({
			id: hashToken(token),
			user_id: userId,
			purpose,
			expires_at: new Date(now.getTime() + (purpose === 'reset' ? 1 : 7 * 24) * HOUR)
		})
		.execute();
	return token;
}

export async function findValidAuthToken(db: Executor, token: string, now = new Date()) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('auth_token')
		.innerJoin('app_user', 'app_user.id', 'auth_token.user_id')
		.select([
			'auth_token.id',
			'auth_token.purpose',
			'auth_token.expires_at',
			'auth_token.used_at',
			'app_user.id as user_id',
			'app_user.email',
			'app_user.name',
			'app_user.deactivated_at'
		])
		.where('auth_token.id', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.used_at || row.deactivated_at || row.expires_at.getTime() <= now.getTime())
		return null;
	return row;
}

/**
 * Consume a reset or invite link: set the password and sign the user out everywhere.
 * Runs in one transaction so a link can be used only once even under races.
 */
export async function consumeAuthToken(
	db: DB,
	token: string,
	newPassword: string,
	now = new Date()
): Promise<{ userId: string } | null> {
	const passwordHash = await hashPassword(newPassword);
	return db.transaction().execute(async (trx) => {
		const valid = await findValidAuthToken(trx, token, now);
		if (!valid) return null;
		const used = await trx
			.updateTable('auth_token')
			.set({ used_at: now })
			.where('id', '=', valid.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) return null;
		await trx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', valid.user_id)
			.execute();
		await invalidateUserSessions(trx, valid.user_id);
		return { userId: valid.user_id };
	});
}

/**
 * Start a password reset. With no mail server configured, the link is written to the
 * server log for the operator to pass on. Unknown or deactivated e-mails do nothing.
 */
export async function requestPasswordReset(
	db: Executor,
	email: string,
	origin: string
): Promise<boolean> {
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'deactivated_at'])
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
		.executeTakeFirst();
	if (!user || user.deactivated_at) return false;
	const token = await createAuthToken(db, user.id, 'reset');
	logger.warn(
		{ userId: user.id, link: `${origin}/nulstil/${token}` },
		'password reset link (no mail server configured)'
	);
	return true;
}
