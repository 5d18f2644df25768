/**
 * `npm run bench:realtime`: edit-to-screen latency of Tavla's live collaboration.
 *
 * Starts the built server (`node server.js`, demo data) on a fresh PostgreSQL database
 * (and, with --pglite, a second one on PGlite), plus two reference servers in their own
 * processes: a bare socket.io broadcast without persistence (the floor) and Hocuspocus in
 * memory (the peer). All clients live in this process and share one clock, so latency is
 * the time from the writer's emit to the edit's arrival at each other client; for Tavla
 * that includes the session/zod/access checks and the database commit.
 *
 *   1. Room workloads: N clients (writer included) in one room, N = 15, 50, 200; the
 *      writer makes one edit every 50 ms. Tavla structured (tRPC `borger.update` → `live`),
 *      Tavla text (Yjs `note:update` → `note`), bare (JSON and binary), Hocuspocus text.
 *      All rooms of one N stay connected and the systems take turns in blocks of 50
 *      edits, so load from elsewhere on the machine hits all of them alike.
 *   2. Spread: 2,000 Tavla clients over 100 borger rooms, one writer per room (structured
 *      and text rooms alternate), server memory per connected client.
 *   3. Catch-up: a client is away for 60 s while others make 500 text and 500 structured
 *      edits; time from reconnect to converged note and record.
 *
 * Prints tables, ratios and PASS/FAIL per target, and writes
 * bench/results/realtime-<timestamp>.json. See bench/README.md.
 *
 * Flags: --quick (5 s gap, 100 edits, 10 s spread: for development), --pglite (also run
 * Tavla on PGlite), --no-build, --sizes=15,50,200, --edits=N, --interval=MS, --warmup=N,
 * --spread-clients=N, --spread-rooms=N, --spread-seconds=S, --spread-interval=MS,
 * --gap=S, --catchup-edits=N, --rooms-only (skip spread and catch-up).
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test when reachable).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import * as Y from 'yjs';
import { toBytes } from '../src/lib/realtime/bytes';
import { signIn, trpcClient, type TrpcClient } from '$tests/client';
import { startServer, type RunningServer } from '$tests/server';
import { maskUrl, resolvePostgresUrl } from './lib/databases';
import { machineInfo, summarise, table, type Summary } from './lib/stats';
import {
	buildIsStale,
	cpuMs,
	repoRoot,
	rssMiB,
	runBuild,
	settle,
	startPeer,
	type Peer
} from './lib/realtime-procs';
import {
	LatencyLog,
	LoopLag,
	NOTE_SECTION,
	bareRoom,
	bareSocket,
	closeAll,
	closeHocus,
	hocusClient,
	hocusRoom,
	inBatches,
	noteSync,
	sleep,
	steady,
	subscribeBorger,
	tavlaSocket,
	tavlaStructuredRoom,
	tavlaTextRoom,
	until,
	type HocusClient,
	type TavlaTarget
} from './lib/realtime-workloads';

// --- Parameters ------------------------------------------------------------------------

const argv = process.argv.slice(2);
const has = (flag: string) => argv.includes(`--${flag}`);
function intFlag(name: string, fallback: number): number {
	const arg = argv.find((a) => a.startsWith(`--${name}=`));
	const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a positive integer`);
	return value;
}
const QUICK = has('quick');
const P = {
	quick: QUICK,
	sizes: (argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '15,50,200')
		.split(',')
		.map(Number)
		.filter((n) => Number.isInteger(n) && n >= 2),
	edits: intFlag('edits', QUICK ? 100 : 200),
	warmupEdits: intFlag('warmup', 20),
	intervalMs: intFlag('interval', 50),
	spreadClients: intFlag('spread-clients', 2000),
	spreadRooms: intFlag('spread-rooms', 100),
	spreadSeconds: intFlag('spread-seconds', QUICK ? 10 : 20),
	spreadIntervalMs: intFlag('spread-interval', 1000),
	gapSeconds: intFlag('gap', QUICK ? 5 : 60),
	catchUpEdits: intFlag('catchup-edits', 500),
	pglite: has('pglite'),
	/** Room workloads only (no spread, no catch-up): for iterating on the room latency. */
	roomsOnly: has('rooms-only')
};
if (P.edits <= P.warmupEdits) throw new Error('--edits must be larger than --warmup');

const TARGET_P99_MS = 30;
const TARGET_FLOOR_FACTOR = 2;
const TARGET_CATCHUP_MS = 200;
const DEMO_TEAM_SLUG = 'faellesteam-aabakke';
const DEMO_USER = 'lene@demo.tavla.test';

// --- Types -----------------------------------------------------------------------------

type System = 'bare' | 'hocuspocus' | 'tavla-postgres' | 'tavla-pglite';
type Shape = 'json' | 'binary' | 'text' | 'structured';

interface RoomResult {
	system: System;
	shape: Shape;
	clients: number;
	receivers: number;
	edits: number;
	samples: number;
	expected: number;
	latency: Summary | null;
	ack: Summary | null;
	lateTicks: number;
	errors: number;
	firstErrors: string[];
	serverCpuPercent: number;
	serverRssMiB: number;
	benchLoopDelayP99Ms: number;
	benchLoopDelayMaxMs: number;
	/**
	 * Per counted edit from `firstEdit` on (warm-up left out): median and slowest receiver,
	 * ms; null for an edit that no receiver reported.
	 */
	perEdit: { firstEdit: number; p50: (number | null)[]; max: (number | null)[] };
}

