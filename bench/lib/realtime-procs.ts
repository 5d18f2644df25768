/**
 * Processes for `npm run bench:realtime`: the reference servers (bare socket.io,
 * Hocuspocus) as child processes, the build check, and what we read about a server
 * process from /proc (resident memory, CPU time) while it runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// --- Reference servers -----------------------------------------------------------------

export interface Peer {
	kind: 'bare' | 'hocuspocus';
	port: number;
	pid: number;
	stop(): Promise<void>;
}

/** Starts bench/lib/realtime-peers.ts in a child process and waits for its `READY <port>`. */
export async function startPeer(kind: Peer['kind']): Promise<Peer> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			...(process.env.TAVLA_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
			'--import',
			'tsx',
			join(repoRoot, 'bench/lib/realtime-peers.ts'),
			kind
		],
		{ cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }
	);
	let err = '';
	child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const port = await new Promise<number>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(
			() => reject(new Error(`${kind}: no READY within 30 s\n${err}`)),
			30_000
		);
		child.stdout!.on('data', (c: Buffer) => {
			out += c.toString();
			const m = /READY (\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${kind} exited early (code ${code})\n${err}`));
		});
	});
	return {
		kind,
		port,
		pid: child.pid!,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const done = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
			if (!done) {
				child.kill('SIGKILL');
				await exited;
			}
		}
	};
}

// --- Build -----------------------------------------------------------------------------

function newestMtime(path: string): number {
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
	return newest;
}

/** True when build/handler.js is missing or older than any source the build depends on. */
export function buildIsStale(): boolean {
	let built: number;
	try {
		built = statSync(join(repoRoot, 'build/handler.js')).mtimeMs;
	} catch {
		return true;
	}
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	return inputs.some((p) => {
		try {
			return newestMtime(join(repoRoot, p)) > built;
		} catch {
			return false;
		}
	});
}

export function runBuild(): void {
	console.log('build/ is missing or older than the sources: running `npm run build` ...');
	const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (r.status !== 0) throw new Error('npm run build failed');
}

// --- /proc -----------------------------------------------------------------------------

/** Resident set size of a process in MiB (VmRSS), or NaN when it is gone. */
export function rssMiB(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : NaN;
	} catch {
		return NaN;
	}
}

const CLK_TCK = (() => {
	const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
	const n = Number(r.stdout?.trim());
	return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** User + system CPU time of a process in milliseconds. */
export function cpuMs(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may contain spaces) start at ") ".
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
	} catch {
		return NaN;
	}
}

/** Waits until the processes use less than `maxPercent` of one core over 300 ms (at most `timeoutMs`). */
export async function settle(pids: number[], maxPercent = 5, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const before = pids.map(cpuMs);
		await sleep(300);
		const used = pids.map((p, i) => cpuMs(p) - before[i]!).reduce((a, b) => a + b, 0);
		if (!(used > (300 * maxPercent) / 100)) return;
	}
}
