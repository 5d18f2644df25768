/**
 * Clients and workloads for `npm run bench:realtime`. Every client lives in the bench
 * process, so one clock (performance.now()) times an edit from the writer's emit to its
 * arrival at every other client. Three systems get the same workload:
 *
 *   tavla      the built Tavla server: socket.io, session auth, zod, access check, and the
 *              database commit before anything is broadcast
 *   bare       socket.io relaying each message to the room; no auth, no persistence (floor)
 *   hocuspocus @hocuspocus/server, in memory, Yjs sync protocol over ws (peer)
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { toBase64, toBytes } from '../../src/lib/realtime/bytes';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { connect, emitAck, type TrpcClient } from '$tests/client';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const NOTE_SECTION = 'identitet';
const TEXT_NAME = 'text'; // NOTE_TEXT in src/lib/realtime/notes-shared.ts
const CONNECT_BATCH = 100;

// --- Latency bookkeeping ---------------------------------------------------------------

/** Emit times of one writer's edits and the arrival samples of all its receivers. */
export class LatencyLog {
	readonly emitAt: number[] = [];
	readonly samples: number[] = [];
	readonly ackSamples: number[] = [];
	/** Samples by edit: an edit that reaches everyone late is what makes a room's p99. */
	readonly byEdit: number[][] = [];
	errors: string[] = [];
	constructor(readonly warmup: number) {}

	emitted(k: number): void {
		this.emitAt[k] = performance.now();
	}
	arrived(k: number, now = performance.now()): void {
		const t = this.emitAt[k];
		if (k >= this.warmup && t !== undefined) {
			this.samples.push(now - t);
			(this.byEdit[k] ??= []).push(now - t);
		}
	}
	acked(k: number, sentAt: number, ack: { ok: boolean; code?: string; message?: string }): void {
		if (!ack.ok) this.errors.push(`${ack.code}: ${ack.message}`);
		else if (k >= this.warmup) this.ackSamples.push(performance.now() - sentAt);
	}
}

/**
 * Calls `fire(k)` for k = 0..edits-1 at a steady cadence. With `chain`, the next edit
 * waits for the previous one to finish (structured edits need the version it returns);
 * ticks that could not go out on time are counted as late.
 */
export async function steady(
	edits: number,
	intervalMs: number,
	fire: (k: number) => void | Promise<void>,
	opts: { chain?: boolean; offsetMs?: number } = {}
): Promise<{ late: number }> {
	const t0 = performance.now() + (opts.offsetMs ?? 0);
	let late = 0;
	const open: Promise<void>[] = [];
	for (let k = 0; k < edits; k++) {
		const wait = t0 + k * intervalMs - performance.now();
		if (wait > 1) await sleep(wait);
		else if (wait < -intervalMs / 2) late++;
		const p = Promise.resolve(fire(k));
		if (opts.chain) await p;
		else open.push(p);
	}
	await Promise.all(open);
	return { late };
}

/** For receivers of Yjs updates: which of the writer's edits has this document seen? */
export class YTracker {
	#next = 0;
	constructor(
		readonly doc: Y.Doc,
		/** Clock of the writer's client before edit k: edit k is in once the state exceeds it. */
		readonly clocks: number[],
		readonly log: LatencyLog,
		readonly writer: () => number
	) {}
	check(now = performance.now()): void {
		const state = Y.getState(this.doc.store, this.writer());
		while (this.#next < this.clocks.length && this.clocks[this.#next]! < state) {
			this.log.arrived(this.#next, now);
			this.#next++;
		}
	}
}

/**
 * Event-loop lag of the bench process while active: a 5 ms timer records how late it
 * fires. High lag means the clients, not the server, held up the deliveries.
 */
export class LoopLag {
	readonly samples: number[] = [];
	#timer: ReturnType<typeof setInterval> | null = null;
	start(): void {
		if (this.#timer) return;
		let last = performance.now();
		this.#timer = setInterval(() => {
			const now = performance.now();
			this.samples.push(Math.max(0, now - last - 5));
			last = now;
		}, 5);
	}
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
	p99(): number {
		if (this.samples.length === 0) return NaN;
		const s = [...this.samples].sort((a, b) => a - b);
		return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]!;
	}
	max(): number {
		return this.samples.reduce((a, b) => Math.max(a, b), 0);
	}
}

/** Resolves when `cond()` holds, polling every 20 ms; false after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	while (!cond()) {
		if (performance.now() > deadline) return false;
		await sleep(20);
	}
	return true;
}

/** Runs `fn` over `items` with at most `batch` at a time, in order. */
export async function inBatches<T, R>(
	items: T[],
	fn: (item: T, i: number) => Promise<R>,
	batch = CONNECT_BATCH
): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < items.length; i += batch) {
		out.push(...(await Promise.all(items.slice(i, i + batch).map((x, j) => fn(x, i + j)))));
	}
	return out;
}

