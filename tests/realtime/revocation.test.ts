// Sockets follow the person's access. A member has an open socket on one instance
// (watching the board, a record and one of its notes); on the other instance they sign
// out, their sessions are revoked, they are deactivated or made auditor, or the
// borger's consent is withdrawn. From that moment the open socket must get no more
// keystrokes, presence or change events, and may send no more cursor updates.
// With DATABASE_URL the two sides are two app instances sharing PostgreSQL, with each
// socket.io adapter (PostgreSQL, Redis streams) carrying the disconnect between them;
// without it, one PGlite instance.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, eventually, signIn, sleep, trpcClient } from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { createRedisNamespace, type RedisNamespace } from '$tests/redis';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { toBase64 } from '../../src/lib/realtime/bytes';
import { NoteClient, token } from './note-client';
import { ADAPTERS, PEOPLE, loadDemoTeam, type DemoTeam } from './util';

afterAll(removeBuildSnapshot);

const withPostgres = Boolean(process.env.DATABASE_URL);
const PASSWORD = 'en-god-adgangskode-1';
const SECTION = 'maal';

let pgdb: PgDatabase | undefined;
let redis: RedisNamespace | undefined;
let one: RunningServer;
let two: RunningServer;
let team: DemoTeam;
let leneCookie: string;
let open: Socket[] = [];
let n = 0;

async function setUp(adapter: 'postgres' | 'redis' | 'single') {
	if (adapter === 'single') {
		one = await startServer();
		two = one;
	} else {
		if (adapter === 'redis') redis = await createRedisNamespace();
		pgdb = await createPgDatabase();
		// The first instance migrates and seeds; only then the second joins, without seeding.
		one = await startServer({ databaseUrl: pgdb.url, redis });
		two = await startServer({ databaseUrl: pgdb.url, redis, env: { TAVLA_DEMO: '0' } });
		if (redis) {
			const r = redis;
			await eventually(async () => (await r.instances()) === 2, 'both instances on Redis');
		}
	}
	leneCookie = await signIn(one.url, PEOPLE.lene.email);
	team = await loadDemoTeam(one.url, leneCookie, await signIn(one.url, PEOPLE.hanne.email));
}

async function tearDown() {
	for (const s of open) s.close();
	open = [];
	try {
		await Promise.all(one === two ? [one?.stop()] : [one?.stop(), two?.stop()]);
	} finally {
		await dropPgDatabase(pgdb);
		await redis?.drop();
		pgdb = undefined;
		redis = undefined;
	}
}

const lene = () => trpcClient(one.url, leneCookie);

/** Form post as a browser sends it (SvelteKit checks the origin). */
async function formPost(url: string, path: string, body: Record<string, string>, cookie = '') {
	return fetch(`${url}${path}`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin: url,
			cookie
		},
		body: new URLSearchParams(body).toString(),
		redirect: 'manual'
	});
}

/**
 * A new member of the demo team, made the way people join: the lead invites them, the
 * link arrives (here: in the server log, as without a mail server), they choose a
 * password. Returns the session of that first sign-in.
 */
async function newMember(role: 'medlem' | 'moedeleder' = 'medlem') {
	const email = `flygtig-${++n}-${Date.now()}@demo.tavla.test`;
	const organisations = await lene().teams.organisations.query({ teamId: team.teamId });
	const { invitationId } = await lene().teams.invite.mutate({
		teamId: team.teamId,
		name: `Flygtig Person ${n}`,
		email,
		profession: 'socialraadgiver',
		organisationId: organisations[0]!.id,
		role
	});
	let link: string | undefined;
	await eventually(() => {
		const line = one
			.output()
			.split('\n')
			.find((l) => l.includes(invitationId) && l.includes('/invitation/'));
		link = line ? /"link":"[^"]*\/invitation\/([a-z2-7]{32})"/.exec(line)?.[1] : undefined;
		return link !== undefined;
	}, 'the invitation link in the server log');
	const res = await formPost(one.url, `/invitation/${link}?/create`, {
		username: email,
		password: PASSWORD,
		repeat: PASSWORD
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('tavla_session=') && c.length > 'tavla_session='.length);
	expect(res.status, await res.text()).toBe(303);
	expect(cookie).toBeDefined();
	const members = await lene().teams.members.query({ teamId: team.teamId });
	const membershipId = members.find((m) => m.email === email)!.membershipId;
	return { email, cookie: cookie!, membershipId };
}

interface Watched {
	socket: Socket;
	note: NoteClient;
	/** Everything the socket received, by event name. */
	got: { event: string; payload: unknown }[];
}

