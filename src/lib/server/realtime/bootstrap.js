// Attaches socket.io to an HTTP server. Plain JavaScript because two hosts load it
// before any SvelteKit code exists: the Vite dev plugin (vite.config.ts) and the
// production entry (server.js). The handlers themselves are registered later, from
// the server `init` hook (src/lib/server/realtime/index.ts), which finds the server
// on globalThis. Until then every connection is refused, never accepted unchecked.
import { Server } from 'socket.io';

/** @param {import('node:http').Server} httpServer */
export async function attachRealtime(httpServer) {
	const io = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: 1_000_000,
		// With the in-memory adapter (one instance, PGlite) socket.io replays events missed
		// during a short outage. The PostgreSQL adapter does not support that, so across
		// instances every reconnect uses the client's catch-up (refetch + Yjs state vector).
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
		allowRequest(req, callback) {
			// Until the handlers are registered, refuse at the transport level: the client
			// retries with backoff. (A refusal from a middleware would be final for it.)
			if (!globalThis.__tavlaRealtime?.ready) return callback('not ready', false);
			const origin = req.headers.origin;
			if (!origin) return callback(null, true); // non-browser clients (tests, benchmarks) send none
			let ok = false;
			try {
				const url = new URL(origin);
				ok = url.host === req.headers.host || origin === process.env.ORIGIN;
			} catch {
				ok = false;
			}
			callback(ok ? null : 'origin not allowed', ok);
		}
	});

	if (process.env.REDIS_URL) {
		const { createClient } = await import('redis');
		const { createAdapter } = await import('@socket.io/redis-streams-adapter');
		const client = createClient({ url: process.env.REDIS_URL });
		await client.connect();
		// Pub/sub channels are global to a Redis server: deployments (or test runs) sharing
		// one must each have their own prefix, or they take each other for instances.
		const prefix = process.env.TAVLA_REDIS_PREFIX;
		io.adapter(
			createAdapter(
				client,
				prefix
					? { streamName: prefix, channelPrefix: prefix, sessionKeyPrefix: `${prefix}:session:` }
					: {}
			)
		);
	} else if (process.env.DATABASE_URL) {
		const { default: pg } = await import('pg');
		const { createAdapter } = await import('@socket.io/postgres-adapter');
		const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
		// A PostgreSQL restart ends every connection. Without listeners node-postgres turns
		// that into an uncaught 'error' and the process dies; with them the pool replaces
		// idle clients and the adapter re-LISTENs on its own (it watches 'end').
		pool.on('error', (err) =>
			console.error('socket.io adapter: idle connection lost', err.message)
		);
		pool.on('connect', (client) =>
			client.on('error', (err) => console.error('socket.io adapter: connection lost', err.message))
		);
		await pool.query(
			'create table if not exists socket_io_attachments (id bigserial unique, created_at timestamptz default now(), payload bytea)'
		);
		io.adapter(
			createAdapter(pool, {
				errorHandler: (err) => console.error('socket.io adapter', err),
				// A killed instance counts as gone after 6 s instead of 10 (cross-instance
				// presence waits for every instance it believes alive).
				heartbeatInterval: 2_000,
				heartbeatTimeout: 6_000
			})
		);
		io.on('close', () => pool.end());
	}

	const state = { io, ready: false };
	globalThis.__tavlaRealtime = state;
	io.use((_socket, next) => {
		if (state.ready) return next();
		const err = new Error('Serveren starter op. Prøv igen om et øjeblik.');
		// @ts-expect-error socket.io forwards `data` to the client
		err.data = { code: 'NOT_READY' };
		next(err);
	});
	return io;
}
