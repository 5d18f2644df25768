// Export → import round trip of a seeded database: every table must come back with the
// same rows, byte for byte as PostgreSQL renders them, and sequences must continue.
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import type { DB, DbHandle } from '../db';
import { seedDemo } from '../seed/demo';
import { NOTE_SECTIONS } from '$lib/schemas/borger';
import { exportDatabase, importDatabase, ImportError, tablesInOrder } from './backup';

let source: DbHandle;
let target: DbHandle;
let dir: string;

async function snapshot(db: DB): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const t of await tablesInOrder(db)) {
		const rows = await sql<{
			j: string;
		}>`select to_jsonb(x)::text as j from ${sql.id(t.name)} x`.execute(db);
		out[t.name] = rows.rows.map((r) => r.j).sort();
	}
	return out;
}

beforeAll(async () => {
	[source, target] = await Promise.all([createTestDb(), createTestDb()]);
	dir = await mkdtemp(join(tmpdir(), 'tavla-backup-'));
	const seeded = await seedDemo(source.db);
	// Binary data (Yjs note log) and a self-reference (a sub-goal under a goal).
	const borger = await source.db.selectFrom('borger').select(['id']).executeTakeFirstOrThrow();
	const user = await source.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow();
	await source.db
		.insertInto('note_update')
		.values({
			borger_id: borger.id,
			section: NOTE_SECTIONS[0],
			update: new Uint8Array([0, 1, 2, 254, 255]),
			actor_id: user.id
		})
		.execute();
	const sub = await source.db
		.selectFrom('borger_item')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('parent_id', 'is not', null)
		.executeTakeFirstOrThrow();
	// The seed has sub-goals, so the self-reference path is exercised.
	expect(Number(sub.n)).toBeGreaterThan(0);
	expect(seeded).toBeTruthy();
}, 120_000);

afterAll(async () => {
	await source?.close();
	await target?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('database export and import', () => {
	it('round-trips every table exactly', async () => {
		const file = join(dir, 'export.jsonl');
		const exported = await exportDatabase(source.db, file);
		expect(exported.counts.app_user).toBeGreaterThan(0);
		expect(exported.counts.borger).toBeGreaterThan(0);
		expect(exported.counts.change_log).toBeGreaterThan(0);
		expect(exported.counts.note_update).toBeGreaterThan(0);

		const imported = await importDatabase(target.db, file);
		expect(imported.counts).toEqual(
			Object.fromEntries(Object.entries(exported.counts).filter(([, n]) => n > 0))
		);
		const [a, b] = await Promise.all([snapshot(source.db), snapshot(target.db)]);
		expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
		for (const table of Object.keys(a)) {
			expect(b[table]!.length, `${table} row count`).toBe(a[table]!.length);
			expect(b[table], `${table} contents`).toEqual(a[table]);
		}
		// bytea survived as bytes.
		const note = await target.db
			.selectFrom('note_update')
			.select('update')
			.executeTakeFirstOrThrow();
		expect(Array.from(note.update)).toEqual([0, 1, 2, 254, 255]);
		// Identity sequences continue after the imported ids.
		const max = await sql<{ max: number; next: number }>`
			select (select max(id)::int from change_log) as max,
				nextval(pg_get_serial_sequence('change_log', 'id'))::int as next`.execute(target.db);
		expect(max.rows[0]!.next).toBeGreaterThan(max.rows[0]!.max);
	});

	it('refuses to overwrite a database with data unless told to, and a truncated file', async () => {
		const file = join(dir, 'export2.jsonl');
		await exportDatabase(source.db, file);
		await expect(importDatabase(target.db, file)).rejects.toBeInstanceOf(ImportError);
		const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
		const cut = join(dir, 'cut.jsonl');
		await writeFile(cut, lines.slice(0, -5).join('\n') + '\n');
		const before = await snapshot(target.db);
		await expect(importDatabase(target.db, cut, { replace: true })).rejects.toThrow(/incomplete/);
		// All or nothing: the failed import changed nothing.
		expect(await snapshot(target.db)).toEqual(before);
		// With --replace a complete file goes in.
		await importDatabase(target.db, file, { replace: true });
		expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
	});
});
