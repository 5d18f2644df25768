/**
 * `npm run bench load` (or `npm run bench:load`): a Monday morning. N teams hold their
 * tavlemøde at once; every team's clients sit in the team room and in the room of the
 * borger on the agenda, one person edits the record (structured, tRPC `borger.update`) and two
 * type in the note (Yjs `note:update`). Two app instances share one PostgreSQL server;
 * clients connect through a small TCP balancer in this process (like nginx with
 * WebSocket, no stickiness), which sends new connections to the instances still alive.
 *
 * During the run: the PostgreSQL server is restarted (a private cluster started by the
 * bench, so nobody else's database goes down), and later one of the two app instances is
 * killed (SIGKILL). Measured: edit-to-screen latency (emit → arrival at every other client
 * of the team), acknowledgement latency, errors by phase, reconnect times, server CPU and
 * memory, and whether any acknowledged edit was lost (checked in the database at the end).
 *
 * Flags: --teams=N (10) --clients=N per team (15) --seconds=S (60) --interval=MS per
 * editor (1000) --no-faults. Needs a build (`npm run build`) and PostgreSQL binaries
 * (initdb/pg_ctl, run as the `postgres` user when we are root).
 * Results: printed and written to bench/results/load-<timestamp>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import {
	createServer as createNetServer,
	connect as netConnect,
	type Socket as NetSocket
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, trpcClient } from '$tests/client';
import { findFreePort, removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient } from '../tests/realtime/note-client';
import { toBase64, toBytes } from '../src/lib/realtime/bytes';
import { openPostgres } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { createSession } from '../src/lib/server/auth/session';
import { machineInfo, summarise, table, type Summary } from './lib/stats';
import { cpuMs, repoRoot, rssMiB } from './lib/realtime-procs';

const argv = process.argv.slice(2);
const num = (name: string, def: number) => {
	const a = argv.find((x) => x.startsWith(`--${name}=`));
	return a ? Number(a.split('=')[1]) : def;
};
const TEAMS = num('teams', 10);
const CLIENTS = num('clients', 15);
const SECONDS = num('seconds', 60);
const INTERVAL = num('interval', 1000);
const FAULTS = !argv.includes('--no-faults');
/** --no-fsync: diagnostic only (is commit latency on this disk the limit?). */
const FSYNC = !argv.includes('--no-fsync');
const SECTION = 'maal';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// --- A private PostgreSQL cluster (restartable without disturbing anyone) ---------------

interface Cluster {
	url: string;
	restart(): Promise<number>;
	stop(): void;
}

function pgBin(name: string): string {
	const r = spawnSync(
		'bash',
		['-c', `ls -d /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -1`],
		{
			encoding: 'utf8'
		}
	);
	return r.stdout.trim() || name;
}

