import type { Server } from 'socket.io';
import type { DB } from '../db';
import { setRevocationSink } from '../auth/live';
import { liveSessionIds } from '../auth/session';
import { logger } from '../log';

/**
 * Live connections follow the person's access. Every socket joins a room for its user
 * and one for its session at connect time, so that
 *
 * - an ended session (sign-out, sign out everywhere, password change) disconnects the
 *   sockets opened with it, and
 * - a changed membership (deactivation, role change) disconnects all of the person's
 *   sockets,
 *
 * on every instance at once: `io.in(room).disconnectSockets()` is relayed through the
 * cluster adapter (PostgreSQL or Redis). The browser reconnects by itself and joins its
 * rooms again through the same checks as at first, so what it may still see it gets
 * back, and nothing else. The disconnect is a protocol-level one ("io server
 * disconnect"), which connection-state recovery never restores.
 *
 * A session can also end without anyone acting on it (idle timeout, absolute lifetime);
 * a sweep re-checks this instance's sockets against the database once a minute.
 */

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

export const SWEEP_INTERVAL_MS = 60_000;

export function registerRevocation(io: Server): void {
	setRevocationSink((r) => {
		const rooms = r.kind === 'sessions' ? r.sessionIds.map(sessionRoom) : [userRoom(r.userId)];
		io.in(rooms).disconnectSockets();
	});
}

/** Disconnects this instance's sockets whose session no longer counts. */
export async function sweepSessions(io: Server, db: DB, now = new Date()): Promise<number> {
	const sockets = await io.local.fetchSockets();
	const ids = [
		...new Set(
			sockets
				.map((s) => (s.data as { sessionId?: string }).sessionId)
				.filter((id): id is string => typeof id === 'string')
		)
	];
	const live = await liveSessionIds(db, ids, { now });
	let ended = 0;
	for (const s of sockets) {
		const id = (s.data as { sessionId?: string }).sessionId;
		if (id && !live.has(id)) {
			s.disconnect();
			ended++;
		}
	}
	return ended;
}

export function startSessionSweep(io: Server, db: () => Promise<DB>): () => void {
	const timer = setInterval(() => {
		void db()
			.then((d) => sweepSessions(io, d))
			.catch((err: unknown) =>
				logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'session sweep failed')
			);
	}, SWEEP_INTERVAL_MS);
	timer.unref();
	return () => clearInterval(timer);
}
