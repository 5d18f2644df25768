// The one way tests and benchmarks run the built production server (`node server.js`):
// as a child process on a free port, from a private copy of the build, on PGlite or a
// PostgreSQL database, optionally with live events through Redis. Used by the e2e,
// realtime and ops projects and by bench/. Talk to it with ./client.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RedisNamespace } from './redis';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT_CHARS = 40_000;

export interface StartServerOptions {
	/** Run on this PostgreSQL database; without it the server uses PGlite in `dataDir`. */
	databaseUrl?: string;
	/** PGlite data folder; a fresh temporary one (removed by `stop()`) when omitted. */
	dataDir?: string;
	/** Listen on this port (e.g. to restart on the same address); a free one when omitted. */
	port?: number;
	/** Carry live events between instances through Redis (socket.io's Redis streams adapter). */
	redis?: RedisNamespace;
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
			'build/handler.js is missing. Run `npm run build` before the e2e, realtime and ops ' +
				'tests: they start the production server (`node server.js`).'
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
	delete env.TAVLA_REDIS_PREFIX;
	delete env.TAVLA_DATA_DIR;
	if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
	else env.TAVLA_DATA_DIR = dataDir;
	if (opts.redis) {
		env.REDIS_URL = opts.redis.url;
		env.TAVLA_REDIS_PREFIX = opts.redis.prefix;
	}
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
