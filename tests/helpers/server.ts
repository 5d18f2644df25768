// Helpers for tests that run the built production server (`node server.js`) as a child
// process and talk to it like a browser would: the real sign-in form, socket.io and the
// tRPC HTTP API. Used by the realtime tests (tests/realtime/).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../src/lib/server/trpc/router';
import { transformer } from '../../src/lib/trpc/transformer';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT_CHARS = 40_000;

export const DEMO_PASSWORD = 'tavla-demo';

export interface StartServerOptions {
	/** Run on this PostgreSQL database; without it the server uses PGlite in `dataDir`. */
	databaseUrl?: string;
	/** PGlite data folder; a fresh temporary one (removed by `stop()`) when omitted. */
	dataDir?: string;
	/** Listen on this port (e.g. to restart on the same address); a free one when omitted. */
	port?: number;
	/** Extra environment; `TAVLA_DEMO` defaults to '1'. */
	env?: Record<string, string | undefined>;
}

export interface RunningServer {
	url: string;
	port: number;
	/** The PGlite data folder (undefined on PostgreSQL). */
	dataDir: string | undefined;
	proc: ChildProcess;
	/** Everything the server printed so far (tail), prefixed per stream. */
	output(): string;
	exited(): boolean;
	/** Graceful stop (SIGTERM by default, SIGKILL after a grace period); removes an owned data folder. */
	stop(signal?: NodeJS.Signals): Promise<void>;
	/** SIGKILL, as a crash: nothing is flushed or cleaned up. */
	kill(): Promise<void>;
}

export function assertBuilt(): void {
	if (!existsSync(join(repoRoot, 'build', 'handler.js'))) {
		throw new Error(
			'build/handler.js is missing. Run `npm run build` before the realtime tests: they start ' +
				'the production server (`node server.js`).'
		);
	}
}

/** Another process is probably running `npm run build` right now (its output was just touched). */
function buildInProgress(): boolean {
	for (const p of ['build', '.svelte-kit/output']) {
		try {
			if (Date.now() - statSync(join(repoRoot, p)).mtimeMs < 120_000) return true;
		} catch {
			// not there
		}
	}
	return false;
}

/** Waits for build/handler.js while a build is running; throws the clear message otherwise. */
async function waitForBuild(): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (!existsSync(join(repoRoot, 'build', 'handler.js'))) {
		if (!buildInProgress() || Date.now() > deadline) assertBuilt();
		await sleep(1_000);
	}
}

let snapshot: Promise<string> | undefined;
const SNAPSHOT_PREFIX = 'tavla-rt-build-';

/** Removes this process's copy of the build; call after the file's last server has stopped. */
export async function removeBuildSnapshot(): Promise<void> {
	const s = snapshot;
	snapshot = undefined;
	if (s) await rm(await s, { recursive: true, force: true });
}

/** Copies left behind by test processes that were killed (older than an hour). */
async function pruneStaleSnapshots(): Promise<void> {
	const entries = await readdir(tmpdir()).catch(() => [] as string[]);
	for (const name of entries) {
		if (!name.startsWith(SNAPSHOT_PREFIX)) continue;
		const path = join(tmpdir(), name);
		try {
			if (Date.now() - statSync(path).mtimeMs > 60 * 60_000) {
				await rm(path, { recursive: true, force: true });
			}
		} catch {
			// removed by someone else meanwhile
		}
	}
}

/**
 * A private copy of the production entry (server.js, build/, the realtime bootstrap and
 * package.json, with node_modules linked), taken once per test process. Servers run from
 * it, so a `npm run build` elsewhere during the tests cannot pull files from under them.
 */
