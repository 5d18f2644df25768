// Operations against the built production server (`node server.js`): health and
// readiness, request ids, logs without personal data, Prometheus metrics and who may
// read them, security headers and cookie flags, and graceful shutdown (readiness first,
// requests finished, live clients told to reconnect, pending note text flushed).
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPglite } from '../../src/lib/server/db';
import { connect, emitAck, eventually, signIn, sleep, trpcClient } from '$tests/client';
import { findFreePort, removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { NoteClient } from '../realtime/note-client';
import { loadDemoTeam, PEOPLE } from '../realtime/util';

afterAll(removeBuildSnapshot);

const running: RunningServer[] = [];
afterAll(async () => {
	await Promise.all(running.map((s) => s.stop()));
});

async function start(env: Record<string, string> = {}, dataDir?: string) {
	const s = await startServer({ env, dataDir });
	running.push(s);
	return s;
}

describe('health, request ids, logs and metrics', () => {
	let server: RunningServer;

	it('answers /healthz and /readyz with every check ok', async () => {
		server = await start({ TAVLA_LOG_LEVEL: 'info' });
		const live = await fetch(`${server.url}/healthz`);
		expect(live.status).toBe(200);
		expect(await live.json()).toMatchObject({ status: 'ok', phase: 'ready' });
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({
			ready: true,
			phase: 'ready',
			checks: { database: 'ok', migrations: 'ok', realtime: 'ok' }
		});
	});

	it('keeps a plain x-request-id, replaces a hostile one, and logs it on every line', async () => {
		const given = await fetch(`${server.url}/login`, { headers: { 'x-request-id': 'abc-123.x' } });
		expect(given.headers.get('x-request-id')).toBe('abc-123.x');
		const hostile = await fetch(`${server.url}/login`, {
			headers: { 'x-request-id': 'a"b\\nc{}' + 'x'.repeat(80) }
		});
		expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		const fresh = await fetch(`${server.url}/healthz`);
		expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		await eventually(
			() => server.output().includes('"reqId":"abc-123.x"'),
			'a log line with the request id'
		);
		const line = server
			.output()
			.split('\n')
			.find((l) => l.includes('"reqId":"abc-123.x"'))!;
		expect(JSON.parse(line.replace(/^\[std\w+\] /, ''))).toMatchObject({
			reqId: 'abc-123.x',
			route: '/login',
			status: 200
		});
	});

	it('writes no e-mail, name or CPR number to the log on sign-in and borger writes', async () => {
		// Start-up prints the demo logins for the person running the demo: not a log record.
		const mark = server.output().length;
		// A failed and a successful sign-in, and a borger write with a name and CPR number.
		const bad = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: server.url
			},
			body: new URLSearchParams({ email: PEOPLE.lene.email, password: 'forkert-kode' }).toString(),
			redirect: 'manual'
		});
		expect(bad.status).toBe(400);
		const lene = await signIn(server.url, PEOPLE.lene.email);
		const hanne = await signIn(server.url, PEOPLE.hanne.email);
		const team = await loadDemoTeam(server.url, lene, hanne);
		const api = trpcClient(server.url, lene);
		const borgerId = team.active[0]!;
		const rec = await api.borger.get.query({ borgerId });
		await api.borger.update.mutate({
			borgerId,
			baseVersion: (rec as unknown as { version: number }).version,
			patch: { name: 'Zacharias Pedantsen', cpr: '020304-5678' }
		});
		// A bad write too: errors must not echo the input either.
		await api.borger.update
			.mutate({ borgerId, baseVersion: 1, patch: { cpr: 'Zacharias 99' } })
			.catch(() => undefined);
		await eventually(
			() => server.output().includes('"route":"/api/trpc/[...trpc]"'),
			'the tRPC requests in the log'
		);
		const out = server.output().slice(mark);
		expect(out).toContain('"reqId"');
		for (const secret of [
			PEOPLE.lene.email,
			'lene@',
			PEOPLE.lene.name,
			'Zacharias',
			'Pedantsen',
			'020304',
			'5678',
			'tavla-demo',
			'forkert-kode'
		]) {
			expect(out, `log contains ${secret}`).not.toContain(secret);
		}
	});

	it('serves Prometheus metrics to local scrapers', async () => {
		const res = await fetch(`${server.url}/metrics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/plain');
		const text = await res.text();
		expect(text).toMatch(
			/tavla_http_requests_total\{method="GET",route="\/login",status="200"\} \d+/
		);
		expect(text).toContain('tavla_http_request_duration_seconds_bucket');
		expect(text).toContain('tavla_socket_connections');
		expect(text).toContain('tavla_edits_total');
		expect(text).toContain('tavla_db_pool_total_connections');
		expect(text).toContain('tavla_process_resident_memory_bytes');
	});

	it('counts live edits and socket connections', async () => {
		const lene = await signIn(server.url, PEOPLE.lene.email);
		const team = await loadDemoTeam(server.url, lene, await signIn(server.url, PEOPLE.hanne.email));
		const socket = await connect(server.url, lene);
		const borgerId = team.active[1]!;
		expect((await emitAck(socket, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		// Structured edits arrive over tRPC; they are counted as edits all the same.
		const added = await trpcClient(server.url, lene).borger.addItem.mutate({
			borgerId,
			kind: 'aftaler',
			data: { description: 'måling' }
		});
		expect(added.version).toBe(1);
		const text = await (await fetch(`${server.url}/metrics`)).text();
		expect(text).toMatch(/tavla_edits_total\{kind="item"\} [1-9]/);
		expect(text).toMatch(/tavla_socket_connections [1-9]/);
		socket.close();
	});
});

describe('upload limits', () => {
	it('refuses oversized bodies at the HTTP layer and wrong types or sizes with a clean 400', async () => {
		const server = await start();
		const lene = await signIn(server.url, PEOPLE.lene.email);
		const team = await loadDemoTeam(server.url, lene, await signIn(server.url, PEOPLE.hanne.email));
		const api = trpcClient(server.url, lene);
		const status = async (p: Promise<unknown>) => {
			try {
				await p;
				return 200;
			} catch (err) {
				return (err as { data?: { httpStatus?: number } }).data?.httpStatus ?? -1;
			}
		};
		const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
		// Not a spreadsheet, by name or by content.
		expect(
			await status(
				api.borger.importPreview.mutate({
					teamId: team.teamId,
					filename: 'virus.exe',
					base64: b64(100)
				})
			)
		).toBe(400);
		expect(
			await status(
				api.borger.importPreview.mutate({
					teamId: team.teamId,
					filename: 'fake.xlsx',
					base64: b64(5000)
				})
			)
		).toBe(400);
		// 2.5 MB: over the 2 MB file limit (the base64 text is over its 3 MB cap).
		expect(
			await status(
				api.borger.importPreview.mutate({
					teamId: team.teamId,
					filename: 'big.csv',
					base64: b64(2_500_000)
				})
			)
		).toBe(400);
		// A 6 MB body never reaches the application (BODY_SIZE_LIMIT 4 MB).
		const huge = await fetch(`${server.url}/api/trpc/borger.importPreview`, {
			method: 'POST',
			headers: { cookie: lene, 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({
				teamId: team.teamId,
				filename: 'x.csv',
				base64: 'A'.repeat(6_000_000)
			})
		});
		// adapter-node aborts the body stream at the limit (413); tRPC reports the unreadable
		// body as 400. Either way nothing is parsed and no 500.
		expect([400, 413]).toContain(huge.status);
		// And the server is still healthy.
		expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
		await server.stop();
	});
});

describe('security headers, cookies and the metrics token', () => {
	it('sends CSP and security headers, sets strict session cookie flags, and guards /metrics', async () => {
		const token = 'a-long-metrics-token-for-tests';
		const origin = 'https://tavla.example.dk';
		const server = await start({ ORIGIN: origin, TAVLA_METRICS_TOKEN: token });
		const page = await fetch(`${server.url}/login`);
		const h = page.headers;
		const csp = h.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+'| 'nonce-[^']+')+/);
		expect(csp).not.toContain('unsafe-eval');
		expect(h.get('x-frame-options')).toBe('DENY');
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('referrer-policy')).toBe('same-origin');
		expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
		expect(h.get('strict-transport-security')).toContain('max-age=31536000');
		expect(h.get('cache-control')).toBe('private, no-store');

		const res = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin
			},
			body: new URLSearchParams({ email: PEOPLE.lene.email, password: 'tavla-demo' }).toString(),
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tavla_session='))!;
		expect(cookie).toBeTruthy();
		expect(cookie).toMatch(/; HttpOnly/i);
		expect(cookie).toMatch(/; Secure/i);
		expect(cookie).toMatch(/; SameSite=Lax/i);
		expect(cookie).toMatch(/; Path=\//i);

		// With a token, even local scrapers must present it.
		expect((await fetch(`${server.url}/metrics`)).status).toBe(403);
		const wrong = await fetch(`${server.url}/metrics`, {
			headers: { authorization: 'Bearer not-the-token-at-all' }
		});
		expect(wrong.status).toBe(403);
		const right = await fetch(`${server.url}/metrics`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(right.status).toBe(200);
		expect(await right.text()).toContain('tavla_http_requests_total');
	});
});

describe('graceful shutdown', () => {
	/** A signed-in socket in a borger's room with a note editor open. */
	async function editor(server: RunningServer, index: number) {
		const lene = await signIn(server.url, PEOPLE.lene.email);
		const team = await loadDemoTeam(server.url, lene, await signIn(server.url, PEOPLE.hanne.email));
		const borgerId = team.active[index]!;
		const socket = await connect(server.url, lene, { reconnection: false });
		expect((await emitAck(socket, 'subscribe', { type: 'borger', borgerId })).ok).toBe(true);
		const note = new NoteClient(socket, borgerId, 'maal');
		await note.resync();
		const reasons: string[] = [];
		socket.on('disconnect', (reason) => reasons.push(reason));
		const exited = new Promise<number | null>((resolve) => server.proc.once('exit', resolve));
		return { borgerId, socket, note, reasons, exited };
	}

	async function noteOnDisk(dataDir: string, borgerId: string): Promise<string | undefined> {
		const h = await openPglite(dataDir);
		try {
			const row = await sql<{ body: string }>`
				select body from section_note where borger_id = ${borgerId} and section = 'maal'`.execute(h.db);
			return row.rows[0]?.body;
		} finally {
			await h.close();
		}
	}

	it('stops readiness first, serves open work, then tells sockets to reconnect', async () => {
		const server = await start({ TAVLA_SHUTDOWN_DELAY_MS: '2000' });
		const e = await editor(server, 2);
		server.proc.kill('SIGTERM');
		await sleep(300);
		// Readiness is off at once; liveness and ordinary requests still work.
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(503);
		expect(await ready.json()).toMatchObject({ ready: false, phase: 'stopping' });
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const page = await fetch(`${server.url}/login`);
		expect(page.status).toBe(200);
		expect(page.headers.get('connection')).toBe('close');
		expect(e.socket.connected).toBe(true);
		// Then the live connection is closed in a way the client reconnects from by itself
		// (socket.io reconnects after 'transport close', not after 'io server disconnect').
		await eventually(() => e.reasons.length > 0, 'the socket to be disconnected', 10_000);
		expect(e.reasons[0]).toBe('transport close');
		expect(await e.exited).toBe(0);
		expect(server.output()).toContain('shutdown complete');
		e.socket.close();
		e.note.destroy();
	});

	it('flushes the pending note text before the process ends', async () => {
		// No drain delay: the process ends well within the 1 s debounce of the note's
		// plain-text copy, so only the shutdown flush can have written it.
		const server = await start({ TAVLA_SHUTDOWN_DELAY_MS: '0' });
		const e = await editor(server, 3);
		e.note.text.insert(0, 'Skrevet lige før nedlukning. ');
		await eventually(() => e.note.settled, 'the note update acknowledged', 5_000, 5);
		const sent = Date.now();
		server.proc.kill('SIGTERM');
		expect(await e.exited).toBe(0);
		expect(Date.now() - sent, 'shutdown faster than the debounce').toBeLessThan(1_000);
		expect(await noteOnDisk(server.dataDir!, e.borgerId)).toContain('Skrevet lige før nedlukning.');
		e.socket.close();
		e.note.destroy();
	});

	it('answers 503 on /readyz and 200 on /healthz while still starting', async () => {
		const port = await findFreePort();
		const url = `http://127.0.0.1:${port}`;
		const starting = startServer({ port });
		const seen: { live: number; ready: number; body: unknown }[] = [];
		let done = false;
		void starting.finally(() => (done = true));
		// Migrations and the demo seed take seconds: probe until the server is ready.
		while (!done) {
			try {
				const [live, ready] = await Promise.all([fetch(`${url}/healthz`), fetch(`${url}/readyz`)]);
				seen.push({ live: live.status, ready: ready.status, body: await ready.json() });
				if (ready.status === 200) break;
			} catch {
				// not listening yet
			}
			await sleep(50);
		}
		running.push(await starting);
		const early = seen.find((s) => s.ready === 503);
		expect(early, 'a probe during start-up').toBeTruthy();
		expect(early).toMatchObject({ live: 200, body: { status: 'starting' } });
		expect((await fetch(`${url}/readyz`)).status).toBe(200);
	});
});
