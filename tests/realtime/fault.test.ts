// A crash in the middle of live editing. Two clients edit continuously (structured
// borger and item fields over tRPC, and a shared Yjs note over the socket); the server is killed with SIGKILL and
// restarted on the same data. Every acknowledged edit must have survived, and the clients
// must reconnect on their own, resync, and converge. On a PGlite data folder and, when
// DATABASE_URL is set, on PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, eventually, signIn, sleep, trpcClient } from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient, token } from './note-client';
import { BACKENDS, PEOPLE, attempt, loadDemoTeam, prng, type Person } from './util';

const SECTION = 'maal';
const EDIT_BEFORE_CRASH_MS = 1_500;
const DOWN_MS = 500;
const EDIT_AFTER_RESTART_MS = 1_000;

/** The field of the borger row each person edits (different fields: merged, never conflicting). */
const BORGER_FIELD = { lene: 'staffSafety', thomas: 'name' } as const;

interface Editor {
	person: 'lene' | 'thomas';
	socket: Socket;
	note: NoteClient;
	itemId: string;
	itemVersion: number;
	borgerVersion: number;
	/** Values the server acknowledged, in order. */
	ackedBorger: string[];
	ackedItem: string[];
	/** Sent, but no answer (lost with the crash): may or may not have been committed. */
	unknownBorger: string[];
	unknownItem: string[];
	tokens: string[];
	/** Tokens typed while the client had no connection. */
	offline: string[];
	/** Tokens whose update the server had acknowledged before the crash. */
	ackedBeforeCrash: string[];
	updateOf: Map<string, Uint8Array>;
	reconnects: number;
	resyncs: number;
	/** False from a reconnect until the versions are refetched, as the record page does. */
	current: boolean;
	failures: string[];
}

// The private copy of the build is shared by all servers of this file.
afterAll(removeBuildSnapshot);

