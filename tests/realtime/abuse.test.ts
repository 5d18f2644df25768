// Abuse suite, socket.io half (the tRPC half is src/lib/server/ops/abuse.integration.test.ts):
// malformed, oversized and wrongly typed payloads for every client event, sent by real
// socket.io clients to the built production server. Payloads are generated with
// fast-check from a valid template per event and kept only when the event's own zod
// schema (`clientEvents`, what the server parses with) rejects them as they arrive on
// the wire. Hand-written cases add what a schema cannot express: valid-shaped events (and
// the structured edits, which go through tRPC) for another team's or unknown ids, binary junk where a Yjs update belongs, frames over
// socket.io's size limit, ack-less emits, non-function acks, unknown events and broken
// packets.
//
// Every answer must be an ack with ok:false, a code other than INTERNAL_SERVER_ERROR and
// a Danish message; no event may reach an observer in the same rooms (or the sender);
// afterwards the database is unchanged (per-table md5 fingerprint), /readyz answers 200,
// and a fresh socket can subscribe and make a valid edit. On PGlite and, when
// DATABASE_URL is set, on a fresh PostgreSQL database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { clientEvents, type ClientEventName } from '../../src/lib/schemas/realtime';
import { t } from '../../src/lib/i18n/da';
import { openPglite, openPostgres, type DB } from '../../src/lib/server/db';
import { tablesInOrder } from '../../src/lib/server/ops/backup';
import { toBase64 } from '../../src/lib/realtime/bytes';
import { connect, emitAck, eventually, signIn, sleep, trpcClient, type Ack } from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient, token } from './note-client';
import {
	BACKENDS,
	PEOPLE,
	attempt,
	getRecord,
	loadDemoTeam,
	type DemoTeam,
	type Person
} from './util';

/** Generated payloads per event (each is one emit; a fresh socket per event stays under the rate limit). */
const CASES_PER_EVENT = 50;
const SEED = 20261124;
const EVENTS = Object.keys(clientEvents) as ClientEventName[];
/** socket.io's frame limit on the server (src/lib/server/realtime/bootstrap.js). */
const MAX_HTTP_BUFFER_SIZE = 1_000_000;
const SECTION = 'maal';

/** Clean, typed refusals. INTERNAL_SERVER_ERROR (and anything unknown) is a failure. */
const CLEAN_CODES = new Set([
	'BAD_REQUEST',
	'FORBIDDEN',
	'NOT_FOUND',
	'CONFLICT',
	'TOO_MANY_REQUESTS',
	'PAYLOAD_TOO_LARGE',
	'UNPROCESSABLE_CONTENT'
]);
/** Words that would betray an untranslated (library or English) message reaching a person. */
const NOT_DANISH =
	/\b(the|is|are|must|expected|invalid|error|received|undefined|null|required|cannot|failed|unexpected|internal)\b/i;

function isDanishMessage(m: unknown): m is string {
	return typeof m === 'string' && m.trim().length > 3 && /^[A-ZÆØÅ]/.test(m) && !NOT_DANISH.test(m);
}

/** Problems with an answer to a payload that must be refused (empty when it is a clean refusal). */
function refusalProblems(ack: unknown): string[] {
	if (!ack || typeof ack !== 'object') return [`no ack object: ${JSON.stringify(ack)}`];
	const a = ack as Partial<Ack> & Record<string, unknown>;
	const out: string[] = [];
	if (a.ok !== false) out.push(`ok is ${JSON.stringify(a.ok)}`);
	if (typeof a.code !== 'string' || !CLEAN_CODES.has(a.code)) out.push(`code ${String(a.code)}`);
	if (!isDanishMessage(a.message)) out.push(`message ${JSON.stringify(a.message)}`);
	return out;
}

/** Soft: one run lists every case that was not cleanly refused, not just the first. */
function expectRefused(ack: unknown, code: string | string[], what: string): void {
	const codes = Array.isArray(code) ? code : [code];
	const problems = refusalProblems(ack);
	const got = (ack as { code?: unknown } | null)?.code;
	if (problems.length === 0 && !codes.includes(got as string))
		problems.push(`not ${codes.join('/')}`);
	expect.soft(problems, `${what}: ${JSON.stringify(ack)?.slice(0, 300)}`).toEqual([]);
}

/** Emits and waits for the ack; 'no answer' when none arrives within `ms`. */
async function tryAck(
	socket: Socket,
	event: string,
	payload: unknown,
	ms = 5_000
): Promise<Ack | 'no answer'> {
	try {
		return await emitAck(socket, event, payload, ms);
	} catch {
		return 'no answer';
	}
}

/** Emits `args` followed by an ack callback; 'no answer' when none arrives within `ms`. */
function emitRaw(socket: Socket, event: string, ...args: unknown[]): Promise<unknown> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve('no answer'), 3_000);
		socket.emit(event, ...args, (ack: unknown) => {
			clearTimeout(timer);
			resolve(ack);
		});
	});
}

// --- What the server sees --------------------------------------------------------------

const BIN = '\u0000bin';
/**
 * The payload as the server receives it: socket.io sends JSON (undefined and functions
 * vanish or become null, NaN and Infinity become null) with binary parts (typed arrays,
 * ArrayBuffers) as attachments that arrive as Buffers. The filter below must judge this,
 * not the JavaScript value: `{ stateVector: undefined }` is a different payload on the wire.
 */
