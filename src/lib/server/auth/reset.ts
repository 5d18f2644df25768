import type { DB, Executor } from '../db';
import { deliverPasswordReset } from '../mail/delivery';
import { hashPassword } from './password';
import { sessionsEnded } from './live';
import { invalidateUserSessions } from './session';
import { generateToken, hashToken } from './tokens';

const HOUR = 60 * 60 * 1000;

/**
 * A one-time password-reset link token (1 hour). Only `requestPasswordReset` hands it
 * out, to the person's own address; invitations have their own links (teams/invitations).
 */
export async function createAuthToken(
	db: Executor,
	userId: string,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + HOUR);
	// A new link replaces any earlier unused one.
	await db.deleteFrom('auth_token').where('user_id', '=', userId).execute();
	await db
		.insertInto('auth_token')
		.values({ id: hashToken(token), user_id: userId, purpose: 'reset', expires_at: expiresAt })
		.execute();
	return { token, expiresAt };
}

export async function findValidAuthToken(db: Executor, token: string, now = new Date()) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('auth_token')
		.innerJoin('app_user', 'app_user.id', 'auth_token.user_id')
		.select([
			'auth_token.id',
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
 * Consume a reset link: set the password and sign the user out everywhere.
 * Runs in one transaction so a link can be used only once even under races.
 */
export async function consumeAuthToken(
	db: DB,
	token: string,
	newPassword: string,
	now = new Date()
): Promise<{ userId: string } | null> {
	const passwordHash = await hashPassword(newPassword);
	const result = await db.transaction().execute(async (trx) => {
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
		const ended = await invalidateUserSessions(trx, valid.user_id);
		return { userId: valid.user_id, ended };
	});
	if (!result) return null;
	sessionsEnded(result.ended);
	return { userId: result.userId };
}

/**
 * Start a password reset: the link goes to the account's own address (see
 * mail/delivery.ts). Unknown or deactivated e-mails do nothing.
 */
export async function requestPasswordReset(
	db: Executor,
	email: string,
	origin: string
): Promise<boolean> {
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'email', 'deactivated_at'])
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
		.executeTakeFirst();
	if (!user || user.deactivated_at) return false;
	const { token, expiresAt } = await createAuthToken(db, user.id);
	await deliverPasswordReset({
		to: user.email,
		userId: user.id,
		link: `${origin}/nulstil/${token}`,
		expiresAt
	});
	return true;
}