describe.each(BACKENDS)('crash and restart on $name', ({ name: backend }) => {
	let server: RunningServer;
	let pgdb: PgDatabase | undefined;
	let dataDir: string | undefined;

	beforeAll(async () => {
		if (backend === 'postgres') pgdb = await createPgDatabase();
		else dataDir = await mkdtemp(join(tmpdir(), 'tavla-rt-fault-'));
		server = await startServer({ databaseUrl: pgdb?.url, dataDir });
	});

	afterAll(async () => {
		try {
			await server?.stop();
		} finally {
			if (dataDir) await rm(dataDir, { recursive: true, force: true });
			await dropPgDatabase(pgdb);
		}
	});

	it('keeps every acknowledged edit through a SIGKILL, and clients reconnect and converge', async () => {
		const cookies = {} as Record<Person, string>;
		for (const p of ['lene', 'thomas', 'hanne', 'birgitte'] as Person[]) {
			cookies[p] = await signIn(server.url, PEOPLE[p].email);
		}
		const team = await loadDemoTeam(server.url, cookies.lene, cookies.hanne);
		const borgerId = team.active[0]!;
		const api = () => trpcClient(server.url, cookies.lene);
		const start = await api().borger.get.query({ borgerId });

		const editors: Editor[] = [];
		for (const person of ['lene', 'thomas'] as const) {
			const socket = await connect(server.url, cookies[person]);
			expect((await emitAck(socket, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
			const note = new NoteClient(socket, borgerId, SECTION);
			await note.resync();
			const added = await trpcClient(server.url, cookies[person]).borger.addItem.mutate({
				borgerId,
				kind: 'aftaler',
				data: { description: `${person} start` }
			});
			const editor: Editor = {
				person,
				socket,
				note,
				itemId: added.id,
				itemVersion: added.version,
				borgerVersion: start.version,
				ackedBorger: [],
				ackedItem: [],
				unknownBorger: [],
				unknownItem: [],
				tokens: [],
				offline: [],
				ackedBeforeCrash: [],
				updateOf: new Map(),
				reconnects: 0,
				resyncs: 0,
				current: true,
				failures: []
			};
			// After the restart socket.io reconnects by itself; the server has forgotten the
			// rooms, so the client joins again and catches up on the note.
			socket.on('connect', () => {
				editor.reconnects++;
				editor.current = false;
				void (async () => {
					const sub = await emitAck(socket, 'subscribe', { type: 'borger', borgerId });
					if (!sub.ok) editor.failures.push(`resubscribe: ${sub.code}`);
					// An edit whose answer was lost in the crash may have been committed; the
					// browser refetches the record after a reconnect, and so do we, or the next
					// edit would meet our own committed change as a conflict.
					const rec = await trpcClient(server.url, cookies[person]).borger.get.query({ borgerId });
					editor.borgerVersion = rec.version;
					editor.itemVersion =
						rec.items.find((i) => i.id === editor.itemId)?.version ?? editor.itemVersion;
					editor.current = true;
					await note.resync();
					editor.resyncs++;
				})().catch((err: unknown) => editor.failures.push(`resync: ${String(err)}`));
			});
			editors.push(editor);
		}

		let running = true;
		let crashed = false;
		const random = prng(Date.now() % 1_000_000);

		async function edit(e: Editor) {
			let n = 0;
			while (running) {
				n++;
				const step = n % 3;
				if (step === 0) {
					// Text: works offline too; the update waits in `pending` until acknowledged.
					const tok = token(`${e.person[0]}${n}`);
					e.tokens.push(tok);
					if (!e.socket.connected) e.offline.push(tok);
					e.note.insertRandom(tok, random);
					const update = [...e.note.pending].at(-1);
					if (update) e.updateOf.set(tok, update);
				} else if (e.socket.connected && e.current) {
					const value = `${PEOPLE[e.person].name.split(' ')[0]} ${n}`;
					// Structured edits go over HTTP (tRPC), as in the browser. An answer is an
					// acknowledgement or a refusal; no answer (the crash) leaves it unknown.
					const api = trpcClient(server.url, cookies[e.person]);
					const signal = AbortSignal.timeout(3_000);
					if (step === 1) {
						const ack = await attempt(
							api.borger.update.mutate(
								{
									borgerId,
									baseVersion: e.borgerVersion,
									patch: { [BORGER_FIELD[e.person]]: value }
								},
								{ signal }
							)
						);
						if (ack.ok) {
							e.ackedBorger.push(value);
							e.borgerVersion = ack.data.version;
						} else if (ack.code === 'UNKNOWN') e.unknownBorger.push(value);
						else e.failures.push(`borger.update ${ack.code} ${ack.message}`);
					} else {
						const ack = await attempt(
							api.borger.updateItem.mutate(
								{
									borgerId,
									itemId: e.itemId,
									baseVersion: e.itemVersion,
									data: { description: value }
								},
								{ signal }
							)
						);
						if (ack.ok) {
							e.ackedItem.push(value);
							e.itemVersion = ack.data.version;
						} else if (ack.code === 'UNKNOWN') e.unknownItem.push(value);
						else e.failures.push(`borger.updateItem ${ack.code} ${ack.message}`);
					}
				}
				await sleep(30 + Math.floor(random() * 40));
			}
		}

		const loops = editors.map(edit);
		await sleep(EDIT_BEFORE_CRASH_MS);

		// Crash: no shutdown, no flushing.
		const acksBeforeCrash = editors.map((e) => ({
			borger: e.ackedBorger.length,
			item: e.ackedItem.length
		}));
		for (const e of editors) {
			e.ackedBeforeCrash = e.tokens.filter((t) => {
				const u = e.updateOf.get(t);
				return u !== undefined && !e.note.pending.has(u);
			});
		}
		await server.kill();
		crashed = true;
		await sleep(DOWN_MS);
		const restarted = await startServer({ databaseUrl: pgdb?.url, dataDir, port: server.port });
		server = restarted;

		await eventually(
			() => editors.every((e) => e.resyncs >= 1 && e.socket.connected),
			() =>
				`both clients reconnect and resync by themselves (${JSON.stringify(
					editors.map((e) => ({
						connected: e.socket.connected,
						reconnects: e.reconnects,
						resyncs: e.resyncs,
						failures: e.failures.slice(-4)
					}))
				)})`,
			20_000
		);
		await sleep(EDIT_AFTER_RESTART_MS);
		running = false;
		await Promise.all(loops);
		expect(crashed).toBe(true);

		// Quiet: every text update acknowledged and both documents equal.
		await eventually(
			() =>
				editors.every((e) => e.note.settled) && editors[0]!.note.value === editors[1]!.note.value,
			'both notes settle and converge',
			20_000
		);
		for (const e of editors) {
			expect(e.failures, e.person).toEqual([]);
			expect(e.note.errors, e.person).toEqual([]);
			// The test only means something if edits were acknowledged before and after the crash.
			const before = acksBeforeCrash[editors.indexOf(e)]!;
			expect(
				before.borger,
				`${e.person}: borger edits acknowledged before the crash`
			).toBeGreaterThan(0);
			expect(before.item, `${e.person}: item edits acknowledged before the crash`).toBeGreaterThan(
				0
			);
			expect(e.ackedBorger.length).toBeGreaterThan(before.borger);
			expect(e.ackedItem.length).toBeGreaterThan(before.item);
			expect(
				e.ackedBeforeCrash.length,
				`${e.person}: text acknowledged before the crash`
			).toBeGreaterThan(0);
			expect(e.offline.length, `${e.person}: text typed while offline`).toBeGreaterThan(0);
		}

		// Structured edits: each acknowledged value is in the history, and the current value
		// is the last acknowledged one (or a later one whose answer the crash swallowed).
		const after = trpcClient(restarted.url, cookies.lene);
		const record = await after.borger.get.query({ borgerId });
		for (const e of editors) {
			const field = BORGER_FIELD[e.person];
			const history = await after.borger.history.query({ borgerId, entity: 'borger', field });
			const logged = new Set(history.map((h) => h.newValue));
			for (const v of e.ackedBorger) expect(logged, `${field} = ${v} in history`).toContain(v);
			const current = record[field];
			expect([e.ackedBorger.at(-1), ...e.unknownBorger]).toContain(current);

			const itemHistory = await after.borger.history.query({
				borgerId,
				entity: 'item:aftaler',
				entityId: e.itemId,
				field: 'description'
			});
			const itemLogged = new Set(itemHistory.map((h) => h.newValue));
			for (const v of e.ackedItem) expect(itemLogged, `item ${v} in history`).toContain(v);
			const item = record.items.find((i) => i.id === e.itemId);
			expect([e.ackedItem.at(-1), ...e.unknownItem]).toContain(item?.data.description);
		}

		// Text: a client that was never there gets everything from the server, and it is
		// what both editors show: all text acknowledged before the crash, and everything
		// typed since (offline updates were resent after the reconnect).
		const fresh = new NoteClient(await connect(restarted.url, cookies.birgitte), borgerId, SECTION);
		await fresh.resync();
		const text = fresh.value;
		for (const e of editors) expect(e.note.value).toBe(text);
		for (const e of editors) {
			for (const t of e.ackedBeforeCrash)
				expect(text, `${t} (acknowledged before the crash)`).toContain(t);
			for (const t of e.tokens) expect(text.split(t), `${t} exactly once`).toHaveLength(2);
			for (const t of e.offline) expect(text, `${t} (typed offline)`).toContain(t);
		}
		await eventually(
			async () => (await after.borger.get.query({ borgerId })).notes.maal?.body === text,
			'the plain-text copy catches up after the restart',
			10_000,
			250
		);

		fresh.socket.close();
		for (const e of editors) {
			e.socket.close();
			e.note.destroy();
		}
		fresh.destroy();
	});
});