interface SpreadResult {
	system: System;
	clients: number;
	rooms: number;
	seconds: number;
	writerIntervalMs: number;
	rssBeforeMiB: number;
	rssConnectedMiB: number;
	rssSubscribedMiB: number;
	rssAfterEditsMiB: number;
	memoryPerClientKiB: number;
	connectSeconds: number;
	subscribeSeconds: number;
	structured: { latency: Summary | null; ack: Summary | null; samples: number; expected: number };
	text: { latency: Summary | null; ack: Summary | null; samples: number; expected: number };
	errors: number;
	firstErrors: string[];
	serverCpuPercent: number;
	benchLoopDelayP99Ms: number;
}

interface CatchUpResult {
	system: System;
	gapSeconds: number;
	missedTextEdits: number;
	missedStructuredEdits: number;
	connectMs: number;
	subscribeMs: number;
	noteConvergedMs: number;
	recordConvergedMs: number;
	totalMs: number;
	converged: boolean;
	noteChars: number;
	syncBytes: number;
}

interface Tavla {
	system: 'tavla-postgres' | 'tavla-pglite';
	server: RunningServer;
	target: TavlaTarget;
	teamId: string;
	/** Writable borgere, used one per scenario so workloads do not share a record. */
	borgere: string[];
	next: number;
}

// --- Cleanup ---------------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
async function cleanup(): Promise<void> {
	while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
}
process.once('SIGINT', () => {
	console.error('\nInterrupted: cleaning up ...');
	void cleanup().finally(() => process.exit(130));
});

// --- PostgreSQL database for the run ---------------------------------------------------

