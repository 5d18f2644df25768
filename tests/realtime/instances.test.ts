// Two app instances (two `node server.js` processes on two ports) share one PostgreSQL
// database. socket.io's adapter must carry live events, Yjs note updates and presence from
// one instance to the other: the PostgreSQL adapter (the default with DATABASE_URL) and
// the Redis streams adapter (with REDIS_URL), each tested. Without DATABASE_URL there is
// nothing to share, and the file says so with a test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, eventually, signIn, sleep, trpcClient } from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { createRedisNamespace, type RedisNamespace } from '$tests/redis';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient, token } from './note-client';
import {
	ADAPTERS,
	PEOPLE,
	changedEvents,
	loadDemoTeam,
	prng,
	recordLive,
	type DemoTeam,
	type LivePresence
} from './util';

// The private copy of the build is shared by all servers of this file.
afterAll(removeBuildSnapshot);

const withPostgres = Boolean(process.env.DATABASE_URL);

if (!withPostgres) {
	describe('several app instances', () => {
		it('needs PostgreSQL: set DATABASE_URL to run the multi-instance tests', () => {
			// PGlite is embedded in one process; only PostgreSQL can be shared by two instances.
			expect(process.env.DATABASE_URL).toBeFalsy();
		});
	});
} else {
	describe.each(ADAPTERS)('two app instances, live events through $adapter', ({ adapter }) => {
		let pgdb: PgDatabase;
		let redis: RedisNamespace | undefined;
		let one: RunningServer;
		let two: RunningServer;
		let team: DemoTeam;
		let leneOnOne: string;
		let thomasOnTwo: string;
		let open: Socket[] = [];

		beforeAll(async () => {
			if (adapter === 'redis') redis = await createRedisNamespace();
			pgdb = await createPgDatabase();
			// The first instance migrates and seeds; only then the second joins, without seeding.
			one = await startServer({ databaseUrl: pgdb.url, redis });
			two = await startServer({ databaseUrl: pgdb.url, redis, env: { TAVLA_DEMO: '0' } });
			if (redis) {
				const r = redis;
				await eventually(async () => (await r.instances()) === 2, 'both instances on Redis');
			}
			leneOnOne = await signIn(one.url, PEOPLE.lene.email);
			thomasOnTwo = await signIn(two.url, PEOPLE.thomas.email);
			team = await loadDemoTeam(one.url, leneOnOne, await signIn(one.url, PEOPLE.hanne.email));
		});

		afterEach(() => {
			for (const s of open) s.close();
			open = [];
		});

		afterAll(async () => {
			for (const s of open) s.close();
			try {
				await Promise.all([one?.stop(), two?.stop()]);
			} finally {
				await dropPgDatabase(pgdb);
				await redis?.drop();
			}
		});

		async function pair(borgerId: string) {
			const lene = await connect(one.url, leneOnOne);
			const thomas = await connect(two.url, thomasOnTwo);
			open.push(lene, thomas);
			for (const s of [lene, thomas]) {
				expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
			}
			// Room membership on the other instance is looked up through the adapter.
			await sleep(200);
			return { lene, thomas };
		}

		it('delivers structured changes made on one instance to clients of the other', async () => {
			const borgerId = team.active[0]!;
			const { lene, thomas } = await pair(borgerId);
			const leneLive = recordLive(lene);
			const thomasLive = recordLive(thomas);
			const before = await trpcClient(two.url, thomasOnTwo).borger.get.query({ borgerId });

			const edit = await trpcClient(two.url, thomasOnTwo).borger.update.mutate({
				borgerId,
				baseVersion: before.version,
				patch: { staffSafety: 'Ændret via instans 2' }
			});
			expect(edit).toMatchObject({ version: before.version + 1 });
			await eventually(
				() =>
					changedEvents(leneLive, borgerId).some(
						(e) =>
							e.by.name === PEOPLE.thomas.name &&
							e.version === before.version + 1 &&
							e.fields?.includes('staffSafety') === true
					),
				'a client on instance 1 sees the edit made through instance 2'
			);
			// Both instances read the same database.
			expect(
				(await trpcClient(one.url, leneOnOne).borger.get.query({ borgerId })).staffSafety
			).toBe('Ændret via instans 2');

			// And the other way round, for list items.
			const added = await trpcClient(one.url, leneOnOne).borger.addItem.mutate({
				borgerId,
				kind: 'aftaler',
				data: { description: 'Aftalt via instans 1' }
			});
			expect(added.version).toBe(1);
			await eventually(
				() =>
					changedEvents(thomasLive, borgerId).some(
						(e) => e.what === 'item' && e.by.name === PEOPLE.lene.name
					),
				'a client on instance 2 sees the item added through instance 1'
			);
		});

		it('carries Yjs note updates between instances, small and large', async () => {
			const borgerId = team.active[1]!;
			const { lene, thomas } = await pair(borgerId);
			const onOne = new NoteClient(lene, borgerId, 'maal');
			const onTwo = new NoteClient(thomas, borgerId, 'maal');
			await onOne.resync();
			await onTwo.resync();
			expect(onTwo.value).toBe(onOne.value);

			// Only Thomas (instance 2) types: Lene's document on instance 1 must follow from
			// the broadcast alone, without syncing again.
			const random = prng(7);
			const tokens: string[] = [];
			for (let i = 0; i < 20; i++) {
				const tok = token(`to-${i}`);
				tokens.push(tok);
				onTwo.insertRandom(tok, random);
				await sleep(20);
			}
			await eventually(
				() => onTwo.settled && onOne.value === onTwo.value,
				'instance 1 receives every update sent via instance 2'
			);
			for (const tok of tokens) expect(onOne.value).toContain(tok);

			// A large update (above the adapter's NOTIFY payload limit, stored as an attachment).
			const paragraph = token(`stort-${'x'.repeat(20_000)}`);
			onTwo.text.insert(0, paragraph);
			await eventually(
				() => onTwo.settled && onOne.value === onTwo.value,
				'a 20 kB update crosses instances'
			);
			expect(onOne.value.startsWith(paragraph)).toBe(true);

			// Both directions at once.
			const both: string[] = [];
			await Promise.all(
				[onOne, onTwo].map(async (n, c) => {
					for (let i = 0; i < 15; i++) {
						const tok = token(`b${c}-${i}`);
						both.push(tok);
						n.insertRandom(tok, random);
						await sleep(15);
					}
				})
			);
			await eventually(
				() => onOne.settled && onTwo.settled && onOne.value === onTwo.value,
				'both instances converge'
			);
			for (const tok of both) expect(onOne.value.split(tok)).toHaveLength(2);
			expect([...onOne.errors, ...onTwo.errors]).toEqual([]);
			onOne.destroy();
			onTwo.destroy();
		});

		it('shows presence across instances', async () => {
			const borgerId = team.active[2]!;
			const { lene, thomas } = await pair(borgerId);
			const leneLive = recordLive(lene);
			expect(await emitAck(thomas, 'presence:set', { borgerId, field: 'name' })).toEqual({
				ok: true,
				data: null
			});
			await eventually(
				() =>
					leneLive.some(
						(e) =>
							e.type === 'presence' &&
							e.room === `borger:${borgerId}` &&
							(e as LivePresence).people.some(
								(p) => p.name === PEOPLE.thomas.name && p.borgerId === borgerId
							) &&
							(e as LivePresence).people.some((p) => p.name === PEOPLE.lene.name)
					),
				'Lene (instance 1) sees Thomas (instance 2) on the record'
			);
		});
	});
}
