import { sql } from 'kysely';
import type { Executor } from '../db';

/**
 * Fixed-window counter kept in the database, so that every app instance shares it.
 * Returns whether this attempt is allowed; the attempt is counted either way.
 */
export async function hitRateLimit(
	db: Executor,
	key: string,
	max: number,
	windowMs: number,
	now = new Date()
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
	const windowStartFloor = new Date(now.getTime() - windowMs);
	const row = await db
		.insertInto('rate_limit')
		.values({ key, window_start: now, count: 1 })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				// A window older than windowMs starts over; otherwise count up.
				window_start: sql`case when rate_limit.window_start <= ${windowStartFloor} then ${now} else rate_limit.window_start end`,
				count: sql`case when rate_limit.window_start <= ${windowStartFloor} then 1 else rate_limit.count + 1 end`
			})
		)
		.returning(['window_start', 'count'])
		.executeTakeFirstOrThrow();
	const allowed = row.count <= max;
	const retryAfterSeconds = allowed
		? 0
		: Math.ceil((row.window_start.getTime() + windowMs - now.getTime()) / 1000);
	return { allowed, retryAfterSeconds };
}

export async function clearRateLimit(db: Executor, key: string): Promise<void> {
	await db.deleteFrom('rate_limit').where('key', '=', key).execute();
}

/**
 * Take back one attempt counted by `hitRateLimit` (a sign-in that succeeded): counting
 * first and refunding afterwards keeps a burst of parallel guesses counted in full.
 */
export async function refundRateLimit(db: Executor, key: string): Promise<void> {
	await db
		.updateTable('rate_limit')
		.set({ count: sql`greatest(count - 1, 0)` })
		.where('key', '=', key)
		.execute();
}