async function createDatabase(adminUrl: string): Promise<string> {
	const name = `tavla_bench_rt_${process.pid}_${Date.now()}`;
	const c = new pg.Client({ connectionString: adminUrl });
	await c.connect();
	try {
		await c.query(`create database "${name}"`);
	} finally {
		await c.end();
	}
	cleanups.push(async () => {
		const d = new pg.Client({ connectionString: adminUrl });
		await d.connect();
		try {
			await d.query(`drop database if exists "${name}" with (force)`);
		} finally {
			await d.end();
		}
	});
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

// --- Tavla server ----------------------------------------------------------------------

async function startTavla(system: Tavla['system'], databaseUrl?: string): Promise<Tavla> {
	const t0 = performance.now();
	const server = await startServer({ databaseUrl });
	cleanups.push(() => server.stop());
	const cookie = await signIn(server.url, DEMO_USER);
	const trpc: TrpcClient = trpcClient(server.url, cookie);
	const team = (await trpc.teams.mine.query()).find((x) => x.slug === DEMO_TEAM_SLUG);
	if (!team) throw new Error(`${DEMO_USER} is not in ${DEMO_TEAM_SLUG}: is TAVLA_DEMO=1 seeding?`);
	const board = await trpc.borger.board.query({ teamId: team.id });
	const borgere = board.rows.filter((r) => r.caseStatus !== 'afsluttet').map((r) => r.id);
	const needed = P.sizes.length * 2 + P.spreadRooms + 4;
	for (let i = borgere.length; i < needed; i++) {
		const r = await trpc.borger.create.mutate({
			teamId: team.id,
			identity: { name: `Bench Borger ${i + 1}` }
		});
		borgere.push(r.id);
	}
	console.log(
		`${system}: ${server.url} (pid ${server.proc.pid}) ready in ` +
			`${((performance.now() - t0) / 1000).toFixed(1)} s, ${borgere.length} writable borgere`
	);
	return {
		system,
		server,
		target: { url: server.url, cookie, trpc },
		teamId: team.id,
		borgere,
		next: 0
	};
}

function nextBorger(t: Tavla): string {
	const id = t.borgere[t.next++];
	if (!id) throw new Error('ran out of borgere');
	return id;
}

// --- Room workloads --------------------------------------------------------------------

interface OpenRoom {
	expectedPerEdit: number;
	fire: (k: number) => void | Promise<void>;
	stop: () => void;
	close: () => Promise<void> | void;
}

let allPids: number[] = [];

/** Edits per block: the systems take turns, so a burst of load from elsewhere hits all alike. */
const BLOCK_EDITS = 50;

interface RoomSpec {
	system: System;
	shape: Shape;
	clients: number;
	pid: number;
	open: (log: LatencyLog) => Promise<OpenRoom>;
}

interface RoomRun {
	spec: RoomSpec;
	log: LatencyLog;
	room: OpenRoom;
	loop: LoopLag;
	cpu: number;
	wall: number;
	late: number;
	rss: number;
}

function perEdit(byEdit: (number[] | undefined)[], firstEdit: number): RoomResult['perEdit'] {
	// Array.from rather than map: an edit nobody reported is a hole, which map would skip.
	const each = Array.from(byEdit.slice(firstEdit), (s) => (s?.length ? summarise(s) : null));
	return {
		firstEdit,
		p50: each.map((e) => (e ? round1(e.p50) : null)),
		max: each.map((e) => (e ? round1(e.max) : null))
	};
}

/**
 * Opens every room of `specs` (all stay connected), then lets their writers take turns in
 * blocks of BLOCK_EDITS edits, rotating which system goes first, until each has made
 * `edits` edits. Server CPU and the bench's event-loop delay are counted per system
 * over its own blocks only.
 */
async function runRooms(
	specs: RoomSpec[],
	edits: number,
	opts: { quiet?: boolean } = {}
): Promise<RoomResult[]> {
	const warmup = Math.min(P.warmupEdits, Math.floor(edits / 2));
	await settle(allPids);
	const runs: RoomRun[] = [];
	for (const spec of specs) {
		const log = new LatencyLog(warmup);
		const room = await spec.open(log);
		runs.push({
			spec,
			log,
			room,
			loop: new LoopLag(),
			cpu: 0,
			wall: 0,
			late: 0,
			rss: 0
		});
	}
	// Joining (presence broadcasts, note syncs) is not part of the measurement.
	await settle(allPids);
	for (const r of runs) r.rss = rssMiB(r.spec.pid);
	const expectedUpTo = (r: RoomRun, e: number) => Math.max(0, e - warmup) * r.room.expectedPerEdit;

	for (let b = 0; b * BLOCK_EDITS < edits; b++) {
		const from = b * BLOCK_EDITS;
		const count = Math.min(BLOCK_EDITS, edits - from);
		for (let i = 0; i < runs.length; i++) {
			const r = runs[(b + i) % runs.length]!;
			await settle(allPids, 10, 3_000);
			r.loop.start();
			const cpu0 = cpuMs(r.spec.pid);
			const t0 = performance.now();
			const { late } = await steady(count, P.intervalMs, (k) => r.room.fire(from + k), {
				chain: r.spec.shape === 'structured'
			});
			await until(() => r.log.samples.length >= expectedUpTo(r, from + count), 5_000);
			r.wall += performance.now() - t0;
			r.cpu += cpuMs(r.spec.pid) - cpu0;
			r.late += late;
			r.loop.stop();
		}
	}

	const results: RoomResult[] = [];
	for (const r of runs) {
		r.room.stop();
		await r.room.close();
		const { system, shape, clients } = r.spec;
		const expected = expectedUpTo(r, edits);
		const res: RoomResult = {
			system,
			shape,
			clients,
			receivers: r.room.expectedPerEdit,
			edits: edits - warmup,
			samples: r.log.samples.length,
			expected,
			latency: r.log.samples.length > 0 ? summarise(r.log.samples) : null,
			ack: r.log.ackSamples.length > 0 ? summarise(r.log.ackSamples) : null,
			lateTicks: r.late,
			errors: r.log.errors.length,
			firstErrors: [...new Set(r.log.errors)].slice(0, 3),
			serverCpuPercent: Math.round((r.cpu / r.wall) * 1000) / 10,
			serverRssMiB: round1(r.rss),
			benchLoopDelayP99Ms: round1(r.loop.p99()),
			benchLoopDelayMaxMs: round1(r.loop.max()),
			perEdit: perEdit(r.log.byEdit, warmup)
		};
		results.push(res);
		if (!opts.quiet) {
			const l = res.latency;
			console.log(
				`  ${label(system, shape).padEnd(28)} N=${String(clients).padStart(4)}  ` +
					(l ? `p50 ${fmt(l.p50)}  p99 ${fmt(l.p99)}  max ${fmt(l.max)} ms` : 'no samples') +
					`  (${res.samples}/${res.expected} samples${res.errors ? `, ${res.errors} errors` : ''})`
			);
		}
	}
	return results;
}

function tavlaSpec(t: Tavla, shape: 'structured' | 'text', n: number): RoomSpec {
	const borgerId = nextBorger(t);
	return {
		system: t.system,
		shape,
		clients: n,
		pid: t.server.proc.pid!,
		open: async (log) => {
			const sockets = await inBatches(Array.from({ length: n }), () => tavlaSocket(t.target));
			await inBatches(sockets, (s) => subscribeBorger(s, borgerId), 50);
			const room =
				shape === 'structured'
					? await tavlaStructuredRoom(t.target, sockets, borgerId, log)
					: await tavlaTextRoom(sockets, borgerId, log);
			return { ...room, close: () => closeAll(sockets) };
		}
	};
}

function bareSpec(peer: Peer, shape: 'json' | 'binary', n: number): RoomSpec {
	return {
		system: 'bare',
		shape,
		clients: n,
		pid: peer.pid,
		open: async (log) => {
			const sockets = await inBatches(Array.from({ length: n }), () => bareSocket(peer.port));
			const room = await bareRoom(sockets, `room-${shape}-${n}-${Date.now()}`, shape, log);
			return { ...room, close: () => closeAll(sockets) };
		}
	};
}

function hocusSpec(peer: Peer, n: number): RoomSpec {
	return {
		system: 'hocuspocus',
		shape: 'text',
		clients: n,
		pid: peer.pid,
		open: async (log) => {
			const name = `bench-${n}-${Date.now()}`;
			const clients: HocusClient[] = await inBatches(Array.from({ length: n }), () =>
				hocusClient(peer.port, name)
			);
			const room = hocusRoom(clients, log);
			return { ...room, close: () => closeHocus(clients) };
		}
	};
}

// --- Spread ----------------------------------------------------------------------------

async function runSpread(t: Tavla): Promise<SpreadResult> {
	const pid = t.server.proc.pid!;
	const perRoom = Math.max(2, Math.floor(P.spreadClients / P.spreadRooms));
	const clients = perRoom * P.spreadRooms;
	const borgere = Array.from({ length: P.spreadRooms }, () => nextBorger(t));
	await settle(allPids);
	const rssBefore = rssMiB(pid);

	let t0 = performance.now();
	const sockets = await inBatches(Array.from({ length: clients }), () => tavlaSocket(t.target));
	const connectSeconds = (performance.now() - t0) / 1000;
	await settle(allPids);
	const rssConnected = rssMiB(pid);
	t0 = performance.now();
	await inBatches(sockets, (s, i) => subscribeBorger(s, borgere[Math.floor(i / perRoom)]!), 100);
	const subscribeSeconds = (performance.now() - t0) / 1000;

	const warmup = 2;
	const logs: LatencyLog[] = [];
	const rooms: (Awaited<ReturnType<typeof tavlaTextRoom>> & { shape: Shape })[] = [];
	for (let r = 0; r < P.spreadRooms; r++) {
		const group = sockets.slice(r * perRoom, (r + 1) * perRoom);
		const log = new LatencyLog(warmup);
		logs.push(log);
		const shape: Shape = r % 2 === 0 ? 'structured' : 'text';
		const room =
			shape === 'structured'
				? await tavlaStructuredRoom(t.target, group, borgere[r]!, log)
				: await tavlaTextRoom(group, borgere[r]!, log);
		rooms.push({ ...room, shape });
	}
	await settle(allPids);
	const rssSubscribed = rssMiB(pid);

	const editsPerWriter = Math.max(
		warmup + 1,
		Math.floor((P.spreadSeconds * 1000) / P.spreadIntervalMs)
	);
	const loop = new LoopLag();
	loop.start();
	const cpu0 = cpuMs(pid);
	t0 = performance.now();
	await Promise.all(
		rooms.map((room) =>
			steady(editsPerWriter, P.spreadIntervalMs, room.fire, {
				chain: room.shape === 'structured',
				offsetMs: Math.random() * P.spreadIntervalMs
			})
		)
	);
	const expectedOf = (shape: Shape) =>
		rooms.reduce(
			(a, r) => a + (r.shape === shape ? (editsPerWriter - warmup) * r.expectedPerEdit : 0),
			0
		);
	const samplesOf = (shape: Shape) =>
		rooms.flatMap((r, i) => (r.shape === shape ? logs[i]!.samples : []));
	const acksOf = (shape: Shape) =>
		rooms.flatMap((r, i) => (r.shape === shape ? logs[i]!.ackSamples : []));
	await until(
		() =>
			samplesOf('structured').length + samplesOf('text').length >=
			expectedOf('structured') + expectedOf('text'),
		10_000
	);
	const wall = performance.now() - t0;
	const cpu = cpuMs(pid) - cpu0;
	loop.stop();
	const rssAfter = rssMiB(pid);
	for (const r of rooms) r.stop();
	closeAll(sockets);
	const errors = logs.flatMap((l) => l.errors);

	const part = (shape: Shape) => {
		const s = samplesOf(shape);
		const a = acksOf(shape);
		return {
			latency: s.length > 0 ? summarise(s) : null,
			ack: a.length > 0 ? summarise(a) : null,
			samples: s.length,
			expected: expectedOf(shape)
		};
	};
	return {
		system: t.system,
		clients,
		rooms: P.spreadRooms,
		seconds: Math.round(wall / 100) / 10,
		writerIntervalMs: P.spreadIntervalMs,
		rssBeforeMiB: round1(rssBefore),
		rssConnectedMiB: round1(rssConnected),
		rssSubscribedMiB: round1(rssSubscribed),
		rssAfterEditsMiB: round1(rssAfter),
		memoryPerClientKiB: Math.round(((rssSubscribed - rssBefore) * 1024) / clients),
		connectSeconds: round1(connectSeconds),
		subscribeSeconds: round1(subscribeSeconds),
		structured: part('structured'),
		text: part('text'),
		errors: errors.length,
		firstErrors: [...new Set(errors)].slice(0, 3),
		serverCpuPercent: Math.round((cpu / wall) * 1000) / 10,
		benchLoopDelayP99Ms: round1(loop.p99())
	};
}

// --- Catch-up --------------------------------------------------------------------------

async function runCatchUp(t: Tavla): Promise<CatchUpResult> {
	const borgerId = nextBorger(t);
	const TEXT_WRITERS = 5;
	const textEdits = P.catchUpEdits;
	const structEdits = P.catchUpEdits;

	// The client that goes away, and a reference client that stays.
	const away = await tavlaSocket(t.target);
	const stay = await tavlaSocket(t.target);
	const awayDoc = new Y.Doc();
	const stayDoc = new Y.Doc();
	for (const [s, d] of [
		[away, awayDoc],
		[stay, stayDoc]
	] as const) {
		await subscribeBorger(s, borgerId);
		await noteSync(s, borgerId, d);
		s.on('note', (e: { borgerId: string; update: string }) => {
			if (e.borgerId === borgerId) Y.applyUpdate(d, toBytes(e.update), 'remote');
		});
	}
	const textWriters = await inBatches(Array.from({ length: TEXT_WRITERS }), () =>
		tavlaSocket(t.target)
	);
	const writerDocs = textWriters.map(() => new Y.Doc());
	await Promise.all(textWriters.map((s, i) => noteSync(s, borgerId, writerDocs[i]!)));

	away.disconnect();
	const awayAt = performance.now();
	const errors: string[] = [];

	// 500 text edits from five writers (25/s each, under the per-connection limit) ...
	const perWriter = Math.ceil(textEdits / TEXT_WRITERS);
	const textDone = Promise.all(
		textWriters.map(async (s, w) => {
			const doc = writerDocs[w]!;
			const text = doc.getText('text');
			let last: Uint8Array | null = null;
			doc.on('update', (u: Uint8Array) => (last = u));
			const n = Math.min(perWriter, textEdits - w * perWriter);
			await steady(n, 40, async (k) => {
				text.insert(Math.floor(Math.random() * (text.length + 1)), `${w}${k % 10}`);
				const ack = await s
					.timeout(30_000)
					.emitWithAck('note:update', { borgerId, section: NOTE_SECTION, update: last });
				if (!(ack as { ok: boolean }).ok) errors.push(JSON.stringify(ack));
			});
		})
	);
	// ... and 500 structured edits, chained on the version, over tRPC as the browser sends them.
	let version = (await t.target.trpc.borger.get.query({ borgerId })).version;
	let lastSafety = '';
	const structDone = steady(
		structEdits,
		8,
		async (k) => {
			lastSafety = `Catch-up edit ${k}`;
			await t.target.trpc.borger.update
				.mutate(
					{ borgerId, baseVersion: version, patch: { staffSafety: lastSafety } },
					{ signal: AbortSignal.timeout(30_000) }
				)
				.then(
					(r) => (version = r.version),
					(e: Error) => errors.push(e.message)
				);
		},
		{ chain: true }
	);
	await Promise.all([textDone, structDone]);
	const expectedText = (() => {
		const merged = new Y.Doc();
		for (const d of writerDocs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(d));
		Y.applyUpdate(merged, Y.encodeStateAsUpdate(stayDoc));
		return merged.getText('text').toString();
	})();
	await until(() => stayDoc.getText('text').toString() === expectedText, 10_000);
	const editsTook = (performance.now() - awayAt) / 1000;
	if (errors.length > 0) console.log(`  catch-up: ${errors.length} edit errors, e.g. ${errors[0]}`);
	const rest = P.gapSeconds * 1000 - (performance.now() - awayAt);
	console.log(
		`  ${t.system}: ${textEdits} text + ${structEdits} structured edits made in ` +
			`${editsTook.toFixed(1)} s; reconnecting after ${P.gapSeconds} s away ...`
	);
	if (rest > 0) await sleep(rest);
	await settle(allPids);
	const gap = (performance.now() - awayAt) / 1000;

	// Reconnect as the browser does: connect, re-subscribe, note:sync with our state
	// vector and refetch the record, the last three in parallel.
	const t0 = performance.now();
	away.connect();
	await new Promise<void>((resolve, reject) => {
		away.once('connect', () => resolve());
		away.once('connect_error', reject);
	});
	const connectMs = performance.now() - t0;
	let subscribeMs = 0;
	let noteMs = 0;
	let recordMs = 0;
	let syncBytes = 0;
	const target = stayDoc.getText('text').toString();
	await Promise.all([
		subscribeBorger(away, borgerId).then(() => (subscribeMs = performance.now() - t0)),
		(async () => {
			const before = Y.encodeStateVector(awayDoc);
			const ack = (await away
				.timeout(30_000)
				.emitWithAck('note:sync', { borgerId, section: NOTE_SECTION, stateVector: before })) as {
				ok: boolean;
				data: ArrayBuffer;
			};
			if (!ack.ok) throw new Error(`note:sync failed: ${JSON.stringify(ack)}`);
			syncBytes = ack.data.byteLength;
			Y.applyUpdate(awayDoc, new Uint8Array(ack.data), 'remote');
			await until(() => awayDoc.getText('text').toString() === target, 5_000);
			noteMs = performance.now() - t0;
		})(),
		(async () => {
			const rec = await t.target.trpc.borger.get.query({ borgerId });
			if (rec.version !== version || rec.staffSafety !== lastSafety)
				throw new Error(`record not converged: version ${rec.version}, expected ${version}`);
			recordMs = performance.now() - t0;
		})()
	]);
	const totalMs = performance.now() - t0;
	const converged = awayDoc.getText('text').toString() === target;
	closeAll([away, stay, ...textWriters]);
	return {
		system: t.system,
		gapSeconds: Math.round(gap * 10) / 10,
		missedTextEdits: textEdits,
		missedStructuredEdits: structEdits,
		connectMs: round2(connectMs),
		subscribeMs: round2(subscribeMs),
		noteConvergedMs: round2(noteMs),
		recordConvergedMs: round2(recordMs),
		totalMs: round2(totalMs),
		converged,
		noteChars: target.length,
		syncBytes
	};
}

// --- Report ----------------------------------------------------------------------------

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) =>
	a === undefined || b === undefined || b === 0 ? NaN : Math.round((a / b) * 100) / 100;
