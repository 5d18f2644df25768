// The session sweep: sockets whose session ended without anyone acting on it (idle
// timeout, absolute lifetime, deleted row, deactivated user) are disconnected, and the
// others stay. A real socket.io server and clients, in this process, on the test database.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as client, type Socket } from 'socket.io-client';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import { createSession } from '../auth/session';
import { sweepSessions } from './revocation';

let handle: DbHandle;
let http: HttpServer;
let io: Server;
let url: string;
const clients: Socket[] = [];

beforeAll(async () => {
	handle = await createTestDb();
	http = createServer();
	io = new Server(http);
	// Stands in for the real authentication: the session id comes with the handshake.
	io.use((socket, next) => {
		socket.data.sessionId = (socket.handshake.auth as { sessionId?: string }).sessionId;
		next();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const c of clients) c.close();
	await new Promise((resolve) => io?.close(resolve));
	await handle?.close();
});

async function user(email: string) {
	return (
		await handle.db
			.insertInto('app_user')
			.values({ email, name: 'Sweep Test', initials: 'ST', password_hash: null })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

function connectWith(sessionId: string): Promise<Socket> {
	const s = client(url, { auth: { sessionId }, transports: ['websocket'], reconnection: false });
	clients.push(s);
	return new Promise((resolve, reject) => {
		s.once('connect', () => resolve(s));
		s.once('connect_error', reject);
	});
}

describe('sweepSessions', () => {
	it('disconnects the sockets of idle, expired, deleted and deactivated sessions only', async () => {
		const HOUR = 3_600_000;
		const now = new Date();
		const a = await user('sweep-a@test.tavla');
		const b = await user('sweep-b@test.tavla');
		const live = await createSession(handle.db, a, { now });
		const idle = await createSession(handle.db, a, { now: new Date(now.getTime() - HOUR) });
		const old = await createSession(handle.db, a, { now: new Date(now.getTime() - 13 * HOUR) });
		const deleted = await createSession(handle.db, a, { now });
		const deactivated = await createSession(handle.db, b, { now });
		// An idle-looking session that was active recently (a request moved its clock on).
		const touched = await createSession(handle.db, a, { now: new Date(now.getTime() - HOUR) });
		await handle.db
			.updateTable('session')
			.set({ last_seen_at: now })
			.where('id', '=', touched.session.id)
			.execute();

		const sockets = {
			live: await connectWith(live.session.id),
			idle: await connectWith(idle.session.id),
			old: await connectWith(old.session.id),
			deleted: await connectWith(deleted.session.id),
			deactivated: await connectWith(deactivated.session.id),
			touched: await connectWith(touched.session.id)
		};
		await handle.db.deleteFrom('session').where('id', '=', deleted.session.id).execute();
		await handle.db
			.updateTable('app_user')
			.set({ deactivated_at: now })
			.where('id', '=', b)
			.execute();

		const reasons = new Map<string, string>();
		for (const [name, s] of Object.entries(sockets))
			s.on('disconnect', (r) => reasons.set(name, r));

		expect(await sweepSessions(io, handle.db, now)).toBe(4);
		await new Promise((r) => setTimeout(r, 200));
		expect(Object.fromEntries(reasons)).toEqual({
			idle: 'io server disconnect',
			old: 'io server disconnect',
			deleted: 'io server disconnect',
			deactivated: 'io server disconnect'
		});
		expect(sockets.live.connected).toBe(true);
		expect(sockets.touched.connected).toBe(true);
	});
});