// --- Tavla -----------------------------------------------------------------------------

export interface TavlaTarget {
	url: string;
	cookie: string;
	trpc: TrpcClient;
}

export async function tavlaSocket(t: TavlaTarget, reconnection = false): Promise<Socket> {
	return connect(t.url, t.cookie, { reconnection, forceNew: true });
}

async function ok<T>(p: Promise<{ ok: boolean; data?: T; code?: string; message?: string }>) {
	const a = await p;
	if (!a.ok) throw new Error(`${a.code}: ${a.message}`);
	return a.data as T;
}

export async function subscribeBorger(s: Socket, borgerId: string): Promise<void> {
	await ok(emitAck(s, 'subscribe', { type: 'borger', borgerId }, 30_000));
}

/** Initial note sync: the server's state into `doc`. */
export async function noteSync(s: Socket, borgerId: string, doc: Y.Doc, withSv = false) {
	const data = await ok<ArrayBuffer>(
		emitAck(
			s,
			'note:sync',
			{
				borgerId,
				section: NOTE_SECTION,
				...(withSv ? { stateVector: Y.encodeStateVector(doc) } : {})
			},
			30_000
		)
	);
	Y.applyUpdate(doc, new Uint8Array(data), 'remote');
}

export function closeAll(sockets: Socket[]): void {
	for (const s of sockets) s.disconnect();
}

/**
 * Structured room: `receivers` watch `live` borger.changed; the writer chains
 * `borger.update` (tRPC over HTTP, as the browser sends it) on the version.
 */
export async function tavlaStructuredRoom(
	t: TavlaTarget,
	sockets: Socket[],
	borgerId: string,
	log: LatencyLog
) {
	const receivers = sockets.slice(1);
	const versionToEdit = new Map<number, number>();
	for (const r of receivers) {
		r.on('live', (e: { type: string; borgerId?: string; version?: number }) => {
			if (e.type !== 'borger.changed' || e.borgerId !== borgerId || e.version === undefined) return;
			const k = versionToEdit.get(e.version);
			if (k !== undefined) log.arrived(k);
		});
	}
	let version = (await t.trpc.borger.get.query({ borgerId })).version;
	const tag = Math.random().toString(36).slice(2, 8);
	return {
		expectedPerEdit: receivers.length,
		fire: async (k: number) => {
			versionToEdit.set(version + 1, k);
			log.emitted(k);
			const sentAt = performance.now();
			const ack = await t.trpc.borger.update
				.mutate(
					{ borgerId, baseVersion: version, patch: { staffSafety: `Bench ${tag} edit ${k}` } },
					{ signal: AbortSignal.timeout(30_000) }
				)
				.then(
					(data) => ({ ok: true as const, data }),
					(e: Error) => ({ ok: false as const, code: 'ERROR', message: e.message })
				);
			log.acked(k, sentAt, ack);
			if (ack.ok && ack.data) version = ack.data.version;
			else version = (await t.trpc.borger.get.query({ borgerId })).version;
		},
		stop: () => {
			for (const r of receivers) r.off('live');
		}
	};
}

/** Text room: every client holds the note's Y.Doc; the writer types one character per edit. */
export async function tavlaTextRoom(sockets: Socket[], borgerId: string, log: LatencyLog) {
	const docs = sockets.map(() => new Y.Doc());
	await inBatches(sockets, (s, i) => noteSync(s, borgerId, docs[i]!), 50);
	const [wdoc, ...rdocs] = docs;
	const writer = sockets[0]!;
	const clocks: number[] = [];
	rdocs.forEach((doc, i) => {
		const tracker = new YTracker(doc, clocks, log, () => wdoc!.clientID);
		sockets[i + 1]!.on('note', (e: { borgerId: string; section: string; update: string }) => {
			if (e.borgerId !== borgerId || e.section !== NOTE_SECTION) return;
			Y.applyUpdate(doc, toBytes(e.update), 'remote');
			tracker.check();
		});
	});
	let last: Uint8Array | null = null;
	wdoc!.on('update', (u: Uint8Array, origin: unknown) => {
		if (origin !== 'remote') last = u;
	});
	const text = wdoc!.getText(TEXT_NAME);
	return {
		expectedPerEdit: rdocs.length,
		fire: async (k: number) => {
			clocks[k] = Y.getState(wdoc!.store, wdoc!.clientID);
			log.emitted(k);
			text.insert(text.length, String.fromCharCode(97 + (k % 26)));
			const sentAt = performance.now();
			const ack = await emitAck(
				writer,
				'note:update',
				{ borgerId, section: NOTE_SECTION, update: toBase64(last!) },
				30_000
			).catch((e: Error) => ({ ok: false as const, code: 'TIMEOUT', message: e.message }));
			log.acked(k, sentAt, ack);
		},
		stop: () => {
			for (const s of sockets) s.off('note');
		}
	};
}