const fmtRatio = (x: number) => (Number.isNaN(x) ? '-' : `${x.toFixed(2)}×`);

const SYSTEM_LABEL: Record<System, string> = {
	bare: 'bare socket.io',
	hocuspocus: 'Hocuspocus (memory)',
	'tavla-postgres': 'Tavla PostgreSQL',
	'tavla-pglite': 'Tavla PGlite'
};
function label(system: System, shape: Shape): string {
	return `${SYSTEM_LABEL[system]} ${shape}`;
}

interface Target {
	name: string;
	/** null: reported, not judged (INFO), or not testable in this run (SKIP). */
	pass: boolean | null;
	skipped?: boolean;
	detail: string;
}

function find(rooms: RoomResult[], system: System, shape: Shape, n: number) {
	return rooms.find((r) => r.system === system && r.shape === shape && r.clients === n);
}

function ratiosFor(rooms: RoomResult[], system: System) {
	return P.sizes.flatMap((n) => {
		const bareJson = find(rooms, 'bare', 'json', n)?.latency;
		const bareBin = find(rooms, 'bare', 'binary', n)?.latency;
		const hocus = find(rooms, 'hocuspocus', 'text', n)?.latency;
		const st = find(rooms, system, 'structured', n)?.latency;
		const tx = find(rooms, system, 'text', n)?.latency;
		return [
			{
				system,
				clients: n,
				workload: 'structured',
				p50VsBare: ratio(st?.p50, bareJson?.p50),
				p99VsBare: ratio(st?.p99, bareJson?.p99),
				p50VsHocuspocus: ratio(st?.p50, hocus?.p50),
				p99VsHocuspocus: ratio(st?.p99, hocus?.p99)
			},
			{
				system,
				clients: n,
				workload: 'text',
				p50VsBare: ratio(tx?.p50, bareBin?.p50),
				p99VsBare: ratio(tx?.p99, bareBin?.p99),
				p50VsHocuspocus: ratio(tx?.p50, hocus?.p50),
				p99VsHocuspocus: ratio(tx?.p99, hocus?.p99)
			}
		];
	});
}

