// Live collaboration against the built production server, over real sockets: sign-in,
// rooms and authorisation, merged and conflicting structured edits (made over tRPC, seen
// live over the sockets), list items, Yjs notes converging across clients, malformed
// input, and presence. Runs on PGlite, on a fresh PostgreSQL database when DATABASE_URL
// is set, and once more with live events through Redis.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import {
	connect,
	emitAck,
	eventually,
	signIn,
	sleep,
	trpcClient,
	type TrpcClient
} from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { createRedisNamespace, type RedisNamespace } from '$tests/redis';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient, token } from './note-client';
import { toBytes } from '../../src/lib/realtime/bytes';
import { NOTE_TEXT } from '../../src/lib/realtime/notes-shared';
import {
	BACKENDS,
	PEOPLE,
	REDIS_BACKEND,
	attempt,
	changedEvents,
	getRecord,
	loadDemoTeam,
	prng,
	recordLive,
	type DemoTeam,
	type LivePresence,
	type Person
} from './util';

const BAD_REQUEST_MESSAGE = 'Ugyldige oplysninger. Ret de markerede felter.';

/** Fails to connect: resolves with the connect_error instead. */
function connectError(
	url: string,
	opts: Parameters<typeof io>[1]
): Promise<Error & { data?: unknown }> {
	const socket = io(url, { transports: ['websocket'], reconnection: false, ...opts });
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.close();
			reject(new Error('neither connected nor refused within 10 s'));
		}, 10_000);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.close();
			reject(new Error('the connection was accepted'));
		});
		socket.once('connect_error', (err) => {
			clearTimeout(timer);
			socket.close();
			resolve(err);
		});
	});
}

// The private copy of the build is shared by all servers of this file.
afterAll(removeBuildSnapshot);

// Live events through Redis only on one backend: the adapter does not care which database.
const LIVE_BACKENDS = [...BACKENDS, REDIS_BACKEND];