// --- Bare socket.io (floor) ------------------------------------------------------------

export async function bareSocket(port: number): Promise<Socket> {
	const s = io(`http://127.0.0.1:${port}`, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true
	});
	await new Promise<void>((resolve, reject) => {
		s.once('connect', () => resolve());
		s.once('connect_error', reject);
	});
	return s;
}

/**
 * Bare room. `json`: a payload shaped like Tavla's live event; `binary`: a Yjs update
 * that every receiver applies to its own Y.Doc (the same client work as a Tavla note).
 */
export async function bareRoom(
	sockets: Socket[],
	room: string,
	shape: 'json' | 'binary',
	log: LatencyLog
) {
	await Promise.all(sockets.map((s) => s.timeout(10_000).emitWithAck('join', room)));
	const [writer, ...receivers] = sockets;
	for (const r of receivers) {
		const doc = new Y.Doc();
		r.on('edit', (m: { k: number; payload: unknown }) => {
			if (shape === 'binary') Y.applyUpdate(doc, new Uint8Array(m.payload as ArrayBuffer));
			log.arrived(m.k);
		});
	}
	const wdoc = new Y.Doc();
	const text = wdoc.getText(TEXT_NAME);
	let last: Uint8Array | null = null;
	wdoc.on('update', (u: Uint8Array) => (last = u));
	return {
		expectedPerEdit: receivers.length,
		fire: async (k: number) => {
			log.emitted(k);
			let payload: unknown;
			if (shape === 'binary') {
				text.insert(text.length, String.fromCharCode(97 + (k % 26)));
				payload = last;
			} else {
				payload = {
					type: 'borger.changed',
					teamId: '00000000-0000-4000-8000-000000000000',
					borgerId: room,
					what: 'fields',
					version: k + 2,
					fields: ['staffSafety'],
					by: { userId: '00000000-0000-4000-8000-000000000001', name: 'Bench', initials: 'BE' },
					at: Date.now()
				};
			}
			const sentAt = performance.now();
			const ack = (await writer!.timeout(30_000).emitWithAck('edit', { room, k, payload })) as {
				ok: boolean;
			};
			log.acked(k, sentAt, ack);
		},
		stop: () => {
			for (const r of receivers) r.off('edit');
		}
	};
}

// --- Hocuspocus (peer) -----------------------------------------------------------------

export interface HocusClient {
	provider: HocuspocusProvider;
	socket: HocuspocusProviderWebsocket;
	doc: Y.Doc;
}

export async function hocusClient(port: number, name: string): Promise<HocusClient> {
	const socket = new HocuspocusProviderWebsocket({
		url: `ws://127.0.0.1:${port}`,
		WebSocketPolyfill: WebSocket,
		// Rooms take turns: a receiver may hear nothing for a while, which is no reason to reconnect.
		messageReconnectTimeout: 10 * 60_000
	});
	const doc = new Y.Doc();
	// No awareness: Tavla's bench clients send none either, and 200 providers renewing
	// their awareness every 15 s (each fanned out to all others) would stall every system
	// measured meanwhile in this process.
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name,
		document: doc,
		awareness: null
	});
	provider.attach();
	const synced = await until(() => provider.isSynced, 20_000);
	if (!synced) throw new Error(`hocuspocus: ${name} did not sync within 20 s`);
	return { provider, socket, doc };
}

export function closeHocus(clients: HocusClient[]): void {
	for (const c of clients) {
		c.provider.destroy();
		c.socket.destroy();
	}
}

export function hocusRoom(clients: HocusClient[], log: LatencyLog) {
	const [writer, ...receivers] = clients;
	const clocks: number[] = [];
	const handlers = receivers.map((r) => {
		const tracker = new YTracker(r.doc, clocks, log, () => writer!.doc.clientID);
		const h = () => tracker.check();
		r.doc.on('update', h);
		return h;
	});
	const text = writer!.doc.getText(TEXT_NAME);
	return {
		expectedPerEdit: receivers.length,
		fire: (k: number) => {
			clocks[k] = Y.getState(writer!.doc.store, writer!.doc.clientID);
			log.emitted(k);
			// The provider sends the update synchronously from the document's update event.
			text.insert(text.length, String.fromCharCode(97 + (k % 26)));
		},
		stop: () => receivers.forEach((r, i) => r.doc.off('update', handlers[i]!))
	};
}
