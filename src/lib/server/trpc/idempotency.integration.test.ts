import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import { withIdempotency } from './idempotency';

let handle: DbHandle;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
	handle = await createTestDb();
	const users = await handle.db
		.insertInto('app_user')
		.values([
			{ email: 'idem-a@test.tavla', name: 'Ida Idem', initials: 'II', password_hash: null },
			{ email: 'idem-b@test.tavla', name: 'Ib Idem', initials: 'IB', password_hash: null }
		])
		.returning('id')
		.execute();
	userId = users[0]!.id;
	otherUserId = users[1]!.id;
});

afterAll(async () => {
	await handle?.close();
});

function post(path: string, key: string | null, method = 'POST'): Request {
	return new Request(`http://localhost/api/trpc/${path}`, {
		method,
		headers: key === null ? {} : { 'idempotency-key': key },
		...(method === 'POST' ? { body: '{}' } : {})
	});
}

/** A stand-in for the tRPC handler that counts how often the edit really ran. */
function counter(status = 200) {
	let runs = 0;
	return {
		runs: () => runs,
		handle: async () => {
			runs++;
			return Response.json({ result: { data: { run: runs } } }, { status });
		}
	};
}

describe('Idempotency-Key on tRPC edits', () => {
	it('runs an edit once and answers a resend with the first answer', async () => {
		const key = randomUUID();
		const edit = counter();
		const first = await withIdempotency(
			handle.db,
			post('borger.updateItem', key),
			userId,
			edit.handle
		);
		const again = await withIdempotency(
			handle.db,
			post('borger.updateItem', key),
			userId,
			edit.handle
		);
		expect(edit.runs()).toBe(1);
		expect(await first.json()).toEqual({ result: { data: { run: 1 } } });
		expect(again.status).toBe(200);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(await again.json()).toEqual({ result: { data: { run: 1 } } });
	});

	it('keeps keys per user: the same key from someone else is a new edit', async () => {
		const key = randomUUID();
		const edit = counter();
		await withIdempotency(handle.db, post('borger.addItem', key), userId, edit.handle);
		await withIdempotency(handle.db, post('borger.addItem', key), otherUserId, edit.handle);
		expect(edit.runs()).toBe(2);
	});

	it('does not remember refused edits, so they can be retried', async () => {
		const key = randomUUID();
		const refused = counter(409);
		const r = await withIdempotency(handle.db, post('borger.update', key), userId, refused.handle);
		expect(r.status).toBe(409);
		const ok = counter();
		await withIdempotency(handle.db, post('borger.update', key), userId, ok.handle);
		expect(ok.runs()).toBe(1);
	});

	it('refuses bad keys, reads, batches and a key reused for another edit, running nothing', async () => {
		const edit = counter();
		const used = randomUUID();
		await withIdempotency(handle.db, post('borger.addRisk', used), userId, edit.handle);
		const cases = [
			post('borger.update', 'not-a-uuid'),
			post('borger.get', randomUUID(), 'GET'),
			post('borger.update,borger.addItem', randomUUID()),
			post('borger.update', used)
		];
		for (const req of cases) {
			const r = await withIdempotency(handle.db, req, userId, edit.handle);
			expect(r.status).toBe(400);
			const body = (await r.json()) as { error: { message: string } };
			expect(body.error.message).toMatch(/Idempotency-Key/);
		}
		expect(edit.runs()).toBe(1);
	});

	it('passes requests without a key straight through', async () => {
		const stored = () =>
			handle.db
				.selectFrom('idempotency_key')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
				.then((r) => Number(r.n));
		const before = await stored();
		const edit = counter();
		await withIdempotency(handle.db, post('borger.update', null), userId, edit.handle);
		await withIdempotency(handle.db, post('borger.update', null), userId, edit.handle);
		expect(edit.runs()).toBe(2);
		expect(await stored()).toBe(before);
	});
});
