// Calling the tRPC router in-process, as a signed-in person, the way a route's load
// (`serverCaller`) does: same context, same middleware, no HTTP.
import type { DB } from '../../src/lib/server/db';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Context } from '../../src/lib/server/trpc/context';
import { createCallerFactory } from '../../src/lib/server/trpc/init';
import { appRouter } from '../../src/lib/server/trpc/router';

const factory = createCallerFactory(appRouter);
let n = 0;

/** The request context of one call by `user` (null: not signed in), each with its own session and request id. */
export function contextFor(db: DB, user: SessionUser | null): Context {
	n++;
	return {
		db,
		user,
		session: user
			? {
					id: `test-session-${n}`,
					expiresAt: new Date(Date.now() + 86_400_000),
					twoFactorVerified: true
				}
			: null,
		requestId: `test-request-${n}`
	};
}

/** The whole router, called as `user`. */
export function callerFor(db: DB, user: SessionUser | null) {
	return factory(contextFor(db, user));
}

/** A procedure by its dotted path (`borger.get`), for tests that walk every procedure. */
export function procedureFor(
	db: DB,
	user: SessionUser | null,
	path: string
): (input: unknown) => Promise<unknown> {
	const caller = callerFor(db, user) as unknown as Record<string, unknown>;
	const fn = path
		.split('.')
		.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
	return fn as (input: unknown) => Promise<unknown>;
}

/** The session user of an existing app_user, as sign-in would build it. */
export async function userOf(db: DB, id: string): Promise<SessionUser> {
	const u = await db
		.selectFrom('app_user')
		.select(['id', 'email', 'name', 'initials', 'is_admin', 'totp_key'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return {
		id: u.id,
		email: u.email,
		name: u.name,
		initials: u.initials,
		isAdmin: u.is_admin,
		hasTotp: u.totp_key !== null
	};
}