function buildSnapshot(): Promise<string> {
	snapshot ??= (async () => {
		await waitForBuild();
		await pruneStaleSnapshots();
		const dir = await mkdtemp(join(tmpdir(), SNAPSHOT_PREFIX));
		process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
		for (let attempt = 1; ; attempt++) {
			// A build running elsewhere replaces build/ while we copy: copy again until stable.
			try {
				await waitForBuild();
				const stamp = statSync(join(repoRoot, 'build', 'handler.js')).mtimeMs;
				// adapter-node writes build/ within a second or two; let it finish.
				if (Date.now() - stamp < 3_000) {
					await sleep(3_000);
					continue;
				}
				await rm(join(dir, 'build'), { recursive: true, force: true });
				await cp(join(repoRoot, 'build'), join(dir, 'build'), { recursive: true });
				const now = statSync(join(repoRoot, 'build', 'handler.js')).mtimeMs;
				if (now === stamp && existsSync(join(dir, 'build', 'handler.js'))) break;
			} catch (err) {
				if (attempt >= 10) throw err;
			}
			if (attempt >= 10) throw new Error('build/ kept changing while it was copied');
			await sleep(2_000);
		}
		for (const file of ['server.js', 'package.json', 'src/lib/server/realtime/bootstrap.js']) {
			await cp(join(repoRoot, file), join(dir, file), { recursive: true });
		}
		symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
		return dir;
	})();
	return snapshot;
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
	const cwd = await buildSnapshot();
	const port = opts.port ?? (await findFreePort());
	const url = `http://127.0.0.1:${port}`;
	const ownsDataDir = !opts.databaseUrl && !opts.dataDir;
	const dataDir = opts.databaseUrl
		? undefined
		: (opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'tavla-rt-'))));

	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		TAVLA_DEMO: '1',
		TAVLA_LOG_LEVEL: 'warn',
		// Many sign-ins from one address within minutes are normal in tests.
		TAVLA_LOGIN_MAX_ATTEMPTS: '1000'
	};
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	delete env.TAVLA_DATA_DIR;
	if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
	else env.TAVLA_DATA_DIR = dataDir;
	for (const [k, v] of Object.entries(opts.env ?? {})) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}

	// For profiling a bench: TAVLA_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
	// (NODE_OPTIONS refuses --cpu-prof).
	const nodeArgs = process.env.TAVLA_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const proc = spawn(process.execPath, [...nodeArgs, 'server.js'], {
		cwd,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
		output += chunk
			.toString('utf8')
			.split('\n')
			.map((line, i, all) => (i === all.length - 1 && line === '' ? '' : `[${stream}] ${line}`))
			.join('\n');
		if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
	};
	proc.stdout?.on('data', collect('stdout'));
	proc.stderr?.on('data', collect('stderr'));

	let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
	const exitPromise = new Promise<void>((resolve) => {
		proc.once('exit', (code, signal) => {
			exit = { code, signal };
			resolve();
		});
	});
	let spawnError: Error | null = null;
	proc.once('error', (err) => {
		spawnError = err;
	});

	const waitExit = async (ms: number) =>
		Promise.race([
			exitPromise.then(() => true),
			new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))
		]);

	const server: RunningServer = {
		url,
		port,
		dataDir,
		proc,
		output: () => output,
		exited: () => exit !== null,
		async stop(signal = 'SIGTERM') {
			if (exit === null && proc.pid !== undefined) {
				proc.kill(signal);
				if (!(await waitExit(STOP_GRACE_MS)) && exit === null) {
					proc.kill('SIGKILL');
					await exitPromise;
				}
			}
			if (ownsDataDir && dataDir) await rm(dataDir, { recursive: true, force: true });
		},
		async kill() {
			if (exit === null && proc.pid !== undefined) {
				proc.kill('SIGKILL');
				await exitPromise;
			}
		}
	};

	try {
		await waitForServer(`${url}/login`, () => {
			if (spawnError) return `could not start the server: ${(spawnError as Error).message}`;
			if (exit) return `the server exited early (code ${exit.code}, signal ${exit.signal})`;
			return null;
		});
	} catch (err) {
		await server.stop('SIGKILL');
		const reason = err instanceof Error ? err.message : String(err);
		throw new Error(
			`the server at ${url} did not become ready: ${reason}\n` +
				`--- server output ---\n${output.trimEnd() || '(no output)'}\n--- end of server output ---`
		);
	}
	return server;
}

export function findFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			if (address === null || typeof address === 'string') {
				srv.close();
				reject(new Error('could not determine a free port'));
				return;
			}
			const { port } = address;
			srv.close(() => resolve(port));
		});
	});
}