function targets(
	rooms: RoomResult[],
	spread: SpreadResult[],
	catchUps: CatchUpResult[],
	main: System
): Target[] {
	const n = Math.max(...P.sizes);
	const out: Target[] = [];
	const onPg = main === 'tavla-postgres';
	for (const shape of ['structured', 'text'] as const) {
		const ours = find(rooms, main, shape, n)?.latency;
		out.push({
			name: `p99 < ${TARGET_P99_MS} ms, ${n} clients in a room, ${shape}, ${SYSTEM_LABEL[main]} incl. commit`,
			pass: !onPg ? null : ours ? ours.p99 < TARGET_P99_MS : false,
			skipped: !onPg,
			detail: ours
				? `p99 ${fmt(ours.p99)} ms${onPg ? '' : ' (PostgreSQL not reachable: measured on PGlite)'}`
				: 'no samples'
		});
	}
	for (const shape of ['structured', 'text'] as const) {
		const ours = find(rooms, main, shape, n)?.latency;
		const floorShape = shape === 'structured' ? 'json' : 'binary';
		const floor = find(rooms, 'bare', floorShape, n)?.latency;
		const r = ratio(ours?.p99, floor?.p99);
		out.push({
			name: `p99 < ${TARGET_FLOOR_FACTOR}× bare floor (${floorShape}), ${n} clients, ${shape}`,
			pass: Number.isNaN(r) ? false : r < TARGET_FLOOR_FACTOR,
			detail: `${fmt(ours?.p99)} / ${fmt(floor?.p99)} ms = ${fmtRatio(r)}`
		});
	}
	{
		const ours = find(rooms, main, 'text', n)?.latency;
		const peer = find(rooms, 'hocuspocus', 'text', n)?.latency;
		const r = ratio(ours?.p99, peer?.p99);
		out.push({
			name: `faster than Hocuspocus (p99), ${n} clients, text, although we persist`,
			pass: Number.isNaN(r) ? false : r < 1,
			detail: `${fmt(ours?.p99)} / ${fmt(peer?.p99)} ms = ${fmtRatio(r)}`
		});
	}
	for (const s of spread.filter((x) => x.system === main)) {
		out.push({
			name: `server memory per connected client (${s.clients} clients, ${s.rooms} rooms)`,
			pass: null,
			detail: `${s.memoryPerClientKiB} KiB (RSS ${s.rssBeforeMiB} → ${s.rssSubscribedMiB} MiB)`
		});
	}
	for (const c of catchUps.filter((x) => x.system === main)) {
		out.push({
			name: `catch-up after ${c.gapSeconds} s away, ${c.missedTextEdits} missed edits: < ${TARGET_CATCHUP_MS} ms`,
			// A gap under a minute (--quick) does not test the target: reported, not judged.
			pass: c.gapSeconds < 60 ? null : c.converged && c.totalMs < TARGET_CATCHUP_MS,
			skipped: c.gapSeconds < 60,
			detail:
				`${fmt(c.totalMs)} ms (note ${fmt(c.noteConvergedMs)}, record ${fmt(c.recordConvergedMs)})` +
				(c.gapSeconds < 60 ? '; gap shorter than 1 min (--quick)' : '')
		});
	}
	return out;
}

