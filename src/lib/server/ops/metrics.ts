import client from 'prom-client';
import { timingSafeEqual, createHash } from 'node:crypto';

/**
 * Prometheus metrics (GET /metrics). Labels are route ids and event names only: never a
 * path with ids in it, never a user, so the series stay few and carry no personal data.
 * One registry per process, kept on globalThis so a dev reload does not register twice.
 */
interface Metrics {
	registry: client.Registry;
	httpRequests: client.Counter<'method' | 'route' | 'status'>;
	httpDuration: client.Histogram<'method' | 'route'>;
	socketEvents: client.Counter<'event' | 'result'>;
	edits: client.Counter<'kind'>;
	slowQueries: client.Counter<never>;
	poolSource: (() => { total: number; idle: number; waiting: number }) | null;
}

declare global {
	var __tavlaMetrics: Metrics | undefined;
}

function create(): Metrics {
	const registry = new client.Registry();
	client.collectDefaultMetrics({ register: registry, prefix: 'tavla_' });
	const m: Metrics = {
		registry,
		httpRequests: new client.Counter({
			name: 'tavla_http_requests_total',
			help: 'HTTP requests by method, SvelteKit route id and status',
			labelNames: ['method', 'route', 'status'],
			registers: [registry]
		}),
		httpDuration: new client.Histogram({
			name: 'tavla_http_request_duration_seconds',
			help: 'HTTP request latency by method and route id',
			labelNames: ['method', 'route'],
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers: [registry]
		}),
		socketEvents: new client.Counter({
			name: 'tavla_socket_events_total',
			help: 'socket.io events handled, by event and result (ok, error, rate_limited)',
			labelNames: ['event', 'result'],
			registers: [registry]
		}),
		edits: new client.Counter({
			name: 'tavla_edits_total',
			help: 'Committed edits by kind (note, fields, item, status, …); rate() gives edits/s',
			labelNames: ['kind'],
			registers: [registry]
		}),
		slowQueries: new client.Counter({
			name: 'tavla_db_slow_queries_total',
			help: 'Queries slower than TAVLA_SLOW_QUERY_MS',
			registers: [registry]
		}),
		poolSource: null
	};
	new client.Gauge({
		name: 'tavla_socket_connections',
		help: 'Open socket.io connections on this instance',
		registers: [registry],
		collect() {
			const io = globalThis.__tavlaRealtime?.io;
			this.set(io ? io.engine.clientsCount : 0);
		}
	});
	for (const key of ['total', 'idle', 'waiting'] as const) {
		new client.Gauge({
			name: `tavla_db_pool_${key}_connections`,
			help: `PostgreSQL pool: ${key} clients (0 on embedded PGlite, one connection)`,
			registers: [registry],
			collect() {
				this.set(m.poolSource ? m.poolSource()[key] : 0);
			}
		});
	}
	return m;
}

export function metrics(): Metrics {
	globalThis.__tavlaMetrics ??= create();
	return globalThis.__tavlaMetrics;
}

/** The database module reports its pool here (PostgreSQL only). */
export function setPoolSource(source: () => { total: number; idle: number; waiting: number }) {
	metrics().poolSource = source;
}

export function observeRequest(method: string, route: string, status: number, seconds: number) {
	const m = metrics();
	m.httpRequests.inc({ method, route, status: String(status) });
	m.httpDuration.observe({ method, route }, seconds);
}

export function observeSocketEvent(event: string, result: 'ok' | 'error' | 'rate_limited') {
	const m = metrics();
	m.socketEvents.inc({ event, result });
	if (result === 'ok' && event === 'note:update') observeEdit('note');
}

/** One committed edit: a note update, or a structured change by what it changed. */
export function observeEdit(kind: string) {
	metrics().edits.inc({ kind });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics: with TAVLA_METRICS_TOKEN set, whoever sends it as a bearer
 * token; without it, only connections from this machine (a local Prometheus or agent).
 * Behind a proxy on the same machine every request looks local: the nginx example
 * therefore blocks /metrics (docs/OPERATIONS.md).
 */
export function metricsAllowed(
	token: string | undefined,
	authorization: string | null,
	clientAddress: string
): boolean {
	if (token) {
		const given = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
		const a = createHash('sha256').update(given).digest();
		const b = createHash('sha256').update(token).digest();
		return timingSafeEqual(a, b);
	}
	return LOOPBACK.has(clientAddress);
}