async function waitForServer(url: string, failed: () => string | null): Promise<void> {
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	let last = 'no response yet';
	while (Date.now() < deadline) {
		const reason = failed();
		if (reason) throw new Error(reason);
		try {
			const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
			await res.arrayBuffer().catch(() => undefined);
			if (res.status === 200) return;
			last = `GET ${url} answered ${res.status}`;
		} catch (err) {
			last = `GET ${url} failed: ${err instanceof Error ? err.message : String(err)}`;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`timed out after ${STARTUP_TIMEOUT_MS / 1000} s (last: ${last})`);
}

// --- PostgreSQL ------------------------------------------------------------------------

export interface PgDatabase {
	name: string;
	url: string;
}

/** A new, empty database on the server named in DATABASE_URL (the app migrates it on start). */
export async function createPgDatabase(): Promise<PgDatabase> {
	const admin = process.env.DATABASE_URL;
	if (!admin) throw new Error('createPgDatabase needs DATABASE_URL');
	const name = `tavla_rt_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	try {
		await c.query(`create database "${name}"`);
	} finally {
		await c.end();
	}
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return { name, url: url.toString() };
}

export async function dropPgDatabase(db: PgDatabase | undefined): Promise<void> {
	const admin = process.env.DATABASE_URL;
	if (!db || !admin) return;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	try {
		await c.query(`drop database if exists "${db.name}" with (force)`);
	} finally {
		await c.end();
	}
}

// --- Signing in, tRPC ------------------------------------------------------------------

/** Signs in through the real login form; returns the `tavla_session=...` cookie. */
export async function signIn(
	url: string,
	email: string,
	password = DEMO_PASSWORD
): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			// A browser's plain form post (not SvelteKit's enhanced JSON variant).
			accept: 'text/html',
			origin: url
		},
		body: new URLSearchParams({ email, password }).toString(),
		redirect: 'manual'
	});
	const body = await res.text();
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('tavla_session=') && c.length > 'tavla_session='.length);
	if (res.status !== 303 || !cookie) {
		throw new Error(
			`sign-in as ${email} failed: ${res.status} ${res.headers.get('location') ?? ''}\n${body.slice(0, 500)}`
		);
	}
	return cookie;
}

export function trpcClient(url: string, cookie: string) {
	return createTRPCClient<AppRouter>({
		links: [httpLink({ url: `${url}/api/trpc`, transformer, headers: { cookie } })]
	});
}
export type TrpcClient = ReturnType<typeof trpcClient>;

// --- socket.io -------------------------------------------------------------------------

export type ClientOptions = Parameters<typeof io>[1];

/** A connected socket for the session `cookie`; rejects with the connect_error. */
export function connect(url: string, cookie: string, opts: ClientOptions = {}): Promise<Socket> {
	const socket = io(url, {
		extraHeaders: { cookie },
		transports: ['websocket'],
		reconnection: true,
		reconnectionDelay: 200,
		reconnectionDelayMax: 1_000,
		...opts
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.close();
			reject(new Error(`socket.io: no connection to ${url} within 10 s`));
		}, 10_000);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.off('connect_error', onError);
			resolve(socket);
		});
		const onError = (err: Error) => {
			clearTimeout(timer);
			socket.close();
			reject(err);
		};
		socket.once('connect_error', onError);
	});
}

export interface AckOk<T = unknown> {
	ok: true;
	data: T;
}
export interface AckErr {
	ok: false;
	code: string;
	message: string;
	fields?: Record<string, string> | string[];
}
export type Ack<T = unknown> = AckOk<T> | AckErr;

/** Emits `event` and resolves with the server's acknowledgement; rejects after `timeoutMs`. */
export async function emitAck<T = unknown>(
	socket: Socket,
	event: string,
	payload: unknown,
	timeoutMs = 10_000
): Promise<Ack<T>> {
	return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

/** Resolves with the first `event` for which `match` holds; rejects after `timeoutMs`. */
export function waitForEvent<T = unknown>(
	socket: Socket,
	event: string,
	match: (payload: T) => boolean = () => true,
	timeoutMs = 10_000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event, handler);
			reject(new Error(`no matching '${event}' event within ${timeoutMs} ms`));
		}, timeoutMs);
		const handler = (payload: T) => {
			if (!match(payload)) return;
			clearTimeout(timer);
			socket.off(event, handler);
			resolve(payload);
		};
		socket.on(event, handler);
	});
}

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	what: string | (() => string),
	timeoutMs = 10_000,
	intervalMs = 50
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await sleep(intervalMs);
	}
	throw new Error(
		`timed out after ${timeoutMs} ms waiting for: ${typeof what === 'function' ? what() : what}`
	);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