function report(
	rooms: RoomResult[],
	spread: SpreadResult[],
	catchUps: CatchUpResult[],
	checks: Target[],
	tavlaSystems: System[]
): void {
	console.log(
		`\nRoom workloads: N clients in one room (writer included, N−1 receivers); ` +
			`${P.edits} edits, 1 every ${P.intervalMs} ms, first ${P.warmupEdits} not counted;\n` +
			`systems take turns in blocks of ${BLOCK_EDITS} edits, all rooms of one N connected at once.\n` +
			'Latency = writer emit → edit applied at each receiver (ms); ack = emit → acknowledgement ' +
			'(Tavla: after the commit).\n'
	);
	const rows = rooms.map((r) => [
		SYSTEM_LABEL[r.system],
		r.shape,
		r.clients,
		`${r.samples}/${r.expected}`,
		fmt(r.latency?.p50),
		fmt(r.latency?.p95),
		fmt(r.latency?.p99),
		fmt(r.latency?.max),
		fmt(r.ack?.p50),
		fmt(r.ack?.p99),
		r.serverCpuPercent.toFixed(1),
		`${r.benchLoopDelayP99Ms.toFixed(1)} / ${r.benchLoopDelayMaxMs.toFixed(0)}`,
		r.errors
	]);
	console.log(
		table(
			[
				'system',
				'shape',
				'N',
				'samples',
				'p50',
				'p95',
				'p99',
				'max',
				'ack p50',
				'ack p99',
				'srv CPU %',
				'bench lag p99/max',
				'errors'
			],
			rows
		)
	);

	// p99 with N − 1 receivers per edit is decided by a handful of edits: show which.
	const largest = Math.max(...rooms.map((r) => r.clients));
	console.log(
		`\nSlowest edits at N = ${largest} (edit number: median / slowest receiver, ms), the ones that make p99:\n`
	);
	for (const r of rooms.filter((x) => x.clients === largest)) {
		const { p50, max } = r.perEdit;
		const worst = [...p50.keys()]
			.filter((i) => p50[i] !== null)
			.sort((a, b) => p50[b]! - p50[a]!)
			.slice(0, 5);
		console.log(
			`  ${`${SYSTEM_LABEL[r.system]} ${r.shape}`.padEnd(32)}` +
				worst
					.map((i) => `#${i + r.perEdit.firstEdit}: ${fmt(p50[i]!)} / ${fmt(max[i] ?? undefined)}`)
					.join('  ')
		);
	}

	console.log(
		'\nRatios (ours / floor, ours / Hocuspocus). Floor: bare json for structured, bare binary for text.\n'
	);
	const ratioRows = tavlaSystems.flatMap((s) => ratiosFor(rooms, s));
	console.log(
		table(
			['system', 'N', 'workload', 'p50 / bare', 'p99 / bare', 'p50 / hocus', 'p99 / hocus'],
			ratioRows.map((r) => [
				SYSTEM_LABEL[r.system],
				r.clients,
				r.workload,
				fmtRatio(r.p50VsBare),
				fmtRatio(r.p99VsBare),
				fmtRatio(r.p50VsHocuspocus),
				fmtRatio(r.p99VsHocuspocus)
			])
		)
	);

	if (spread.length > 0) {
		console.log(
			`\nSpread: clients over rooms on one instance, one writer per room (1 edit every ` +
				`${P.spreadIntervalMs} ms; even rooms structured, odd rooms text).\n`
		);
		console.log(
			table(
				[
					'system',
					'clients',
					'rooms',
					'workload',
					'samples',
					'p50',
					'p95',
					'p99',
					'max',
					'ack p99',
					'srv CPU %'
				],
				spread.flatMap((s) =>
					(['structured', 'text'] as const).map((w) => [
						SYSTEM_LABEL[s.system],
						s.clients,
						s.rooms,
						w,
						`${s[w].samples}/${s[w].expected}`,
						fmt(s[w].latency?.p50),
						fmt(s[w].latency?.p95),
						fmt(s[w].latency?.p99),
						fmt(s[w].latency?.max),
						fmt(s[w].ack?.p99),
						s.serverCpuPercent.toFixed(1)
					])
				)
			)
		);
		console.log('');
		console.log(
			table(
				[
					'system',
					'RSS before',
					'connected',
					'subscribed',
					'after edits',
					'KiB/client',
					'connect s',
					'subscribe s',
					'bench lag p99',
					'errors'
				],
				spread.map((s) => [
					SYSTEM_LABEL[s.system],
					`${s.rssBeforeMiB} MiB`,
					`${s.rssConnectedMiB} MiB`,
					`${s.rssSubscribedMiB} MiB`,
					`${s.rssAfterEditsMiB} MiB`,
					s.memoryPerClientKiB,
					s.connectSeconds,
					s.subscribeSeconds,
					s.benchLoopDelayP99Ms.toFixed(1),
					s.errors
				])
			)
		);
	}

	if (catchUps.length > 0) {
		console.log(
			'\nCatch-up: reconnect → re-subscribe, note:sync with state vector, record refetch (ms).\n'
		);
		console.log(
			table(
				[
					'system',
					'gap s',
					'missed text',
					'missed struct',
					'connect',
					'subscribe',
					'note',
					'record',
					'total',
					'sync bytes',
					'converged'
				],
				catchUps.map((c) => [
					SYSTEM_LABEL[c.system],
					c.gapSeconds,
					c.missedTextEdits,
					c.missedStructuredEdits,
					fmt(c.connectMs),
					fmt(c.subscribeMs),
					fmt(c.noteConvergedMs),
					fmt(c.recordConvergedMs),
					fmt(c.totalMs),
					c.syncBytes,
					c.converged ? 'yes' : 'NO'
				])
			)
		);
	}

	console.log('\nTargets:');
	for (const c of checks) {
		const tag = c.skipped ? 'SKIP' : c.pass === null ? 'INFO' : c.pass ? 'PASS' : 'FAIL';
		console.log(`  ${tag}  ${c.name}: ${c.detail}`);
	}
}