function wire(v: unknown): unknown {
	const bins: Uint8Array[] = [];
	const text = JSON.stringify([v], (_k, x: unknown) => {
		if (x instanceof ArrayBuffer) x = new Uint8Array(x);
		if (ArrayBuffer.isView(x)) {
			bins.push(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
			return { [BIN]: bins.length - 1 };
		}
		return x;
	});
	return (
		JSON.parse(text, (_k, x: unknown) =>
			x && typeof x === 'object' && BIN in x
				? Buffer.from(bins[(x as Record<string, number>)[BIN]!]!)
				: x
		) as unknown[]
	)[0];
}

/** True when the event's schema refuses what the server would receive (or throws on it). */
function schemaRejects(event: ClientEventName, payload: unknown): boolean {
	try {
		return !clientEvents[event].safeParse(wire(payload)).success;
	} catch {
		// A schema that throws instead of answering is exactly what this suite looks for.
		return true;
	}
}

/** The JSON text `{"key": value, ...obj}`: keeps `__proto__` as an own key, as a client can send it. */
function withOwnKey(obj: Record<string, unknown>, key: string, value: unknown): unknown {
	const rest = JSON.stringify(obj).slice(1);
	return JSON.parse(
		`{${JSON.stringify(key)}:${JSON.stringify(value)}${rest === '}' ? '}' : `,${rest}`}`
	);
}

let deep: unknown = { borgerId: '00000000-0000-0000-0000-000000000000' };
for (let i = 0; i < 300; i++) deep = { a: deep };

/** Values that are wrong almost anywhere: wrong types, huge, out of range, hostile text. */
const nasty = fc.oneof(
	fc.constantFrom<unknown>(
		null,
		undefined,
		true,
		0,
		-1,
		1.5,
		2 ** 31,
		Number.MAX_SAFE_INTEGER,
		-1e308,
		Number.NaN,
		Number.POSITIVE_INFINITY,
		'',
		' ',
		'\u0000',
		// Text PostgreSQL cannot store: NUL inside, lone surrogates (half an emoji).
		'Anders\u0000Ågård',
		'halv emoji \uD83D',
		'\uDE00 omvendt',
		// Dates PostgreSQL refuses or that overflow date arithmetic.
		'0000-01-01',
		'0000-01-01T00:00:00Z',
		'9999-12-31',
		'x'.repeat(200_000),
		'💥'.repeat(50_000),
		Array.from({ length: 10_000 }, (_, i) => i),
		[],
		{},
		deep,
		"'; drop table note_update; --",
		'<script>alert(1)</script>',
		'00000000-0000-0000-0000-00000000000g',
		'3f1c1b7e8a344c8e9a3c2b1f0e6a7d11',
		'{3f1c1b7e-8a34-4c8e-9a3c-2b1f0e6a7d11}',
		'3f1c1b7e-8a34-4c8e-9a3c-2b1f0e6a7d11x',
		' 3f1c1b7e-8a34-4c8e-9a3c-2b1f0e6a7d11',
		'hemmelig',
		'MAAL',
		'toString',
		'__proto__',
		'2026-02-30',
		// Not base64: bad characters, bad padding, base64url, whitespace.
		'!!!!',
		'AAA',
		'A===',
		'AA==AA==',
		'AA-_',
		'AAAA\nAAAA',
		'ÆØÅ=',
		new Uint8Array([0xff, 0xfe, 0xfd]),
		JSON.parse('{"__proto__": {"polluted": true, "isAdmin": true}}'),
		JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')
	),
	fc.string({ maxLength: 40 }),
	fc.integer(),
	fc.double(),
	fc.anything({ maxDepth: 2, maxKeys: 5 })
);

// --- The run -----------------------------------------------------------------------------

// The private copy of the build is shared by all servers of this file.
afterAll(removeBuildSnapshot);

interface Fingerprint {
	/** One digest per table, access_log aside (see `accessLogSince`). */
	tables: Record<string, string>;
	accessLog: { maxId: string; digest: string };
}

interface AccessRow {
	action: string;
	feature: string;
	team_id: string | null;
	borger_id: string | null;
	user_id: string | null;
}

describe.each(BACKENDS)('socket.io abuse on $name', ({ name: backend }) => {
	let server: RunningServer;
	let pgdb: PgDatabase | undefined;
	let dataDir: string | undefined;
	const cookies = {} as Record<Person, string>;
	let team: DemoTeam;
	let userIds: Record<Person, string>;
	let ids: {
		borgerId: string;
		itemId: string;
		closedBorgerId: string | null;
		foreignBorgerId: string;
		foreignItemId: string;
		foreignMeetingId: string | null;
	};
	let before: Fingerprint;
	const open: Socket[] = [];
	/** Everything the observers (and the senders) received during the abuse, by socket. */
	const received: { who: string; event: string; args: unknown[] }[] = [];
	/** FORBIDDEN answers that the access module logs as refused (one 'denied' row each). */
	let expectedDenied = 0;
	const timings: Record<string, number> = {};

	async function client(person: Person): Promise<Socket> {
		const s = await connect(server.url, cookies[person]);
		open.push(s);
		return s;
	}

	function record(s: Socket, who: string): void {
		s.onAny((event: string, ...args: unknown[]) => received.push({ who, event, args }));
	}

	async function subscribed(person: Person, ...rooms: Parameters<typeof roomOf>[0][]) {
		const s = await client(person);
		for (const r of rooms) {
			const ack = await emitAck(s, 'subscribe', roomOf(r));
			expect(ack.ok, `${person} subscribes to ${JSON.stringify(r)}`).toBe(true);
		}
		return s;
	}

	function roomOf(r: 'team' | 'borger' | 'otherTeam' | 'otherBorger') {
		if (r === 'team') return { type: 'team', teamId: team.teamId };
		if (r === 'otherTeam') return { type: 'team', teamId: team.otherTeamId };
		if (r === 'borger') return { type: 'borger', borgerId: ids.borgerId };
		return { type: 'borger', borgerId: ids.foreignBorgerId };
	}

	/** Waits until nothing has arrived for a while (presence after joins), then forgets it. */
	async function settle(): Promise<void> {
		let n = -1;
		while (n !== received.length) {
			n = received.length;
			await sleep(400);
		}
		received.length = 0;
	}

	function closeAll(): void {
		for (const s of open.splice(0)) s.close();
	}

	/**
	 * Reads the database. PostgreSQL: a second connection. PGlite is embedded in the server
	 * process (one process at a time): the server is stopped, the folder read, and the
	 * server started again on the same port and data.
	 */
	async function withDb<T>(fn: (db: DB) => Promise<T>): Promise<T> {
		if (pgdb) {
			const h = openPostgres(pgdb.url, 2);
			try {
				return await fn(h.db);
			} finally {
				await h.close();
			}
		}
		closeAll();
		await server.stop();
		const h = await openPglite(dataDir);
		try {
			return await fn(h.db);
		} finally {
			await h.close();
			server = await startServer({ dataDir, port: server.port });
		}
	}

	async function fingerprint(db: DB): Promise<Fingerprint> {
		const tables: Record<string, string> = {};
		for (const tb of await tablesInOrder(db)) {
			// The access log records attempts on borger data by design, refused ones too
			// (append-only, migration 0005): a FORBIDDEN answer *must* add a 'denied' row. It
			// is compared separately below: old rows unchanged, new rows only the expected ones.
			if (tb.name === 'access_log') continue;
			const r = await sql<{ h: string | null; n: number }>`
				select md5(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text)) as h,
					count(*)::int as n
				from ${sql.id(tb.name)} x`.execute(db);
			tables[tb.name] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
		}
		const log = await sql<{ max: string | null; h: string | null }>`
			select max(id)::text as max, md5(string_agg(to_jsonb(x)::text, ',' order by id)) as h
			from access_log x`.execute(db);
		return { tables, accessLog: { maxId: log.rows[0]!.max ?? '0', digest: log.rows[0]!.h ?? '' } };
	}

	async function accessLogSince(db: DB, maxId: string) {
		const old = await sql<{ h: string | null }>`
			select md5(string_agg(to_jsonb(x)::text, ',' order by id)) as h
			from access_log x where id <= ${maxId}::bigint`.execute(db);
		const rows = await sql<AccessRow>`
			select action, feature, team_id, borger_id, user_id from access_log
			where id > ${maxId}::bigint order by id`.execute(db);
		return { oldDigest: old.rows[0]!.h ?? '', rows: rows.rows };
	}

	beforeAll(async () => {
		const t0 = Date.now();
		if (backend === 'postgres') pgdb = await createPgDatabase();
		else dataDir = await mkdtemp(join(tmpdir(), 'tavla-rt-abuse-'));
		server = await startServer({ databaseUrl: pgdb?.url, dataDir });
		for (const p of Object.keys(PEOPLE) as Person[]) {
			cookies[p] = await signIn(server.url, PEOPLE[p].email);
		}
		team = await loadDemoTeam(server.url, cookies.lene, cookies.hanne);
		const lene = trpcClient(server.url, cookies.lene);
		const hanne = trpcClient(server.url, cookies.hanne);
		const borgerId = team.active[0]!;
		const record = await getRecord(lene, borgerId);
		const item = record.items.find((i) => i.kind === 'aftaler') ?? record.items[0];
		if (!item) throw new Error('the demo borger has no list items');
		const closed = await lene.borger.closed.query({ teamId: team.teamId });
		// The other team's borger and item (the demo seeds none there: Hanne, its lead, makes
		// them, before the fingerprint is taken).
		const foreignBoard = await hanne.borger.board.query({ teamId: team.otherTeamId });
		const foreignBorgerId =
			foreignBoard.rows.find((r) => r.caseStatus === 'aktiv')?.id ??
			(
				await hanne.borger.create.mutate({
					teamId: team.otherTeamId,
					identity: { name: 'Anden Teams Borger' }
				})
			).id;
		const foreignItem =
			(await getRecord(hanne, foreignBorgerId)).items.find((i) => i.kind === 'aftaler') ??
			(await hanne.borger.addItem.mutate({
				borgerId: foreignBorgerId,
				kind: 'aftaler',
				data: { description: 'Kun for det andet team' }
			}));
		const foreignMeetings = await hanne.meeting.list.query({ teamId: team.otherTeamId });
		ids = {
			borgerId,
			itemId: item.id,
			closedBorgerId: closed[0]?.id ?? null,
			foreignBorgerId,
			foreignItemId: foreignItem.id,
			foreignMeetingId: foreignMeetings[0]?.id ?? null
		};
		// Cursors go only into a note the sender has open: open it once now, so that its
		// document exists before the fingerprint is taken.
		const opener = await connect(server.url, cookies.lene);
		expect(await emitAck(opener, 'note:sync', { borgerId, section: SECTION })).toMatchObject({
			ok: true
		});
		opener.close();
		timings.setup = Date.now() - t0;

		const t1 = Date.now();
		before = await withDb(async (db) => {
			const users = await db
				.selectFrom('app_user')
				.select(['id', 'email'])
				.where(
					'email',
					'in',
					Object.values(PEOPLE).map((p) => p.email)
				)
				.execute();
			userIds = Object.fromEntries(
				(Object.keys(PEOPLE) as Person[]).map((p) => [
					p,
					users.find((u) => u.email === PEOPLE[p].email)!.id
				])
			) as Record<Person, string>;
			return fingerprint(db);
		});
		timings.fingerprintBefore = Date.now() - t1;
		expect(Object.keys(before.tables).length).toBeGreaterThan(10);
	}, 180_000);

	afterAll(async () => {
		closeAll();
		try {
			await server?.stop();
		} finally {
			if (dataDir) await rm(dataDir, { recursive: true, force: true });
			await dropPgDatabase(pgdb);
			console.log(`[abuse ${backend}] timings (ms): ${JSON.stringify(timings)}`);
		}
	});

	/** Valid payloads for each event (the own demo borger, so a payload that slipped through would act). */
	function templates(event: ClientEventName): Record<string, unknown>[] {
		const doc = new Y.Doc();
		doc.getText('text').insert(0, 'hej');
		const update = toBase64(Y.encodeStateAsUpdate(doc));
		const { borgerId } = ids;
		switch (event) {
			case 'subscribe':
			case 'unsubscribe':
				return [
					{ type: 'team', teamId: team.teamId },
					{ type: 'borger', borgerId },
					{ type: 'meeting', meetingId: '3f1c1b7e-8a34-4c8e-9a3c-2b1f0e6a7d11' }
				];
			case 'note:sync':
				return [{ borgerId, section: SECTION, stateVector: 'AA==' }];
			case 'note:update':
				return [{ borgerId, section: SECTION, update }];
			case 'note:awareness':
				return [{ borgerId, section: SECTION, update: 'AA==' }];
			case 'presence:set':
				return [{ borgerId, field: SECTION }];
		}
	}

	/** Payloads the event's schema rejects: junk, one key wrong or missing, nesting, prototype keys. */
	function candidates(event: ClientEventName) {
		const tpl = templates(event);
		const keys = [...new Set(tpl.flatMap((x) => Object.keys(x)))];
		const template = fc.constantFrom(...tpl);
		const junkTop = fc.oneof(
			nasty,
			template.map((x) => [x]),
			template.map((x) => JSON.stringify(x)),
			template.map((x) => ({ payload: x })),
			fc.array(template, { minLength: 2, maxLength: 3 })
		);
		const oneKeyWrong = fc
			.tuple(template, fc.constantFrom(...keys), nasty)
			.map(([x, k, v]) => ({ ...x, [k]: v }));
		const oneKeyMissing = fc.tuple(template, fc.constantFrom(...keys)).map(([x, k]) => {
			const copy = { ...x };
			delete copy[k];
			return copy;
		});
		const allKeysJunk = fc.record(Object.fromEntries(keys.map((k) => [k, nasty])), {
			requiredKeys: []
		});
		const nested = fc
			.tuple(template, fc.constantFrom(...keys), fc.boolean())
			.map(([x, k, asArray]) => ({ ...x, [k]: asArray ? [x[k]] : { value: x[k] } }));
		const protoKeys = fc
			.tuple(
				template,
				fc.constantFrom('__proto__', 'constructor', 'prototype'),
				fc.constantFrom(...keys),
				nasty
			)
			.map(([x, pk, k, v]) => {
				const inner = x[k];
				// Inside a nested object (patch, data) when there is one, else at the top.
				const poisoned =
					inner && typeof inner === 'object' && !Array.isArray(inner)
						? { ...x, [k]: withOwnKey(inner as Record<string, unknown>, pk, { polluted: true }) }
						: (withOwnKey(x, pk, { polluted: true }) as Record<string, unknown>);
				// Plus one wrong value, so the schema has something to refuse even where it
				// strips unknown keys.
				const other = keys.find((key) => key !== k) ?? k;
				return withOwnKey({ ...poisoned, [other]: v }, pk, { polluted: true });
			});
		return fc
			.oneof(junkTop, oneKeyWrong, oneKeyMissing, allKeysJunk, nested, protoKeys)
			.filter((p) => schemaRejects(event, p));
	}

	it('answers schema-rejected payloads for every client event with BAD_REQUEST, and nothing leaks', async () => {
		const t0 = Date.now();
		const observer = await subscribed('thomas', 'team', 'borger');
		record(observer, 'observer thomas');
		const senders = new Map<ClientEventName, Socket>();
		for (const event of EVENTS) {
			// One connection per event: each has its own rate limit (60 burst, 30/s).
			const s = await subscribed('lene', 'team', 'borger');
			record(s, `sender of ${event}`);
			senders.set(event, s);
		}
		await settle();

		const failures: string[] = [];
		const codes = new Map<string, number>();
		const ran = new Map<ClientEventName, number>();
		for (const [i, event] of EVENTS.entries()) {
			const socket = senders.get(event)!;
			await fc.assert(
				fc.asyncProperty(candidates(event), async (payload) => {
					ran.set(event, (ran.get(event) ?? 0) + 1);
					const ack = await tryAck(socket, event, payload);
					const code = ack === 'no answer' ? 'NO ANSWER' : ack.ok ? 'OK' : ack.code;
					codes.set(code, (codes.get(code) ?? 0) + 1);
					const problems = refusalProblems(ack);
					// A schema refusal has exactly one answer: BAD_REQUEST with field messages.
					if (ack !== 'no answer' && ack.ok === false && ack.code === 'BAD_REQUEST') {
						if (ack.message !== t.errors.badRequest) problems.push('not the BAD_REQUEST message');
						if (!ack.fields || Object.keys(ack.fields).length === 0) problems.push('no fields');
					} else if (code !== 'TOO_MANY_REQUESTS') {
						problems.push('a schema-rejected payload got past validation');
					}
					if (problems.length > 0) {
						failures.push(
							`${event}: ${problems.join('; ')}: ${JSON.stringify(ack)?.slice(0, 200)} for ${JSON.stringify(payload)?.slice(0, 200)}`
						);
					}
				}),
				{ numRuns: CASES_PER_EVENT, seed: SEED + i, endOnFailure: true }
			);
			expect(server.exited(), `the server died during ${event}`).toBe(false);
		}
		timings.fuzz = Date.now() - t0;
		console.log(
			`[abuse ${backend}] cases per event: ${JSON.stringify(Object.fromEntries(ran))}; answers: ${JSON.stringify(Object.fromEntries(codes))}`
		);

		expect(failures, failures.slice(0, 10).join('\n')).toEqual([]);
		for (const event of EVENTS) expect(ran.get(event), event).toBe(CASES_PER_EVENT);
		// Rate limiting is a clean answer too, but most cases must reach validation.
		const total = [...codes.values()].reduce((a, b) => a + b, 0);
		expect(total).toBe(EVENTS.length * CASES_PER_EVENT);
		expect(codes.get('BAD_REQUEST') ?? 0).toBeGreaterThanOrEqual(0.9 * total);
		// Nothing reached the observer in the same rooms, nor came back to a sender.
		await sleep(300);
		expect(received).toEqual([]);
		for (const s of senders.values()) expect(s.connected).toBe(true);
	}, 120_000);

	it("refuses valid-shaped events for another team's or unknown ids, and leaks nothing", async () => {
		const ownObserver = await subscribed('thomas', 'team', 'borger');
		record(ownObserver, 'observer thomas');
		const foreignObserver = await subscribed('hanne', 'otherTeam', 'otherBorger');
		record(foreignObserver, 'observer hanne (other team)');
		const probe = await client('lene');
		record(probe, 'sender lene');
		await settle();

		const random = () => crypto.randomUUID();
		const { borgerId, itemId, foreignBorgerId, foreignItemId } = ids;
		const doc = new Y.Doc();
		doc.getText('text').insert(0, 'Overtaget');
		const update = toBase64(Y.encodeStateAsUpdate(doc));
		const aware = new Awareness(doc);
		aware.setLocalState({ user: { name: 'Lene' } });
		const awareness = toBase64(encodeAwarenessUpdate(aware, [doc.clientID]));
		aware.destroy();

		// [event, payload, expected code(s), logged as 'denied' in the access log]
		const cases: [ClientEventName, unknown, string | string[], boolean][] = [
			['subscribe', { type: 'team', teamId: team.otherTeamId }, 'FORBIDDEN', false],
			['subscribe', { type: 'team', teamId: random() }, 'FORBIDDEN', false],
			['subscribe', { type: 'borger', borgerId: foreignBorgerId }, 'FORBIDDEN', true],
			['subscribe', { type: 'borger', borgerId: random() }, 'FORBIDDEN', true],
			['subscribe', { type: 'meeting', meetingId: random() }, 'FORBIDDEN', false],
			...(ids.foreignMeetingId
				? [
						[
							'subscribe',
							{ type: 'meeting', meetingId: ids.foreignMeetingId },
							'FORBIDDEN',
							false
						] as [ClientEventName, unknown, string, boolean]
					]
				: []),
			['note:sync', { borgerId: foreignBorgerId, section: SECTION }, 'FORBIDDEN', true],
			['note:sync', { borgerId: random(), section: SECTION }, 'FORBIDDEN', true],
			['note:update', { borgerId: foreignBorgerId, section: SECTION, update }, 'FORBIDDEN', true],
			['note:update', { borgerId: random(), section: SECTION, update }, 'FORBIDDEN', true],
			// Awareness is relayed only within a room the sender has joined.
			[
				'note:awareness',
				{ borgerId: foreignBorgerId, section: SECTION, update: awareness },
				'FORBIDDEN',
				false
			],
			['note:awareness', { borgerId, section: SECTION, update: awareness }, 'FORBIDDEN', false],
			...(ids.closedBorgerId
				? ([
						[
							'note:update',
							{ borgerId: ids.closedBorgerId, section: SECTION, update },
							'BAD_REQUEST',
							false
						]
					] as [ClientEventName, unknown, string, boolean][])
				: [])
		];
		for (const [event, payload, code, logged] of cases) {
			const ack = await tryAck(probe, event, payload);
			expectRefused(ack, code, `${event} ${JSON.stringify(payload).slice(0, 160)}`);
			if (code === 'FORBIDDEN')
				expect((ack as Ack & { ok: false }).message).toBe(t.errors.forbidden);
			if (logged) expectedDenied++;
		}

		// The structured edits (tRPC) on the same ids: refused before anything is written.
		const api = trpcClient(server.url, cookies.lene);
		const edits: [string, () => Promise<unknown>, string, boolean][] = [
			[
				'update a foreign borger',
				() =>
					api.borger.update.mutate({
						borgerId: foreignBorgerId,
						baseVersion: 1,
						patch: { staffSafety: 'Overtaget' }
					}),
				'FORBIDDEN',
				true
			],
			[
				'update an unknown borger',
				() =>
					api.borger.update.mutate({
						borgerId: random(),
						baseVersion: 1,
						patch: { name: 'Overtaget' }
					}),
				'FORBIDDEN',
				true
			],
			[
				'add an item to a foreign borger',
				() =>
					api.borger.addItem.mutate({
						borgerId: foreignBorgerId,
						kind: 'aftaler',
						data: { description: 'Overtaget' }
					}),
				'FORBIDDEN',
				true
			],
			[
				"update a foreign borger's item",
				() =>
					api.borger.updateItem.mutate({
						borgerId: foreignBorgerId,
						itemId: foreignItemId,
						baseVersion: 1,
						data: {}
					}),
				'FORBIDDEN',
				true
			],
			[
				'remove an unknown item of an unknown borger',
				() => api.borger.removeItem.mutate({ borgerId: random(), itemId: random() }),
				'FORBIDDEN',
				true
			],
			// Own borger, someone else's item (or none): the item is looked up within the borger.
			[
				"update another team's item through an own borger",
				() =>
					api.borger.updateItem.mutate({
						borgerId,
						itemId: foreignItemId,
						baseVersion: 1,
						data: { description: 'Overtaget' }
					}),
				'NOT_FOUND',
				false
			],
			[
				'remove an unknown item',
				() => api.borger.removeItem.mutate({ borgerId, itemId: random() }),
				'NOT_FOUND',
				false
			],
			[
				"remove another team's item through an own borger",
				() => api.borger.removeItem.mutate({ borgerId, itemId: foreignItemId }),
				'NOT_FOUND',
				false
			],
			[
				"add a child to another team's item",
				() =>
					api.borger.addItem.mutate({
						borgerId,
						kind: 'aftaler',
						parentId: foreignItemId,
						data: { description: 'Barn' }
					}),
				'BAD_REQUEST',
				false
			],
			// Versions are 32-bit integers in the database; larger ones must not reach it.
			[
				'a version past 32 bits',
				() =>
					api.borger.update.mutate({
						borgerId,
						baseVersion: 2 ** 31,
						patch: { staffSafety: 'Fremtidig version' }
					}),
				'BAD_REQUEST',
				false
			],
			[
				'an item version past 32 bits',
				() =>
					api.borger.updateItem.mutate({
						borgerId,
						itemId,
						baseVersion: 2 ** 31,
						data: { description: 'Fremtidig version' }
					}),
				'BAD_REQUEST',
				false
			],
			...(ids.closedBorgerId
				? ([
						[
							'an edit to a closed course',
							() =>
								api.borger.update.mutate({
									borgerId: ids.closedBorgerId!,
									baseVersion: 1,
									patch: { staffSafety: 'Lukket' }
								}),
							'BAD_REQUEST',
							false
						]
					] as [string, () => Promise<unknown>, string, boolean][])
				: [])
		];
		for (const [what, call, code, logged] of edits) {
			const answer = await attempt(call());
			expectRefused(answer, code, what);
			if (code === 'FORBIDDEN')
				expect((answer as { message: string }).message).toBe(t.errors.forbidden);
			if (logged) expectedDenied++;
		}

		// Leaving a room one is not in is a harmless no-op (the client may leave before its
		// join is answered), but it must not make the server talk to that room.
		for (const ref of [
			{ type: 'team', teamId: team.otherTeamId },
			{ type: 'borger', borgerId: foreignBorgerId }
		]) {
			expect(await tryAck(probe, 'unsubscribe', ref)).toMatchObject({ ok: true });
		}
		// Presence is advisory and kept in the connection's memory: naming another team's
		// borger is accepted, and reaches only the rooms the sender has joined (none here).
		expect(
			await tryAck(probe, 'presence:set', { borgerId: foreignBorgerId, field: 'identitet' })
		).toEqual({ ok: true, data: null });
		expect(await tryAck(probe, 'presence:set', { borgerId: null, field: null })).toEqual({
			ok: true,
			data: null
		});

		await sleep(500);
		expect(received).toEqual([]);
		expect(server.exited()).toBe(false);
	}, 60_000);

	it('survives junk Yjs updates, oversized frames, ack-less emits, odd acks, unknown events and broken packets', async () => {
		const t0 = Date.now();
		const observer = await subscribed('thomas', 'team', 'borger');
		record(observer, 'observer thomas');
		const lene = await subscribed('lene', 'team', 'borger');
		record(lene, 'sender lene');
		await settle();
		const { borgerId } = ids;
		// Cursors go only into a note the sender has synced (and may read).
		expect(await tryAck(lene, 'note:sync', { borgerId, section: SECTION })).toMatchObject({
			ok: true
		});

		// Binary junk where a Yjs update belongs: passes the event schema (it is bytes), but
		// is no update. Must be refused, never stored or relayed.
		const junk = [
			new Uint8Array([]),
			new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 255]),
			new Uint8Array([1, 200, 1, 2, 3]),
			new TextEncoder().encode('DROP TABLE note_update;'),
			new Uint8Array(64 * 1024).fill(7),
			// Decodes as an update, but throws in every document it is applied to.
			Uint8Array.from(
				'1,3,241,172,244,172,9,0,4,1,4,116,101,120,116,2,119,101,129,241,172,244,172,9,1,3,132,241,172,244,172,9,85,6,32,119,111,114,108,100,1,241,172,244,172,9,1,2,3'
					.split(',')
					.map(Number)
			)
		];
		// A state vector that decodes is a valid (if odd) question; only those that do not.
		const badVectors = junk.filter((b) => {
			try {
				Y.decodeStateVector(b);
				return false;
			} catch {
				return true;
			}
		});
		expect(badVectors.length).toBeGreaterThanOrEqual(3);
		for (const bytes of junk) {
			for (const update of [bytes, toBase64(bytes)]) {
				const what = `${typeof update === 'string' ? 'base64' : 'binary'} junk of ${bytes.length} bytes`;
				expectRefused(
					await tryAck(lene, 'note:update', { borgerId, section: SECTION, update }),
					'BAD_REQUEST',
					`note:update ${what}`
				);
				expectRefused(
					await tryAck(lene, 'note:awareness', { borgerId, section: SECTION, update }),
					'BAD_REQUEST',
					`note:awareness ${what}`
				);
				if (!badVectors.includes(bytes)) continue;
				expectRefused(
					await tryAck(lene, 'note:sync', { borgerId, section: SECTION, stateVector: update }),
					'BAD_REQUEST',
					`note:sync state vector ${what}`
				);
			}
			await sleep(200); // up to 6 events per round: stay clear of the rate limit
		}
		// Large, valid base64 of no update, just under the frame limit.
		const bigJunk = toBase64(new Uint8Array(700_000).fill(9));
		expect(bigJunk.length).toBeLessThan(MAX_HTTP_BUFFER_SIZE);
		expectRefused(
			await tryAck(lene, 'note:update', { borgerId, section: SECTION, update: bigJunk }, 15_000),
			'BAD_REQUEST',
			'700 kB of junk as base64'
		);
		// Just under the frame limit and rejected by the schema.
		expectRefused(
			await tryAck(lene, 'presence:set', { borgerId, field: 'x'.repeat(900_000) }, 15_000),
			'BAD_REQUEST',
			'a 900 kB field name'
		);

		// Ack-less emits and non-function acks: nothing to answer, nothing to crash.
		for (const event of EVENTS) {
			lene.emit(event, { borgerId: 'nope', junk: 'x'.repeat(1_000) });
			lene.emit(event, { borgerId, section: 'hemmelig' }, 42);
			lene.emit(event, null, 'not a function', { also: 'not' });
		}
		await sleep(1_200); // 30 events: let the bucket refill
		// An ack after extra arguments is still socket.io's ack (the last one), and answered.
		expectRefused(
			await emitRaw(lene, 'presence:set', { borgerId: 'x' }, 'not a function'),
			'BAD_REQUEST',
			'an ack after a non-function argument'
		);
		expectRefused(
			await emitRaw(lene, 'presence:set', { borgerId, field: null }, { extra: true }),
			'BAD_REQUEST',
			'a valid payload followed by an extra argument'
		);
		expectRefused(await emitRaw(lene, 'subscribe'), 'BAD_REQUEST', 'an emit with only an ack');

		// Events that do not exist (some named like Object.prototype's members) are ignored:
		// no answer, or a clean refusal, and the connection goes on.
		for (const event of [
			'drop-everything',
			'constructor',
			'__proto__',
			'toString',
			'hasOwnProperty',
			'note:delete',
			'x'.repeat(5_000)
		]) {
			const ack = await tryAck(lene, event, { borgerId }, 500);
			if (ack !== 'no answer')
				expectRefused(ack, ['BAD_REQUEST', 'NOT_FOUND'], `unknown event ${event.slice(0, 40)}`);
		}
		// Still answered (leaving a room it is not in: ok, and quiet, unlike presence:set).
		expect(lene.connected).toBe(true);
		const nowhere = { type: 'meeting', meetingId: crypto.randomUUID() };
		expect(await tryAck(lene, 'unsubscribe', nowhere)).toEqual({
			ok: true,
			data: { room: `meeting:${nowhere.meetingId}` }
		});

		// A frame over socket.io's limit: the server ends that connection, nothing else.
		const big = io(server.url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: cookies.lene }
		});
		open.push(big);
		await new Promise<void>((resolve) => big.once('connect', () => resolve()));
		const closed = new Promise<string>((resolve) => big.once('disconnect', (r) => resolve(r)));
		big.emit('note:update', {
			borgerId,
			section: SECTION,
			update: toBase64(new Uint8Array(MAX_HTTP_BUFFER_SIZE))
		});
		expect(await closed).toMatch(/transport (close|error)/);

		// Broken socket.io packets straight on the engine.io transport: each ends only its own
		// connection (the parser refuses it), or is ignored.
		for (const packet of [
			'2["disconnecting"]',
			'2["newListener","note:update"]',
			'2[',
			'2{"type":"borger"}',
			'2[42,{"borgerId":"x"}]',
			'9["subscribe"]',
			'21["subscribe",{"type":"team"}]',
			'251-["note:update",{"_placeholder":true,"num":9}]'
		]) {
			const raw = await connect(server.url, cookies.birgitte, { reconnection: false });
			open.push(raw);
			raw.io.engine.write(packet);
			await sleep(100);
			expect(server.exited(), `after ${packet}`).toBe(false);
			raw.close();
		}

		// The server is alive and answers; a new connection works.
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		const fresh = await client('birgitte');
		expect(
			await emitAck(fresh, 'subscribe', { type: 'borger', borgerId: ids.foreignBorgerId })
		).toMatchObject({
			ok: false,
			code: 'FORBIDDEN'
		});
		expectedDenied++;

		// Nothing reached the observer or came back to the sender.
		await sleep(500);
		expect(received).toEqual([]);
		expect(lene.connected).toBe(true);
		expect(observer.connected).toBe(true);
		timings.nasty = Date.now() - t0;
	}, 60_000);

	it('leaves the database unchanged (but for the access log of refused attempts), healthy, and editable', async () => {
		const t0 = Date.now();
		expect(server.exited()).toBe(false);
		expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const { after, log } = await withDb(async (db) => ({
			after: await fingerprint(db),
			log: await accessLogSince(db, before.accessLog.maxId)
		}));
		timings.fingerprintAfter = Date.now() - t0;

		const changed = Object.keys(before.tables).filter(
			(tb) => before.tables[tb] !== after.tables[tb]
		);
		expect(changed, `tables changed by refused events: ${changed.join(', ')}`).toEqual([]);
		expect(Object.keys(after.tables).sort()).toEqual(Object.keys(before.tables).sort());

		// The access log: the old rows are untouched (append-only) ...
		expect(log.oldDigest).toBe(before.accessLog.digest);
		// ... every refusal by the access module left exactly one 'denied' row ...
		const denied = log.rows.filter((r) => r.action === 'denied');
		expect(denied.length, JSON.stringify(denied.slice(0, 5))).toBe(expectedDenied);
		for (const r of denied) {
			expect(r.feature).toMatch(/^(socket|trpc):/);
			expect(Object.values(userIds)).toContain(r.user_id);
		}
		// ... and the other new rows are our people's legitimate access to their own team's
		// borgere: the test's own subscriptions, and writes whose access was granted (and
		// logged, like tRPC) before the content was refused.
		const others = log.rows.filter((r) => r.action !== 'denied');
		const ownTeam = (userId: string | null) =>
			userId === userIds.hanne ? team.otherTeamId : team.teamId;
		for (const r of others) {
			expect(['read', 'write'], JSON.stringify(r)).toContain(r.action);
			expect(r.feature).toMatch(/^(socket|trpc):/);
			expect(Object.values(userIds)).toContain(r.user_id);
			expect(r.team_id, JSON.stringify(r)).toBe(ownTeam(r.user_id));
		}
		expect(others.some((r) => r.action === 'read' && r.feature === 'socket:subscribe')).toBe(true);

		// Still usable: a fresh socket subscribes and makes a valid edit, which the others see.
		const { borgerId } = ids;
		const watcher = await client('thomas');
		expect((await emitAck(watcher, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const lene = await client('lene');
		expect(await emitAck(lene, 'subscribe', { type: 'borger', borgerId })).toEqual({
			ok: true,
			data: { room: `borger:${borgerId}` }
		});
		const api = trpcClient(server.url, cookies.lene);
		const rec = await getRecord(api, borgerId);
		const changes: unknown[] = [];
		watcher.on('live', (e: { type: string; borgerId?: string }) => {
			if (e.type === 'borger.changed' && e.borgerId === borgerId) changes.push(e);
		});
		expect(
			await attempt(
				api.borger.update.mutate({
					borgerId,
					baseVersion: rec.version,
					patch: { staffSafety: 'Efter misbrugstesten' }
				})
			)
		).toEqual({ ok: true, data: { version: rec.version + 1, changed: ['staffSafety'] } });
		await eventually(() => changes.length > 0, 'the watcher sees the edit');
		expect((await getRecord(api, borgerId)).staffSafety).toBe('Efter misbrugstesten');
		// And the note, which got every kind of junk, still opens and takes a valid edit.
		const note = new NoteClient(lene, borgerId, SECTION);
		await note.resync();
		note.insertRandom(token('efter-misbrug'));
		await eventually(() => note.settled, 'a valid note update is acknowledged');
		expect(note.errors).toEqual([]);
		const reader = new NoteClient(watcher, borgerId, SECTION);
		await reader.resync();
		expect(reader.value).toContain(token('efter-misbrug'));
		note.destroy();
		reader.destroy();
		timings.afterChecks = Date.now() - t0;
	}, 120_000);
});
