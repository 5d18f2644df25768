// The documented deployment example, started for real: the variables of
// deploy/tavla.env.example and the two instances of deploy/Procfile (two ports, one
// PostgreSQL database), with the header nginx adds (deploy/nginx.conf). Both must be
// ready, share sessions, and carry a live edit from one instance to the other.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connect, emitAck, trpcClient, waitForEvent } from '$tests/client';
import { createPgDatabase, dropPgDatabase, type PgDatabase } from '$tests/db';
import { findFreePort, removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { PEOPLE } from '../realtime/util';

afterAll(removeBuildSnapshot);

/** KEY=VALUE lines of an env file (comments and blanks skipped), as systemd reads them. */
export function parseEnvFile(text: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
		if (m) env[m[1]!] = m[2]!;
	}
	return env;
}

const envFile = parseEnvFile(
	readFileSync(new URL('../../deploy/tavla.env.example', import.meta.url), 'utf8')
);
const procfile = readFileSync(new URL('../../deploy/Procfile', import.meta.url), 'utf8')
	.split('\n')
	.filter((l) => /^\w+:/.test(l));

describe('the deployment example', () => {
	it('documents a production configuration that passes validation', () => {
		expect(envFile.NODE_ENV).toBe('production');
		expect(envFile.DATABASE_URL).toMatch(/^postgres:\/\//);
		expect(envFile.ADDRESS_HEADER).toBe('X-Real-IP');
		expect(envFile.TAVLA_METRICS_TOKEN!.length).toBeGreaterThanOrEqual(16);
		// Two instances, each `node server.js` on its own port.
		expect(procfile).toHaveLength(2);
		for (const line of procfile) expect(line).toMatch(/PORT=\d+ node server\.js$/);
	});

	if (!process.env.DATABASE_URL) {
		it('needs PostgreSQL to start two instances: set DATABASE_URL', () => {
			expect(process.env.DATABASE_URL).toBeFalsy();
		});
		return;
	}

	let pgdb: PgDatabase;
	const servers: RunningServer[] = [];
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		await dropPgDatabase(pgdb);
	});

	it('starts two instances on two ports that share sessions and live edits', async () => {
		pgdb = await createPgDatabase();
		const ports = [await findFreePort(), await findFreePort()];
		// The example as written, with this machine's database and addresses; the first
		// instance also seeds the demo team so there is someone to sign in.
		const origin = `http://127.0.0.1:${ports[0]}`;
		const env = (demo: string): Record<string, string> => ({
			...envFile,
			DATABASE_URL: pgdb.url,
			ORIGIN: origin,
			TAVLA_DEMO: demo,
			TAVLA_SHUTDOWN_DELAY_MS: '0',
			TAVLA_LOGIN_MAX_ATTEMPTS: '1000'
		});
		servers.push(await startServer({ port: ports[0], databaseUrl: pgdb.url, env: env('1') }));
		servers.push(await startServer({ port: ports[1], databaseUrl: pgdb.url, env: env('0') }));
		const [one, two] = servers as [RunningServer, RunningServer];
		// What nginx adds to every request (deploy/nginx.conf).
		const viaProxy = { 'x-real-ip': '198.51.100.7', 'x-request-id': 'nginx-0001' };
		for (const s of servers) {
			const r = await fetch(`${s.url}/readyz`, { headers: viaProxy });
			expect(r.status, s.url).toBe(200);
			expect(r.headers.get('x-request-id')).toBe('nginx-0001');
		}

		const login = await fetch(`${one.url}/login`, {
			method: 'POST',
			headers: {
				...viaProxy,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin
			},
			body: new URLSearchParams({ email: PEOPLE.lene.email, password: 'tavla-demo' }).toString(),
			redirect: 'manual'
		});
		expect(login.status).toBe(303);
		const cookie = login.headers
			.getSetCookie()
			.map((c) => c.split(';')[0]!)
			.find((c) => c.startsWith('tavla_session='))!;

		const c = new pg.Client({ connectionString: pgdb.url });
		await c.connect();
		const { rows } = await c.query<{ id: string }>(
			`select b.id from borger b join team t on t.id = b.team_id
			 where t.slug = 'faellesteam-aabakke' and b.status = 'aktiv' order by b.name limit 1`
		);
		await c.end();
		const borgerId = rows[0]!.id;

		// The same session on both instances (the session lives in PostgreSQL).
		const onOne = await connect(one.url, cookie);
		const onTwo = await connect(two.url, cookie);
		for (const s of [onOne, onTwo])
			expect((await emitAck(s, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const seen = waitForEvent<{ type: string; borgerId: string }>(
			onTwo,
			'live',
			(e) => e.type === 'borger.changed' && e.borgerId === borgerId
		);
		const added = await trpcClient(one.url, cookie).borger.addItem.mutate({
			borgerId,
			kind: 'aftaler',
			data: { description: 'fra instans 1' }
		});
		expect(added.version).toBe(1);
		expect((await seen).borgerId).toBe(borgerId);
		onOne.close();
		onTwo.close();
	});
});