// --- Main ------------------------------------------------------------------------------

async function main(): Promise<void> {
	const startedAt = new Date();
	const loadAtStart = machineInfo().loadAvg;
	console.log(
		`Machine: ${machineInfo().cpus} × ${machineInfo().cpuModel}, load average ${loadAtStart.join(' ')}`
	);
	if (!has('no-build') && buildIsStale()) runBuild();

	const pgUrl = await resolvePostgresUrl();
	const tavlas: Tavla[] = [];
	if (pgUrl.url) {
		const dbUrl = await createDatabase(pgUrl.url);
		tavlas.push(await startTavla('tavla-postgres', dbUrl));
	} else {
		console.log(`PostgreSQL not reachable (${pgUrl.reason}): running Tavla on PGlite only.`);
	}
	if (P.pglite || !pgUrl.url) tavlas.push(await startTavla('tavla-pglite'));
	const bare = await startPeer('bare');
	cleanups.push(() => bare.stop());
	const hocus = await startPeer('hocuspocus');
	cleanups.push(() => hocus.stop());
	allPids = [bare.pid, hocus.pid, ...tavlas.map((t) => t.server.proc.pid!)];

	console.log(
		`\nParameters: sizes ${P.sizes.join(', ')}; ${P.edits} edits every ${P.intervalMs} ms; ` +
			`spread ${P.spreadClients} clients / ${P.spreadRooms} rooms for ${P.spreadSeconds} s; ` +
			`catch-up gap ${P.gapSeconds} s, ${P.catchUpEdits} edits${QUICK ? ' (--quick)' : ''}.`
	);

	const specsFor = (n: number): RoomSpec[] => [
		bareSpec(bare, 'json', n),
		bareSpec(bare, 'binary', n),
		hocusSpec(hocus, n),
		...tavlas.flatMap((t) => [tavlaSpec(t, 'structured', n), tavlaSpec(t, 'text', n)])
	];

	// Warm-up (JIT, connection pools, prepared paths); not reported.
	console.log('\nWarming up ...');
	await runRooms(specsFor(10), 60, { quiet: true });

	const rooms: RoomResult[] = [];
	for (const n of P.sizes) {
		console.log(
			`\nRoom workloads, N = ${n} (systems take turns in blocks of ${BLOCK_EDITS} edits):`
		);
		rooms.push(...(await runRooms(specsFor(n), P.edits)));
	}

	const spread: SpreadResult[] = [];
	for (const t of P.roomsOnly ? [] : tavlas) {
		console.log(
			`\nSpread on ${SYSTEM_LABEL[t.system]}: ${P.spreadClients} clients over ${P.spreadRooms} rooms ...`
		);
		const s = await runSpread(t);
		console.log(
			`  structured p50 ${fmt(s.structured.latency?.p50)} p99 ${fmt(s.structured.latency?.p99)} ms; ` +
				`text p50 ${fmt(s.text.latency?.p50)} p99 ${fmt(s.text.latency?.p99)} ms; ` +
				`${s.memoryPerClientKiB} KiB/client`
		);
		spread.push(s);
	}

	const catchUps: CatchUpResult[] = [];
	console.log('\nCatch-up ...');
	const catchUpRuns = await Promise.all((P.roomsOnly ? [] : tavlas).map((t) => runCatchUp(t)));
	catchUps.push(...catchUpRuns);

	const main = tavlas[0]!.system;
	const checks = targets(rooms, spread, catchUps, main);
	report(
		rooms,
		spread,
		catchUps,
		checks,
		tavlas.map((t) => t.system)
	);
	if (checks.some((c) => c.pass === false)) process.exitCode = 1;

	const serverOutput = tavlas.map((t) => ({
		system: t.system,
		warningsAndErrors: t.server
			.output()
			.split('\n')
			.filter((l) => /"level":(40|50|60)|error|warn/i.test(l))
			.slice(-20)
	}));
	const noisy = serverOutput.filter((s) => s.warningsAndErrors.length > 0);
	if (noisy.length > 0) {
		console.log('\nServer warnings/errors during the run (last lines):');
		for (const s of noisy)
			for (const l of s.warningsAndErrors.slice(-5))
				console.log(`  ${s.system}: ${l.slice(0, 300)}`);
	}

	const dir = join(repoRoot, 'bench/results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `realtime-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			{
				bench: 'realtime',
				startedAt: startedAt.toISOString(),
				finishedAt: new Date().toISOString(),
				machine: { ...machineInfo(), loadAvgAtStart: loadAtStart, ulimitNoFile: await ulimit() },
				parameters: P,
				postgres: pgUrl.url ? { server: maskUrl(pgUrl.url), source: pgUrl.source } : null,
				notes: [
					'All clients run in the bench process; latency is measured with one clock (performance.now()).',
					'Each server (Tavla, bare socket.io, Hocuspocus) runs in its own child process.',
					'Tavla latency includes its per-event work (rate limit, zod, access check) and the database commit.'
				],
				rooms,
				ratios: tavlas.flatMap((t) => ratiosFor(rooms, t.system)),
				spread,
				catchUp: catchUps,
				targets: checks,
				serverOutput
			},
			null,
			'\t'
		) + '\n'
	);
	console.log(`\nResults: ${file}`);
}

async function ulimit(): Promise<string> {
	const { spawnSync } = await import('node:child_process');
	return spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
}

try {
	await main();
} catch (err) {
	console.error(err);
	process.exitCode = 1;
} finally {
	await cleanup();
	// Sockets and timers of the clients must not keep the process alive.
	setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}
