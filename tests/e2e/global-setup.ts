// Global setup for the e2e project: starts the built production server (`node server.js`)
// on a free port with a fresh embedded PGlite database and the demo team seeded, and hands
// its base URL to the tests via `inject('baseURL')`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_TIMEOUT_MS = 90_000;
const KILL_GRACE_MS = 5_000;
const MAX_OUTPUT_CHARS = 20_000;

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
	if (!existsSync(join(repoRoot, 'build', 'handler.js'))) {
		throw new Error(
			'e2e: build/handler.js is missing. Run `npm run build` before the e2e tests ' +
				'(`npm run test:all` does this for you).'
		);
	}

	const port = await findFreePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const dataDir = await mkdtemp(join(tmpdir(), 'tavla-e2e-'));

	// e2e always runs against a fresh embedded database, never against DATABASE_URL.
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: baseURL,
		TAVLA_DEMO: '1',
		TAVLA_DATA_DIR: dataDir,
		TAVLA_LOG_LEVEL: 'warn'
	};
	delete env.DATABASE_URL;

	const child = spawn(process.execPath, ['server.js'], {
		cwd: repoRoot,
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
	child.stdout?.on('data', collect('stdout'));
	child.stderr?.on('data', collect('stderr'));

	let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
	const exitPromise = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve();
		});
	});
	let spawnError: Error | null = null;
	child.once('error', (err) => {
		spawnError = err;
	});

	const teardown = async () => {
		await stopChild(child, () => exited !== null, exitPromise);
		await rm(dataDir, { recursive: true, force: true });
	};

	try {
		await waitForServer(`${baseURL}/login`, () => {
			if (spawnError) return `could not start the server: ${spawnError.message}`;
			if (exited) return `the server exited early (code ${exited.code}, signal ${exited.signal})`;
			return null;
		});
	} catch (err) {
		await teardown();
		const reason = err instanceof Error ? err.message : String(err);
		throw new Error(
			`e2e: the server at ${baseURL} did not become ready: ${reason}\n` +
				`--- server output ---\n${output.trimEnd() || '(no output)'}\n--- end of server output ---`
		);
	}

	// After startup only warnings and errors are logged (TAVLA_LOG_LEVEL=warn); show them,
	// they usually explain a failing test.
	child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[tavla server] ${chunk}`));

	provide('baseURL', baseURL);
	return teardown;
}

function findFreePort(): Promise<number> {
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

/** Polls `url` until it answers 200; `failed()` returns a reason to give up early. */
async function waitForServer(url: string, failed: () => string | null): Promise<void> {
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	let last = 'no response yet';
	while (Date.now() < deadline) {
		const reason = failed();
		if (reason) throw new Error(reason);
		try {
			const res = await fetch(url, {
				redirect: 'manual',
				signal: AbortSignal.timeout(5_000)
			});
			await res.arrayBuffer().catch(() => undefined);
			if (res.status === 200) return;
			last = `GET ${url} answered ${res.status}`;
		} catch (err) {
			last = `GET ${url} failed: ${err instanceof Error ? err.message : String(err)}`;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`timed out after ${STARTUP_TIMEOUT_MS / 1000} s (last: ${last})`);
}

/** SIGTERM, then SIGKILL if the process is still alive after the grace period. */
async function stopChild(
	child: ChildProcess,
	hasExited: () => boolean,
	exitPromise: Promise<void>
): Promise<void> {
	if (hasExited() || child.pid === undefined) return;
	child.kill('SIGTERM');
	const graceful = await Promise.race([
		exitPromise.then(() => true),
		new Promise<false>((resolve) => setTimeout(() => resolve(false), KILL_GRACE_MS))
	]);
	if (!graceful && !hasExited()) {
		child.kill('SIGKILL');
		await exitPromise;
	}
}