/** The victim's open socket (instance two): board, record and one note, as a record page has. */
async function watcher(cookie: string, borgerId: string): Promise<Watched> {
	const socket = await connect(two.url, cookie, { reconnection: false });
	open.push(socket);
	const got: Watched['got'] = [];
	socket.onAny((event, payload) => got.push({ event, payload }));
	for (const ref of [
		{ type: 'team', teamId: team.teamId },
		{ type: 'borger', borgerId }
	]) {
		expect((await emitAck(socket, 'subscribe', ref)).ok).toBe(true);
	}
	const note = new NoteClient(socket, borgerId, SECTION);
	await note.resync();
	return { socket, note, got };
}

/** Lene, on instance one, in the same record and note. */
async function writer(borgerId: string) {
	const socket = await connect(one.url, leneCookie);
	open.push(socket);
	expect((await emitAck(socket, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
	const note = new NoteClient(socket, borgerId, SECTION);
	await note.resync();
	return { socket, note };
}

function awarenessUpdate(name: string): string {
	const doc = new Y.Doc();
	const a = new Awareness(doc);
	a.setLocalState({ user: { name } });
	const u = toBase64(encodeAwarenessUpdate(a, [doc.clientID]));
	a.destroy();
	return u;
}

/** Before the change: the watcher does see Lene's keystrokes, presence and changes. */
async function provesItWorks(v: Watched, w: Awaited<ReturnType<typeof writer>>, borgerId: string) {
	const before = token(`foer-${n}`);
	w.note.text.insert(0, before);
	await eventually(() => v.note.value.includes(before), 'the watcher sees a keystroke');
	expect((await emitAck(w.socket, 'presence:set', { borgerId, field: 'name' })).ok).toBe(true);
	await eventually(
		() =>
			v.got.some((g) => g.event === 'live' && (g.payload as { type: string }).type === 'presence'),
		'the watcher sees presence'
	);
}

/** After the change: nothing more reaches the watcher, whatever Lene does. */
async function receivesNothingMore(
	v: Watched,
	w: Awaited<ReturnType<typeof writer>>,
	borgerId: string
) {
	// Let the revocation travel (through PostgreSQL between instances).
	await sleep(withPostgres ? 600 : 200);
	const mark = v.got.length;
	const after = token(`efter-${n}`);
	w.note.text.insert(0, after);
	await eventually(() => w.note.settled, 'Lene’s keystroke is committed');
	expect((await emitAck(w.socket, 'presence:set', { borgerId, field: 'risiko' })).ok).toBe(true);
	const record = await lene().borger.get.query({ borgerId });
	await lene().borger.update.mutate({
		borgerId,
		baseVersion: record.version,
		patch: { staffSafety: `Ændret efter ${n}` }
	});
	expect(
		(
			await emitAck(w.socket, 'note:awareness', {
				borgerId,
				section: SECTION,
				update: awarenessUpdate('Lene')
			})
		).ok
	).toBe(true);
	await sleep(withPostgres ? 800 : 300);
	const late = v.got.slice(mark);
	expect(late, JSON.stringify(late).slice(0, 500)).toEqual([]);
	expect(v.note.value).not.toContain(after);
}

/** The watcher's own cursor no longer reaches Lene. */
async function mayNotSendAwareness(
	v: Watched,
	w: Awaited<ReturnType<typeof writer>>,
	borgerId: string,
	expectConnected: boolean
) {
	const heard: unknown[] = [];
	w.socket.on('awareness', (p) => heard.push(p));
	if (expectConnected) {
		const ack = await emitAck(v.socket, 'note:awareness', {
			borgerId,
			section: SECTION,
			update: awarenessUpdate('Offer')
		});
		expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
	} else {
		expect(v.socket.connected).toBe(false);
		v.socket.emit('note:awareness', {
			borgerId,
			section: SECTION,
			update: awarenessUpdate('Offer')
		});
	}
	await sleep(300);
	expect(heard).toEqual([]);
}

/** Reconnecting as the browser does: with an ended session it is refused outright. */
async function reconnectIsRefused(cookie: string) {
	await expect(connect(two.url, cookie, { reconnection: false })).rejects.toThrow();
}

/** Reconnecting with a live session, but no longer allowed in the team's rooms. */
async function reconnectSeesNothing(cookie: string, borgerId: string) {
	const again = await connect(two.url, cookie, { reconnection: false });
	open.push(again);
	for (const ref of [
		{ type: 'team', teamId: team.teamId },
		{ type: 'borger', borgerId }
	]) {
		expect(await emitAck(again, 'subscribe', ref)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
	}
	expect(
		await emitAck(again, 'note:sync', { borgerId, section: SECTION, stateVector: 'AA==' })
	).toMatchObject({ ok: false, code: 'FORBIDDEN' });
}

const disconnected = (v: Watched) =>
	eventually(() => !v.socket.connected, 'the server closed the open socket', 5_000);

const SETUPS: { adapter: 'postgres' | 'redis' | 'single' }[] = withPostgres
	? ADAPTERS
	: [{ adapter: 'single' }];

describe.each(SETUPS)("sockets follow the person's access ($adapter)", ({ adapter }) => {
	beforeAll(() => setUp(adapter));
	afterAll(tearDown);
	afterEach(() => {
		for (const s of open) s.close();
		open = [];
	});

	it('sign-out closes the sockets of that session on every instance', async () => {
		const borgerId = team.active[0]!;
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		const res = await formPost(one.url, '/logout', {}, m.cookie);
		expect(res.status).toBe(303);
		await disconnected(v);
		await receivesNothingMore(v, w, borgerId);
		await mayNotSendAwareness(v, w, borgerId, false);
		await reconnectIsRefused(m.cookie);
	});

	it('"log out everywhere" closes the sockets of the other sessions', async () => {
		const borgerId = team.active[1]!;
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		const laptop = await signIn(one.url, m.email, PASSWORD);
		const res = await formPost(one.url, '/konto?/logoutEverywhere', {}, laptop);
		expect(res.status).toBe(200);
		await disconnected(v);
		await receivesNothingMore(v, w, borgerId);
		await mayNotSendAwareness(v, w, borgerId, false);
		await reconnectIsRefused(m.cookie);
	});

	it('a password change closes the sockets of the other sessions', async () => {
		const borgerId = team.active[2]!;
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		const laptop = await signIn(one.url, m.email, PASSWORD);
		const next = 'en-endnu-bedre-adgangskode';
		const res = await formPost(
			one.url,
			'/konto?/password',
			{ current: PASSWORD, next, repeat: next },
			laptop
		);
		expect(res.status).toBe(200);
		await disconnected(v);
		await receivesNothingMore(v, w, borgerId);
		await mayNotSendAwareness(v, w, borgerId, false);
		await reconnectIsRefused(m.cookie);
	});

	it('deactivation removes the person from every room at once', async () => {
		const borgerId = team.active[3]!;
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		await lene().teams.deactivate.mutate({ teamId: team.teamId, membershipId: m.membershipId });
		await disconnected(v);
		await receivesNothingMore(v, w, borgerId);
		await mayNotSendAwareness(v, w, borgerId, false);
		await reconnectSeesNothing(m.cookie, borgerId);
	});

	it('a role change to auditor (no borger data) removes the person from every room at once', async () => {
		const borgerId = team.active[4]!;
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		await lene().teams.changeRole.mutate({
			teamId: team.teamId,
			membershipId: m.membershipId,
			role: 'auditor'
		});
		await disconnected(v);
		await receivesNothingMore(v, w, borgerId);
		await mayNotSendAwareness(v, w, borgerId, false);
		await reconnectSeesNothing(m.cookie, borgerId);
	});

	it('withdrawn consent takes the person out of the note at once; identity stays visible', async () => {
		// A borger without legal-basis disclosures, so that withdrawing the team's consent
		// leaves identity only. Without any consent yet, record one first.
		let borgerId = '';
		for (const id of team.active.slice(5)) {
			if ((await lene().consent.list.query({ borgerId: id })).disclosures.length === 0) {
				borgerId = id;
				break;
			}
		}
		expect(borgerId).not.toBe('');
		const today = new Date().toISOString().slice(0, 10);
		await lene().consent.add.mutate({
			borgerId,
			actorKind: 'team',
			actorLabel: 'Fællesteamet',
			categories: null,
			purpose: 'Koordinering',
			validFrom: today,
			validUntil: null,
			givenHow: 'skriftligt'
		});
		const m = await newMember();
		const v = await watcher(m.cookie, borgerId);
		const w = await writer(borgerId);
		await provesItWorks(v, w, borgerId);

		const registry = await lene().consent.list.query({ borgerId });
		for (const c of registry.consents.filter((x) => x.actorKind === 'team' && !x.withdrawnAt))
			await lene().consent.withdraw.mutate({ borgerId, consentId: c.id });
		expect((await lene().consent.list.query({ borgerId })).state).toBe('withdrawn');
		await sleep(withPostgres ? 600 : 200);
		// Still connected: the inner wheel keeps the borger's identity.
		expect(v.socket.connected).toBe(true);
		const mark = v.got.length;
		// Nobody may type in the section now, and nothing typed reaches the watcher.
		const ack = await emitAck(w.socket, 'note:update', {
			borgerId,
			section: SECTION,
			update: toBase64(Y.encodeStateAsUpdate(new Y.Doc()))
		});
		expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		await mayNotSendAwareness(v, w, borgerId, true);
		expect(
			await emitAck(v.socket, 'note:sync', { borgerId, section: SECTION, stateVector: 'AA==' })
		).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(v.got.slice(mark).filter((g) => g.event === 'note' || g.event === 'awareness')).toEqual(
			[]
		);
	});
});
