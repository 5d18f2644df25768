// Production entry: one HTTP server for SvelteKit (adapter-node's handler) and
// socket.io on the same port, with health endpoints and graceful shutdown.
import { createServer } from 'node:http';
import { attachRealtime } from './src/lib/server/realtime/bootstrap.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
// How long /readyz answers 503 before we stop accepting work, so a load balancer that
// polls it takes this instance out first (docs/OPERATIONS.md).
const drainDelayMs = Number(process.env.TAVLA_SHUTDOWN_DELAY_MS ?? 0);
const shutdownTimeoutMs = Number(process.env.TAVLA_SHUTDOWN_TIMEOUT_MS ?? 15_000);

// adapter-node assumes https when it cannot tell the origin, which breaks sign-in
// (CSRF origin check) on a plain local run. Behind a proxy, set ORIGIN or
// PROTOCOL_HEADER/HOST_HEADER; otherwise we serve http://localhost:PORT.
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) {
	process.env.ORIGIN = `http://localhost:${port}`;
}

// Import files arrive base64-encoded in a tRPC body: allow up to 2 MB files.
process.env.BODY_SIZE_LIMIT ??= '4M';

// Shared with the SvelteKit code (src/lib/server/ops/lifecycle.ts): the phase that
// /readyz reports, and the steps to run after the last request (flush note writes,
// close the database).
/** @type {{ phase: 'starting' | 'ready' | 'stopping', onShutdown: Array<() => Promise<void>> }} */
const life = (globalThis.__tavlaLifecycle ??= { phase: 'starting', onShutdown: [] });

const server = createServer();
// socket.io first (it refuses connections until the init hook registers handlers).
const io = await attachRealtime(server);

/** @type {((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null} */
let handler = null;
server.on('request', (req, res) => {
	// engine.io answers its own (polling) requests.
	if (req.url?.startsWith('/socket.io/')) return;
	// Keep-alive clients of a stopping instance should open their next request elsewhere.
	if (life.phase === 'stopping') res.setHeader('connection', 'close');
	if (handler) return handler(req, res);
	// Still migrating: alive, but not ready for traffic.
	const path = (req.url ?? '/').split('?')[0];
	res.statusCode = path === '/healthz' ? 200 : 503;
	res.setHeader('content-type', 'application/json');
	res.setHeader('cache-control', 'no-store');
	if (res.statusCode === 503) res.setHeader('retry-after', '5');
	res.end(JSON.stringify({ status: 'starting' }));
});

// Listen at once so /healthz answers during migrations; /readyz says 503 until the
// handler (and with it the server `init` hook: migrations, demo seed) has loaded.
await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
// Imported after the environment is settled: the handler reads it at load time.
({ handler } = await import('./build/handler.js'));
if (life.phase === 'starting') life.phase = 'ready';
console.log(`\nTavla kører på ${process.env.ORIGIN ?? `http://localhost:${port}`}`);
if (process.env.TAVLA_DEMO === '1') {
	console.log('Log ind med en af demo-brugerne ovenfor. Stop med Ctrl+C.');
}
console.log('');

/** @param {string} signal */
async function shutdown(signal) {
	if (life.phase === 'stopping') return;
	life.phase = 'stopping';
	const started = Date.now();
	log('info', 'shutdown started', { signal, drainDelayMs });
	setTimeout(() => {
		log('error', 'shutdown timed out; exiting', { shutdownTimeoutMs });
		process.exit(1);
	}, shutdownTimeoutMs).unref();
	// 1. /readyz answers 503; the load balancer stops sending new work.
	if (drainDelayMs > 0) await new Promise((r) => setTimeout(r, drainDelayMs));
	// 2. Close live connections: the clients see a transport close and reconnect by
	//    themselves (to another instance, or to this one after a restart). This also
	//    stops the HTTP server from accepting connections and waits for open requests.
	await new Promise((resolve) => io.close(() => resolve(undefined)));
	// 3. Write what is still pending (debounced note text and history), close the database.
	for (const step of life.onShutdown) {
		try {
			await step();
		} catch (err) {
			log('error', 'shutdown step failed', { err: String(err) });
		}
	}
	log('info', 'shutdown complete', { ms: Date.now() - started });
	process.exit(0);
}

/** One JSON line, like the app's pino logs. */
function log(level, msg, extra = {}) {
	const levels = { info: 30, error: 50 };
	console.log(JSON.stringify({ level: levels[level], time: Date.now(), msg, ...extra }));
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