async function startCluster(): Promise<Cluster> {
	const dir = mkdtempSync(join(tmpdir(), 'tavla-load-pg-'));
	chmodSync(dir, 0o777);
	const data = join(dir, 'data');
	const port = await findFreePort();
	const asPg = (args: string[]) => {
		const cmd = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
		const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
	};
	asPg([pgBin('initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
	const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${FSYNC ? 'on' : 'off'} -c synchronous_commit=${FSYNC ? 'on' : 'off'}`;
	asPg([pgBin('pg_ctl'), '-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async restart() {
			const t0 = performance.now();
			asPg([
				pgBin('pg_ctl'),
				'-D',
				data,
				'-m',
				'fast',
				'-w',
				'restart',
				'-o',
				opts,
				'-l',
				join(dir, 'log')
			]);
			return performance.now() - t0;
		},
		stop() {
			try {
				asPg([pgBin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

// --- A TCP balancer: new connections go round-robin to the instances still alive ---------

function startBalancer(port: number, backends: { port: number; alive: boolean }[]) {
	let next = 0;
	const open = new Set<NetSocket>();
	const server = createNetServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		const tryConnect = (attempt: number) => {
			const alive = backends.filter((b) => b.alive);
			if (alive.length === 0 || attempt > backends.length) return client.destroy();
			const b = alive[next++ % alive.length]!;
			const up = netConnect(b.port, '127.0.0.1');
			up.once('connect', () => {
				client.pipe(up);
				up.pipe(client);
			});
			up.on('error', () => {
				if (!up.readyState || up.connecting) tryConnect(attempt + 1);
				else client.destroy();
			});
			up.on('close', () => client.destroy());
			client.on('error', () => up.destroy());
			client.on('close', () => up.destroy());
		};
		tryConnect(0);
	});
	return new Promise<{ close(): void }>((resolve) =>
		server.listen(port, '127.0.0.1', () =>
			resolve({
				close() {
					for (const s of open) s.destroy();
					server.close();
				}
			})
		)
	);
}

// --- The run ----------------------------------------------------------------------------

type Phase = 'steady' | 'pg-restart' | 'instance-kill';
let phase: Phase = 'steady';
const errors: Record<string, Record<string, number>> = {};
const countError = (code: string) => {
	errors[phase] ??= {};
	errors[phase]![code] = (errors[phase]![code] ?? 0) + 1;
};
const latency: Record<'structured' | 'text', number[]> = { structured: [], text: [] };
const ackLatency: Record<'structured' | 'text', number[]> = { structured: [], text: [] };
/** Edit-to-screen latency in the steady phase only (before the first fault). */
const steadyLatency: Record<'structured' | 'text', number[]> = { structured: [], text: [] };
const arrived = (kind: 'structured' | 'text', ms: number) => {
	latency[kind].push(ms);
	if (phase === 'steady') steadyLatency[kind].push(ms);
};

async function main() {
	const started = new Date();
	log(
		`load: ${TEAMS} teams × ${CLIENTS} clients = ${TEAMS * CLIENTS} clients, ${SECONDS} s, faults ${FAULTS ? 'on' : 'off'}`
	);
	const cluster = await startCluster();
	// Also after a crash of the bench: never leave a PostgreSQL server behind.
	let clusterStopped = false;
	process.once('exit', () => {
		if (!clusterStopped) cluster.stop();
	});
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query('create database tavla_load');
	await admin.end();
	const dbUrl = cluster.url.replace(/\/postgres$/, '/tavla_load');

	// Schema, teams and sessions, before the app starts.
	const h = openPostgres(dbUrl, 4);
	await migrateToLatest(h.db);
	// Fictitious teams: two organisations, CLIENTS members, three active borgere each.
	const teams: { teamId: string; borgerId: string; cookies: string[] }[] = [];
	for (let t = 1; t <= TEAMS; t++) {
		const [kommune, region] = await h.db
			.insertInto('organisation')
			.values([
				{ name: `Load Kommune ${t}`, kind: 'kommune' },
				{ name: `Load Region ${t}`, kind: 'region' }
			])
			.returning('id')
			.execute();
		const team = await h.db
			.insertInto('team')
			.values({
				slug: `load-${t}`,
				name: `Loadteam ${t}`,
				municipality_id: kommune!.id,
				region_id: region!.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const users = await h.db
			.insertInto('app_user')
			.values(
				Array.from({ length: CLIENTS }, (_, m) => ({
					email: `load-${t}-${m}@bench.invalid`,
					name: `Bruger ${t}-${m}`,
					initials: `B${m}`
				}))
			)
			.returning('id')
			.execute();
		await h.db
			.insertInto('membership')
			.values(
				users.map((u, m) => ({
					team_id: team.id,
					user_id: u.id,
					organisation_id: kommune!.id,
					profession: 'sygeplejerske',
					role: m === 0 ? 'teamleder' : 'medlem'
				}))
			)
			.execute();
		const borgere = await h.db
			.insertInto('borger')
			.values(
				[1, 2, 3].map((b) => ({ team_id: team.id, name: `Borger ${t}-${b}`, initials: `B${b}` }))
			)
			.returning('id')
			.execute();
		const cookies: string[] = [];
		for (const u of users) {
			const s = await createSession(h.db, u.id, { twoFactorVerified: true });
			cookies.push(`tavla_session=${s.token}`);
		}
		teams.push({ teamId: team.id, borgerId: borgere[0]!.id, cookies });
	}
	await h.close();
	log(`seeded ${teams.length} teams`);

	const balancerPort = await findFreePort();
	const origin = `http://127.0.0.1:${balancerPort}`;
	const env = { TAVLA_DEMO: '0', TAVLA_LOG_LEVEL: 'warn', ORIGIN: origin };
	const servers: RunningServer[] = [
		await startServer({ databaseUrl: dbUrl, env }),
		await startServer({ databaseUrl: dbUrl, env })
	];
	const backends = servers.map((s) => ({ port: s.port, alive: true }));
	const balancer = await startBalancer(balancerPort, backends);
	log(`instances on ${servers.map((s) => s.port).join(', ')}, balancer on ${balancerPort}`);

	// Resources, sampled every second.
	const samples: { t: number; cpu: number[]; rss: number[] }[] = [];
	const sampler = setInterval(() => {
		samples.push({
			t: performance.now(),
			cpu: servers.map((s) => cpuMs(s.proc.pid!)),
			rss: servers.map((s) => rssMiB(s.proc.pid!))
		});
	}, 1000);

	// Clients.
	const sockets: Socket[] = [];
	const reconnects: number[] = [];
	const droppedByKill = new Set<Socket>();
	let killAt = 0;
	const editors: {
		structured: {
			socket: Socket;
			borgerId: string;
			version: number;
			acked: Map<string, number>;
			trpc: ReturnType<typeof trpcClient>;
		}[];
		text: { note: NoteClient; tokens: Map<string, Uint8Array> }[];
	} = { structured: [], text: [] };
	const noteSent = new Map<string, number>();
	const structSent = new Map<string, { at: number; expect: number }>();

	for (const [ti, team] of teams.entries()) {
		for (let c = 0; c < team.cookies.length; c++) {
			const socket = await connect(origin, team.cookies[c]!, {
				reconnection: true,
				reconnectionDelay: 300,
				reconnectionDelayMax: 2000,
				forceNew: true
			});
			const join = async () => {
				for (const ref of [
					{ type: 'team', teamId: team.teamId },
					{ type: 'borger', borgerId: team.borgerId }
				]) {
					const a = await emitAck(socket, 'subscribe', ref, 15_000).catch(() => null);
					if (!a?.ok) countError(`subscribe:${a ? a.code : 'TIMEOUT'}`);
				}
			};
			await join();
			// Registered after the first connect: every 'connect' from here on is a reconnect.
			socket.on('connect', () => {
				if (killAt && droppedByKill.delete(socket)) reconnects.push(performance.now() - killAt);
				void join();
			});
			socket.on('disconnect', () => {
				if (killAt) droppedByKill.add(socket);
			});
			const isEditor = c < 3;
			if (!isEditor || c > 0) {
				socket.on('live', (e: { type: string; borgerId?: string; version?: number }) => {
					if (e.type !== 'borger.changed' || e.borgerId !== team.borgerId || !e.version) return;
					const s = structSent.get(`${ti}:${e.version}`);
					if (s) arrived('structured', performance.now() - s.at);
				});
			}
			socket.on('note', (e: { borgerId: string; update: unknown }) => {
				if (e.borgerId !== team.borgerId) return;
				const at = noteSent.get(toBase64(toBytes(e.update)));
				if (at !== undefined) arrived('text', performance.now() - at);
			});
			sockets.push(socket);
			if (c === 0) {
				const trpc = trpcClient(origin, team.cookies[c]!);
				const rec = await trpc.borger.get.query({ borgerId: team.borgerId });
				editors.structured.push({
					socket,
					borgerId: team.borgerId,
					version: rec.version,
					acked: new Map(),
					trpc
				});
			} else if (c < 3) {
				const note = new NoteClient(socket, team.borgerId, SECTION);
				await note.resync();
				note.doc.on('update', (u: Uint8Array, origin: unknown) => {
					if (origin !== 'remote') noteSent.set(toBase64(u), performance.now());
				});
				socket.on('connect', () => void note.resync().catch(() => countError('resync')));
				editors.text.push({ note, tokens: new Map() });
			}
		}
		if ((ti + 1) % 10 === 0) log(`${sockets.length} clients connected`);
	}
	log(`${sockets.length} clients connected and subscribed`);

	// Editing loops.
	let running = true;
	let k = 0;
	const structuredLoop = async (e: (typeof editors.structured)[number], ti: number) => {
		await sleep(Math.random() * INTERVAL);
		while (running) {
			const tick = performance.now();
			if (e.socket.connected) {
				const value = `Load t${ti} k${k++}`;
				structSent.set(`${ti}:${e.version + 1}`, { at: performance.now(), expect: CLIENTS - 1 });
				const t0 = performance.now();
				const ack = await e.trpc.borger.update
					.mutate(
						{ borgerId: e.borgerId, baseVersion: e.version, patch: { staffSafety: value } },
						{ signal: AbortSignal.timeout(10_000) }
					)
					.then(
						(data) => ({ ok: true as const, data }),
						(err: { data?: { code?: string } }) => ({
							ok: false as const,
							code: err.data?.code ?? 'TIMEOUT'
						})
					);
				if (ack.ok) {
					ackLatency.structured.push(performance.now() - t0);
					e.version = ack.data.version;
					e.acked.set(value, e.version);
				} else {
					countError(`structured:${ack.code}`);
					e.version =
						(await e.trpc.borger.get.query({ borgerId: e.borgerId }).catch(() => null))?.version ??
						e.version;
				}
			}
			await sleep(Math.max(0, INTERVAL - (performance.now() - tick)));
		}
	};
	const textLoop = async (e: (typeof editors.text)[number], i: number) => {
		await sleep(Math.random() * INTERVAL);
		let n = 0;
		while (running) {
			const token = `⟦e${i}n${n++}⟧`;
			let captured: Uint8Array | null = null;
			const grab = (u: Uint8Array, origin: unknown) => {
				if (origin !== 'remote') captured = u;
			};
			e.note.doc.on('update', grab);
			e.note.insertRandom(token);
			e.note.doc.off('update', grab);
			if (captured) e.tokens.set(token, captured);
			const t0 = performance.now();
			const sentAt = t0;
			// The NoteClient sends by itself; measure the ack by watching its pending set.
			void (async () => {
				while (captured && e.note.pending.has(captured) && running) await sleep(5);
				if (captured && !e.note.pending.has(captured))
					ackLatency.text.push(performance.now() - sentAt);
			})();
			await sleep(INTERVAL);
		}
	};
	const loops = [
		...editors.structured.map((e, i) => structuredLoop(e, i)),
		...editors.text.map((e, i) => textLoop(e, i))
	];

	const t0 = performance.now();
	// The clients and the balancer share this one process: its CPU tells whether the
	// harness, not the app, was the limit.
	const benchCpu0 = process.cpuUsage();
	const faults: Record<string, unknown> = {};
	if (FAULTS) {
		await sleep(SECONDS * 350);
		phase = 'pg-restart';
		log('restarting PostgreSQL');
		faults.pgRestartMs = Math.round(await cluster.restart());
		log(`PostgreSQL back after ${faults.pgRestartMs} ms`);
		await sleep(2000);
		for (const [i, srv] of servers.entries()) {
			if (srv.exited()) {
				faults[`instance${i + 1}DiedOnPgRestart`] = true;
				log(
					`instance ${i + 1} exited after the PostgreSQL restart:\n${srv
						.output()
						.split('\n')
						.filter((l) => /Error|terminat|^\[stderr\] [^ ]|at .*\.js/.test(l))
						.slice(0, 40)
						.join('\n')}`
				);
			}
		}
		await sleep(Math.max(0, SECONDS * 300 - (faults.pgRestartMs as number) - 2000));
		phase = 'instance-kill';
		const before = sockets.filter((s) => s.connected).length;
		log(`killing instance 2 (port ${servers[1]!.port}); ${before} clients connected`);
		killAt = performance.now();
		backends[1]!.alive = false;
		await servers[1]!.kill();
		// The clients of the killed instance notice within milliseconds; give them a second.
		await sleep(1000);
		const dropped = droppedByKill.size + reconnects.length;
		const deadline = performance.now() + 30_000;
		while (performance.now() < deadline && droppedByKill.size > 0) await sleep(100);
		faults.droppedClients = dropped;
		faults.reconnectedClients = reconnects.length;
		faults.allReconnectedMs =
			droppedByKill.size === 0 && reconnects.length ? Math.round(Math.max(...reconnects)) : null;
		faults.reconnectP50Ms = reconnects.length ? summarise(reconnects).p50 : null;
		log(
			`all clients connected again after ${faults.allReconnectedMs} ms (${reconnects.length} reconnects)`
		);
	}
	await sleep(Math.max(0, SECONDS * 1000 - (performance.now() - t0)));
	running = false;
	const benchCpu = process.cpuUsage(benchCpu0);
	const benchCpuPercent =
		Math.round(((benchCpu.user + benchCpu.system) / 1000 / (performance.now() - t0)) * 1000) / 10;
	await Promise.all(loops);
	clearInterval(sampler);
	// Let every client deliver what it still holds (what a browser does on reconnect).
	await Promise.all(
		editors.text.map((e) => e.note.resync().catch(() => countError('final-resync')))
	);
	await sleep(2000);

	// Lost acknowledged edits: every acked structured value must be in the history, every
	// acked note token in the note as the server has it.
	const c = new pg.Client({ connectionString: dbUrl });
	await c.connect();
	let structuredAcked = 0;
	let structuredLost = 0;
	for (const e of editors.structured) {
		const r = await c.query<{ v: string }>(
			`select new_value #>> '{}' as v from change_log where borger_id = $1`,
			[e.borgerId]
		);
		const have = new Set(r.rows.map((x) => x.v));
		for (const value of e.acked.keys()) {
			structuredAcked++;
			if (!have.has(value)) structuredLost++;
		}
	}
	await c.end();
	let textAcked = 0;
	let textLost = 0;
	const alive = servers[0]!;
	for (const [i, e] of editors.text.entries()) {
		const team = teams[Math.floor(i / 2)]!;
		const borgerId = team.borgerId;
		const check = await connect(alive.url, team.cookies[0]!, { reconnection: false });
		const a = await emitAck<ArrayBuffer>(check, 'note:sync', { borgerId, section: SECTION }).catch(
			() => null
		);
		check.close();
		if (!a?.ok) {
			countError('verify');
			continue;
		}
		const doc = new Y.Doc();
		Y.applyUpdate(doc, new Uint8Array(a.data));
		const text = doc.getText('text').toString();
		for (const [token, u] of e.tokens) {
			if (e.note.pending.has(u)) continue;
			textAcked++;
			if (!text.includes(token)) textLost++;
		}
	}

	for (const s of sockets) s.close();
	balancer.close();
	for (const s of servers) await s.stop();
	await removeBuildSnapshot();
	cluster.stop();
	clusterStopped = true;

	// Figures.
	const cpu = servers.map((_, i) => {
		const xs = samples.filter((s) => Number.isFinite(s.cpu[i]!));
		if (xs.length < 2) return NaN;
		return ((xs.at(-1)!.cpu[i]! - xs[0]!.cpu[i]!) / (xs.at(-1)!.t - xs[0]!.t)) * 100;
	});
	const rss = servers.map((_, i) =>
		Math.max(...samples.map((s) => s.rss[i]!).filter(Number.isFinite))
	);
	const sum = (xs: number[]): Summary | null => (xs.length ? summarise(xs) : null);
	const result = {
		bench: 'load',
		startedAt: started.toISOString(),
		finishedAt: new Date().toISOString(),
		machine: machineInfo(),
		parameters: {
			fsync: FSYNC,
			teams: TEAMS,
			clientsPerTeam: CLIENTS,
			clients: TEAMS * CLIENTS,
			seconds: SECONDS,
			editIntervalMs: INTERVAL,
			faults: FAULTS,
			editorsPerTeam: { structured: 1, text: 2 }
		},
		latencyMs: { structured: sum(latency.structured), text: sum(latency.text) },
		steadyLatencyMs: { structured: sum(steadyLatency.structured), text: sum(steadyLatency.text) },
		ackMs: { structured: sum(ackLatency.structured), text: sum(ackLatency.text) },
		errors,
		faults,
		lostAcknowledged: { structured: structuredLost, text: textLost, structuredAcked, textAcked },
		servers: servers.map((s, i) => ({
			port: s.port,
			cpuPercent: Math.round(cpu[i]! * 10) / 10,
			maxRssMiB: Math.round(rss[i]! * 10) / 10
		})),
		benchProcessCpuPercent: benchCpuPercent,
		loadAvgAtEnd: machineInfo().loadAvg,
		realtimeFloor:
			'bare socket.io p99 at 200 clients: 12.65 ms (bench/results/realtime-2026-11-23T10-45-34-650Z.json)'
	};
	const rows = (['structured', 'text'] as const).map((k) => {
		const l = result.latencyMs[k];
		const a = result.ackMs[k];
		return [
			k,
			l?.n ?? 0,
			l?.p50 ?? '-',
			l?.p95 ?? '-',
			l?.p99 ?? '-',
			l?.max ?? '-',
			a?.p50 ?? '-',
			a?.p99 ?? '-'
		];
	});
	console.log(
		'\n' +
			table(
				['edit', 'arrivals', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ack p50', 'ack p99'],
				rows
			)
	);
	console.log('errors by phase:', JSON.stringify(errors));
	console.log('faults:', JSON.stringify(faults));
	console.log('lost acknowledged edits:', JSON.stringify(result.lostAcknowledged));
	console.log('servers:', JSON.stringify(result.servers));
	console.log(`bench process (clients + balancer): ${benchCpuPercent}% of one core`);
	for (const k of ['structured', 'text'] as const) {
		const st = result.steadyLatencyMs[k];
		if (st)
			console.log(
				`steady phase ${k}: p50 ${st.p50} ms, p99 ${st.p99} ms (${st.n} arrivals); p99 / realtime floor 12.65 ms = ${(st.p99 / 12.65).toFixed(1)}×`
			);
	}
	mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
	const file = join(
		repoRoot,
		'bench',
		'results',
		`load-${started.toISOString().replace(/[:.]/g, '-')}.json`
	);
	writeFileSync(file, JSON.stringify(result, null, '\t'));
	console.log(`\nwritten to ${file}`);
	process.exit(0);
}

await main();