describe.each(LIVE_BACKENDS)('live collaboration on $label', ({ name: backend, adapter }) => {
	let server: RunningServer;
	let pgdb: PgDatabase | undefined;
	let redis: RedisNamespace | undefined;
	const cookies = {} as Record<Person, string>;
	let team: DemoTeam;
	let api: TrpcClient;
	let open: Socket[] = [];

	const apiOf = (person: Person) => trpcClient(server.url, cookies[person]);

	async function client(person: Person): Promise<Socket> {
		const s = await connect(server.url, cookies[person]);
		open.push(s);
		return s;
	}

	beforeAll(async () => {
		if (adapter === 'redis') redis = await createRedisNamespace();
		if (backend === 'postgres') pgdb = await createPgDatabase();
		server = await startServer({ databaseUrl: pgdb?.url, redis });
		if (redis) {
			const r = redis;
			await eventually(async () => (await r.instances()) === 1, 'the server on Redis');
		}
		for (const p of Object.keys(PEOPLE) as Person[]) {
			cookies[p] = await signIn(server.url, PEOPLE[p].email);
		}
		team = await loadDemoTeam(server.url, cookies.lene, cookies.hanne);
		expect(team.active.length).toBeGreaterThanOrEqual(6);
		api = trpcClient(server.url, cookies.lene);
	});

	afterEach(() => {
		for (const s of open) s.close();
		open = [];
	});

	afterAll(async () => {
		for (const s of open) s.close();
		try {
			await server?.stop();
		} finally {
			await dropPgDatabase(pgdb);
			await redis?.drop();
		}
	});

	it('refuses connections without a valid session or from a foreign origin', async () => {
		const none = await connectError(server.url, {});
		expect(none.data).toMatchObject({ code: 'UNAUTHORIZED' });

		const forged = await connectError(server.url, {
			extraHeaders: { cookie: 'tavla_session=not-a-real-session-token' }
		});
		expect(forged.data).toMatchObject({ code: 'UNAUTHORIZED' });

		// A valid session from another site's page (cross-site WebSocket hijacking) is refused
		// before the handshake completes.
		const foreign = await connectError(server.url, {
			extraHeaders: { cookie: cookies.lene, origin: 'http://evil.example' }
		});
		expect(foreign.message).toMatch(/websocket error|origin/i);
		const malformedOrigin = await connectError(server.url, {
			extraHeaders: { cookie: cookies.lene, origin: 'not a url' }
		});
		expect(malformedOrigin.message).toMatch(/websocket error|origin/i);

		// The same session from the app's own origin is accepted.
		const ok = await connect(server.url, cookies.lene, {
			extraHeaders: { cookie: cookies.lene, origin: server.url }
		});
		open.push(ok);
		expect(ok.connected).toBe(true);
	});

	it('lets members subscribe, refuses the auditor, and rejects malformed subscriptions without side effects', async () => {
		const borgerId = team.active[0]!;
		const lene = await client('lene');
		expect(await emitAck(lene, 'subscribe', { type: 'team', teamId: team.teamId })).toEqual({
			ok: true,
			data: { room: `team:${team.teamId}` }
		});
		expect(await emitAck(lene, 'subscribe', { type: 'borger', borgerId })).toEqual({
			ok: true,
			data: { room: `borger:${borgerId}` }
		});

		// Hanne audits this team: she may not read its borgere, neither one nor the board.
		const hanne = await client('hanne');
		const hanneLive = recordLive(hanne);
		const denied = await emitAck(hanne, 'subscribe', { type: 'borger', borgerId });
		expect(denied).toMatchObject({
			ok: false,
			code: 'FORBIDDEN',
			message: 'Du har ikke adgang til dette.'
		});
		expect(await emitAck(hanne, 'subscribe', { type: 'team', teamId: team.teamId })).toMatchObject({
			ok: false,
			code: 'FORBIDDEN'
		});
		// ... but she leads her own team, so the refusal is about the role, not the person.
		expect(await emitAck(hanne, 'subscribe', { type: 'team', teamId: team.otherTeamId })).toEqual({
			ok: true,
			data: { room: `team:${team.otherTeamId}` }
		});
		// An unknown borger looks exactly like someone else's.
		expect(
			await emitAck(lene, 'subscribe', { type: 'borger', borgerId: crypto.randomUUID() })
		).toMatchObject({ ok: false, code: 'FORBIDDEN' });

		const thomas = await client('thomas');
		const thomasLive = recordLive(thomas);
		const malformed: unknown[] = [
			{ type: 'borger' },
			{ type: 'team' },
			{ type: 'borger', borgerId: 'not-a-uuid' },
			{ type: 'borger', borgerId: `${borgerId}x` },
			{ type: 'borger', borgerId: 42 },
			{ type: 'borger', borgerId: [borgerId] },
			{ type: 'room', borgerId },
			{ type: 'team', teamId: 'x'.repeat(300_000) },
			{ type: 'borger', borgerId: `${borgerId}${' '.repeat(100_000)}` },
			{ borgerId },
			null,
			42,
			'borger:' + borgerId,
			[{ type: 'borger', borgerId }]
		];
		for (const payload of malformed) {
			const ack = await emitAck(thomas, 'subscribe', payload);
			expect(ack, JSON.stringify(payload).slice(0, 80)).toMatchObject({
				ok: false,
				code: 'BAD_REQUEST',
				message: BAD_REQUEST_MESSAGE
			});
		}

		// No side effects: neither Thomas (malformed) nor Hanne (refused) joined the rooms,
		// so an edit reaches Lene but not them.
		const leneLive = recordLive(lene);
		const before = await getRecord(api, borgerId);
		const edit = await attempt(
			api.borger.update.mutate({
				borgerId,
				baseVersion: before.version,
				patch: { staffSafety: `Kun parvise besøg (${Date.now()})` }
			})
		);
		expect(edit.ok).toBe(true);
		await eventually(() => changedEvents(leneLive, borgerId).length > 0, 'Lene sees her edit');
		await sleep(300);
		expect(changedEvents(thomasLive, borgerId)).toEqual([]);
		expect(hanneLive.filter((e) => e.type === 'borger.changed')).toEqual([]);
		expect(
			hanneLive.filter((e) => e.type === 'presence' && e.room !== `team:${team.otherTeamId}`)
		).toEqual([]);
	});

	it('merges concurrent edits to different fields and refuses a stale edit to the same field', async () => {
		const borgerId = team.active[1]!;
		const [lene, thomas] = [await client('lene'), await client('thomas')];
		const leneLive = recordLive(lene);
		const thomasLive = recordLive(thomas);
		for (const s of [lene, thomas]) {
			expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		}

		const before = await getRecord(api, borgerId);
		const base = before.version;
		const safety = `To medarbejdere ved hjemmebesøg (${Date.now()})`;
		const discussed = before.lastDiscussedOn === '2025-02-03' ? '2025-02-04' : '2025-02-03';

		// Same base version, different fields, sent at the same time.
		const [a, b] = await Promise.all([
			attempt(
				apiOf('lene').borger.update.mutate({
					borgerId,
					baseVersion: base,
					patch: { staffSafety: safety }
				})
			),
			attempt(
				apiOf('thomas').borger.update.mutate({
					borgerId,
					baseVersion: base,
					patch: { lastDiscussedOn: discussed }
				})
			)
		]);
		expect(a).toMatchObject({ ok: true, data: { changed: ['staffSafety'] } });
		expect(b).toMatchObject({ ok: true, data: { changed: ['lastDiscussedOn'] } });
		if (!a.ok || !b.ok) throw new Error('unreachable');
		expect([a.data.version, b.data.version].sort()).toEqual([base + 1, base + 2]);

		// Each sees the other's change announced, with who made it.
		await eventually(
			() =>
				changedEvents(leneLive, borgerId).some(
					(e) =>
						e.by.name === PEOPLE.thomas.name &&
						e.what === 'fields' &&
						e.fields?.includes('lastDiscussedOn') === true
				),
			"Lene receives Thomas's change"
		);
		await eventually(
			() =>
				changedEvents(thomasLive, borgerId).some(
					(e) =>
						e.by.name === PEOPLE.lene.name &&
						e.what === 'fields' &&
						e.fields?.includes('staffSafety') === true
				),
			"Thomas receives Lene's change"
		);
		const merged = await getRecord(api, borgerId);
		expect(merged.staffSafety).toBe(safety);
		expect(merged.lastDiscussedOn).toBe(discussed);
		expect(merged.version).toBe(base + 2);

		// Thomas still works from the old version and overwrites the field Lene changed.
		const stale = await attempt(
			apiOf('thomas').borger.update.mutate({
				borgerId,
				baseVersion: base,
				patch: { staffSafety: 'Forældet værdi' }
			})
		);
		expect(stale).toMatchObject({ ok: false, code: 'CONFLICT', conflictFields: ['staffSafety'] });
		if (stale.ok) throw new Error('unreachable');
		expect(stale.message).toMatch(/En anden har ændret det samme felt/);
		const after = await getRecord(api, borgerId);
		expect(after.staffSafety).toBe(safety);
		expect(after.version).toBe(base + 2);

		// From the current version the same write goes through.
		const fresh = await attempt(
			apiOf('thomas').borger.update.mutate({
				borgerId,
				baseVersion: after.version,
				patch: { staffSafety: 'Opdateret af Thomas' }
			})
		);
		expect(fresh).toMatchObject({ ok: true, data: { version: base + 3 } });
	});

	it('adds, updates and removes list items with acknowledgements and events, and refuses invalid items', async () => {
		const borgerId = team.active[2]!;
		const [lene, thomas] = [await client('lene'), await client('thomas')];
		const leneLive = recordLive(lene);
		const thomasLive = recordLive(thomas);
		for (const s of [lene, thomas]) {
			expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		}
		const itemsOf = async (kind: string) =>
			(await getRecord(api, borgerId)).items.filter((i) => i.kind === kind);
		const aftalerBefore = await itemsOf('aftaler');

		const added = await attempt(
			apiOf('lene').borger.addItem.mutate({
				borgerId,
				kind: 'aftaler',
				data: { description: 'Ringe til egen læge om medicin' }
			})
		);
		expect(added).toMatchObject({ ok: true, data: { version: 1 } });
		if (!added.ok) throw new Error('unreachable');
		const itemId = added.data.id;
		await eventually(
			() =>
				changedEvents(thomasLive, borgerId).some(
					(e) => e.what === 'item' && e.by.name === PEOPLE.lene.name
				),
			'Thomas sees the new item'
		);
		const afterAdd = await itemsOf('aftaler');
		expect(afterAdd).toHaveLength(aftalerBefore.length + 1);
		expect(afterAdd.find((i) => i.id === itemId)?.data).toMatchObject({
			description: 'Ringe til egen læge om medicin',
			status: 'aaben'
		});

		const updated = await attempt(
			apiOf('thomas').borger.updateItem.mutate({
				borgerId,
				itemId,
				baseVersion: 1,
				data: { status: 'udfoert' }
			})
		);
		expect(updated).toEqual({ ok: true, data: { version: 2, changed: ['status'] } });
		await eventually(
			() =>
				changedEvents(leneLive, borgerId).some(
					(e) =>
						e.what === 'item' &&
						e.by.name === PEOPLE.thomas.name &&
						e.fields?.includes('status') === true
				),
			"Lene sees Thomas's item update"
		);
		expect((await itemsOf('aftaler')).find((i) => i.id === itemId)).toMatchObject({
			version: 2,
			data: { description: 'Ringe til egen læge om medicin', status: 'udfoert' }
		});

		// Invalid data: Danish messages per field, nothing written.
		const netvaerkBefore = await itemsOf('netvaerk');
		const invalidAdd = await attempt(
			apiOf('lene').borger.addItem.mutate({
				borgerId,
				kind: 'netvaerk',
				data: { name: '   ', relation: '', kind: 'fremmed', role: 'ven', email: 'ikke-en-mail' }
			})
		);
		expect(invalidAdd).toMatchObject({
			ok: false,
			code: 'BAD_REQUEST',
			message: BAD_REQUEST_MESSAGE,
			fieldErrors: {
				name: 'Skriv et navn.',
				relation: 'Skriv relationen (fx mor, ven, egen læge).',
				kind: 'Vælg privat eller professionel.',
				role: 'Vælg ressource eller belastning.',
				email: 'Skriv en gyldig e-mail.'
			}
		});
		const invalidUpdate = await attempt(
			apiOf('lene').borger.updateItem.mutate({
				borgerId,
				itemId,
				baseVersion: 2,
				data: { description: '', dueOn: '31-02-2026' }
			})
		);
		expect(invalidUpdate).toMatchObject({
			ok: false,
			code: 'BAD_REQUEST',
			message: BAD_REQUEST_MESSAGE,
			fieldErrors: {
				description: 'Beskriv aftalen.',
				dueOn: 'Skriv en gyldig dato (åååå-mm-dd).'
			}
		});
		expect(
			await attempt(
				apiOf('lene').borger.addItem.mutate({
					borgerId,
					// @ts-expect-error: a kind that does not exist, as a forged request would send
					kind: 'hemmelig',
					data: { text: 'x' }
				})
			)
		).toMatchObject({
			ok: false,
			code: 'BAD_REQUEST',
			fieldErrors: { kind: expect.any(String) }
		});
		expect(await itemsOf('netvaerk')).toEqual(netvaerkBefore);
		expect((await itemsOf('aftaler')).find((i) => i.id === itemId)).toMatchObject({
			version: 2,
			data: { description: 'Ringe til egen læge om medicin', status: 'udfoert' }
		});

		const seen = changedEvents(thomasLive, borgerId).length;
		expect(await attempt(apiOf('lene').borger.removeItem.mutate({ borgerId, itemId }))).toEqual({
			ok: true,
			data: undefined
		});
		await eventually(
			() => changedEvents(thomasLive, borgerId).length > seen,
			'Thomas sees the removal'
		);
		expect((await itemsOf('aftaler')).map((i) => i.id)).not.toContain(itemId);
		expect(await itemsOf('aftaler')).toHaveLength(aftalerBefore.length);
		// Gone is gone: a second removal and an update are refused.
		expect(
			await attempt(apiOf('thomas').borger.removeItem.mutate({ borgerId, itemId }))
		).toMatchObject({ ok: false, code: 'NOT_FOUND' });
		expect(
			await attempt(
				apiOf('thomas').borger.updateItem.mutate({ borgerId, itemId, baseVersion: 3, data: {} })
			)
		).toMatchObject({ ok: false, code: 'NOT_FOUND' });
	});

	it('converges concurrent text edits from three clients and stores the plain text', async () => {
		const borgerId = team.active[3]!;
		const section = 'maal';
		const people: Person[] = ['lene', 'thomas', 'birgitte'];
		const editors: NoteClient[] = [];
		for (const p of people) {
			const s = await client(p);
			expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
			const n = new NoteClient(s, borgerId, section);
			await n.resync();
			editors.push(n);
		}
		const initial = editors[0]!.value;
		for (const n of editors) expect(n.value).toBe(initial);

		const seed = Date.now() % 1_000_000;
		const random = prng(seed);
		const ROUNDS = 30;
		const tokens: string[] = [];
		await Promise.all(
			editors.map(async (n, c) => {
				for (let i = 0; i < ROUNDS; i++) {
					const tok = token(`c${c}-${i}`);
					tokens.push(tok);
					n.insertRandom(tok, random);
					await sleep(Math.floor(random() * 15));
				}
			})
		);

		await eventually(
			() => editors.every((n) => n.settled) && editors.every((n) => n.value === editors[0]!.value),
			`three editors converge (seed ${seed})`,
			20_000
		);
		await sleep(200);
		const text = editors[0]!.value;
		for (const n of editors) {
			expect(n.errors).toEqual([]);
			expect(n.value).toBe(text);
		}
		for (const tok of tokens) {
			expect(text.split(tok).length - 1, `${tok} once (seed ${seed})`).toBe(1);
		}
		// The original text survives, interleaved with the tokens.
		expect(text.replace(/⟦[^⟧]*⟧/g, '')).toBe(initial);

		// A fourth client joining later gets the same document from the server.
		const late = new NoteClient(await client('lene'), borgerId, section);
		await late.resync();
		expect(late.value).toBe(text);

		// The debounced plain-text copy (board, search, PDF) catches up.
		await eventually(
			async () => (await getRecord(api, borgerId)).notes.maal?.body === text,
			'the plain-text copy of the note matches',
			10_000,
			250
		);
		for (const n of [...editors, late]) n.destroy();
	});

	it('stops a typing editor at once when the course closes or the team consent is withdrawn', async () => {
		// note:update reuses a recent access answer per socket (access-cache.ts); neither
		// change may wait for that answer to expire.
		const update = (text: string) => {
			const doc = new Y.Doc();
			doc.getText(NOTE_TEXT).insert(0, text);
			return Y.encodeStateAsUpdate(doc);
		};
		const typist = async (borgerId: string) => {
			const s = await client('thomas');
			expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
			// Two accepted keystrokes: the second is answered from the cached access.
			for (const ch of ['a', 'b']) {
				expect(
					await emitAck(s, 'note:update', { borgerId, section: 'maal', update: update(ch) })
				).toEqual({ ok: true, data: null });
			}
			return s;
		};

		// A team consent that covers the goals note, on a borger nobody else here edits.
		let withConsent: { borgerId: string; consentId: string } | null = null;
		for (const borgerId of [...team.active].reverse()) {
			const reg = await api.consent.list.query({ borgerId });
			const c = reg.consents.find(
				(c) =>
					c.actorKind === 'team' &&
					c.status === 'aktiv' &&
					(c.categories === null || c.categories.includes('maal'))
			);
			if (reg.state === 'active' && c) {
				withConsent = { borgerId, consentId: c.id };
				break;
			}
		}
		expect(withConsent, 'a demo borger with an active team consent').not.toBeNull();
		const { borgerId: consented, consentId } = withConsent!;

		const s1 = await typist(consented);
		await api.consent.withdraw.mutate({
			borgerId: consented,
			consentId,
			note: 'Trukket tilbage i testen'
		});
		const afterWithdrawal = await emitAck(s1, 'note:update', {
			borgerId: consented,
			section: 'maal',
			update: update('c')
		});
		expect(afterWithdrawal).toMatchObject({ ok: false, code: 'FORBIDDEN' });

		const closing = team.active.find(
			(id) => id !== consented && !team.active.slice(0, 6).includes(id)
		);
		expect(closing, 'a spare active demo borger').toBeDefined();
		const s2 = await typist(closing!);
		await api.borger.close.mutate({ borgerId: closing!, reason: 'Afsluttet i testen' });
		const afterClose = await emitAck(s2, 'note:update', {
			borgerId: closing!,
			section: 'maal',
			update: update('d')
		});
		expect(afterClose).toMatchObject({
			ok: false,
			code: 'BAD_REQUEST',
			message: 'Forløbet er afsluttet og kan kun læses.'
		});
		// The refused keystroke was not stored: a fresh sync holds only the accepted ones.
		const reader = await client('lene');
		const doc = new Y.Doc();
		const sync = await emitAck<string>(reader, 'note:sync', {
			borgerId: closing!,
			section: 'maal'
		});
		expect(sync.ok).toBe(true);
		if (sync.ok) Y.applyUpdate(doc, toBytes(sync.data));
		const text = doc.getText(NOTE_TEXT).toString();
		expect(text).toContain('a');
		expect(text).not.toContain('d');
	});

	it('answers malformed events with errors and stays healthy', async () => {
		const borgerId = team.active[4]!;
		const events = [
			'subscribe',
			'unsubscribe',
			'note:sync',
			'note:update',
			'note:awareness',
			'presence:set'
		];
		let deep: unknown = { borgerId };
		for (let i = 0; i < 200; i++) deep = { a: deep };
		const garbage: unknown[] = [
			undefined,
			null,
			0,
			-1,
			'x',
			true,
			[],
			{},
			[borgerId],
			{ borgerId: 'nope' },
			{ borgerId: 42, section: 'maal' },
			{ borgerId, baseVersion: -1, patch: { name: 7 }, itemId: 'x', kind: 'x', data: 5 },
			{ borgerId, section: 'hemmelig', update: 'not bytes', stateVector: 12 },
			JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
			deep
		];
		// One socket per event name: each connection has its own rate limit.
		for (const event of events) {
			const s = await client('lene');
			for (const payload of garbage) {
				const ack = await emitAck(s, event, payload);
				expect(ack, `${event} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({
					ok: false,
					code: 'BAD_REQUEST',
					message: BAD_REQUEST_MESSAGE
				});
			}
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();

		// Binary junk where a Yjs update belongs.
		const lene = await client('lene');
		expect((await emitAck(lene, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const watcher = await client('thomas');
		expect((await emitAck(watcher, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const notesSeen: unknown[] = [];
		watcher.on('note', (e) => notesSeen.push(e));
		const junk = [
			new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 255]),
			new Uint8Array([1, 200, 1, 2, 3]),
			new TextEncoder().encode('DROP TABLE note_update;'),
			new Uint8Array(64 * 1024).fill(7),
			// Decodes as an update, but breaks every document it is applied to: it must not
			// be stored, or nobody could open the note again.
			Uint8Array.from(
				'1,3,241,172,244,172,9,0,4,1,4,116,101,120,116,2,119,101,129,241,172,244,172,9,1,3,132,241,172,244,172,9,85,6,32,119,111,114,108,100,1,241,172,244,172,9,1,2,3'
					.split(',')
					.map(Number)
			)
		];
		expect(() => Y.decodeUpdate(junk[4]!)).not.toThrow();
		expect(() => Y.applyUpdate(new Y.Doc(), junk[4]!)).toThrow();
		for (const update of junk) {
			const ack = await emitAck(lene, 'note:update', { borgerId, section: 'maal', update });
			expect(ack, `junk of ${update.length} bytes`).toMatchObject({
				ok: false,
				code: 'BAD_REQUEST'
			});
		}
		const badVector = await emitAck(lene, 'note:sync', {
			borgerId,
			section: 'maal',
			stateVector: new Uint8Array([255, 255, 255])
		});
		expect(badVector.ok).toBe(false);

		// A frame above the server's size limit ends that connection, nothing else.
		const big = io(server.url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: cookies.lene }
		});
		open.push(big);
		await new Promise<void>((resolve) => big.once('connect', () => resolve()));
		const closed = new Promise<string>((resolve) => big.once('disconnect', (r) => resolve(r)));
		big.emit('note:update', { borgerId, section: 'maal', update: new Uint8Array(2_000_000) });
		expect(await closed).toMatch(/transport (close|error)/);

		// Unknown events are ignored.
		lene.emit('drop-everything', { borgerId });

		// Flooding is throttled per connection, and the connection recovers.
		const flood = await Promise.all(
			Array.from({ length: 100 }, () =>
				emitAck(lene, 'presence:set', { borgerId: null, field: null })
			)
		);
		expect(flood.filter((a) => !a.ok && a.code === 'TOO_MANY_REQUESTS').length).toBeGreaterThan(0);
		await sleep(2_500);

		// Still healthy: nothing junk reached others, and the note still opens and edits.
		expect(notesSeen).toEqual([]);
		const n = new NoteClient(lene, borgerId, 'maal');
		await n.resync();
		n.insertRandom(token('efter-støj'));
		await eventually(() => n.settled, 'a normal note update is acknowledged');
		expect(n.errors).toEqual([]);
		const fresh = new NoteClient(await client('birgitte'), borgerId, 'maal');
		await fresh.resync();
		expect(fresh.value).toBe(n.value);
		expect(fresh.value).toContain(token('efter-støj'));
		const rec = await getRecord(api, borgerId);
		expect(
			await attempt(
				api.borger.update.mutate({
					borgerId,
					baseVersion: rec.version,
					patch: { staffSafety: 'Stadig rask' }
				})
			)
		).toMatchObject({ ok: true });
		n.destroy();
		fresh.destroy();
		expect(server.exited()).toBe(false);
	});

	it('shows who is looking at a borger (presence)', async () => {
		const borgerId = team.active[5]!;
		const lene = await client('lene');
		const leneLive = recordLive(lene);
		expect((await emitAck(lene, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const thomas = await client('thomas');
		expect((await emitAck(thomas, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		expect(await emitAck(thomas, 'presence:set', { borgerId, field: 'staffSafety' })).toEqual({
			ok: true,
			data: null
		});

		const room = `borger:${borgerId}`;
		const isThomasHere = (e: LivePresence) =>
			e.people.some(
				(p) => p.name === PEOPLE.thomas.name && p.borgerId === borgerId && p.field === 'staffSafety'
			);
		await eventually(
			() =>
				leneLive.some((e): boolean => e.type === 'presence' && e.room === room && isThomasHere(e)),
			'Lene sees Thomas on the record'
		);
		const last = leneLive.filter((e) => e.type === 'presence' && e.room === room).at(-1);
		expect(last).toMatchObject({ type: 'presence', room });
		expect((last as LivePresence).people.map((p) => p.name).sort()).toEqual(
			[PEOPLE.lene.name, PEOPLE.thomas.name].sort()
		);

		// When Thomas leaves, the room is told.
		const count = leneLive.length;
		thomas.close();
		await eventually(
			() =>
				leneLive
					.slice(count)
					.some(
						(e) =>
							e.type === 'presence' &&
							e.room === room &&
							e.people.every((p) => p.name !== PEOPLE.thomas.name)
					),
			'Lene sees Thomas leave'
		);
	});
});
