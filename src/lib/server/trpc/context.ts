import type { RequestEvent } from '@sveltejs/kit';
import type { DB } from '../db';
import { getDb } from '../db';
import type { SessionInfo, SessionUser } from '../auth/session';

export interface Context {
	db: DB;
	user: SessionUser | null;
	session: SessionInfo | null;
	requestId: string;
	/** The public address requests arrive at (for links sent by e-mail); unset in scripts. */
	origin?: string;
}

export async function createContext(event: RequestEvent): Promise<Context> {
	return {
		db: await getDb(),
		user: event.locals.user,
		session: event.locals.session,
		requestId: event.locals.requestId,
		origin: event.url.origin
	};
}
