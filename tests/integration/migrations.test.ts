import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { DbHandle } from '../../src/lib/server/db';
import { createTestDb } from '$tests/db';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
// Dated names: `2026-11-23-0001_x` or, per area, `2026-12-07-k-01_x`.
const MIGRATION_FILE = /^\d{4}-\d{2}-\d{2}-(\d{4}|[a-z]+-\d{2})_.+\.ts$/;

// Every table the code's schema (src/lib/server/db/schema.ts) expects.
const APP_TABLES = [
	'app_user',
	'auth_token',
	'membership',
	'organisation',
	'rate_limit',
	'session',
	'team'
];

let handle: DbHandle;

beforeAll(async () => {
	handle = await createTestDb();
});

afterAll(async () => {
	await handle?.close();
});

async function publicTables(): Promise<string[]> {
	const result = await sql<{ name: string }>`
		select table_name::text as name
		from information_schema.tables
		where table_schema = 'public' and table_type = 'BASE TABLE'
		order by table_name
	`.execute(handle.db);
	return result.rows.map((r) => r.name);
}

async function appliedMigrations(): Promise<string[]> {
	const result = await sql<{ name: string }>`
		select name from kysely_migration order by name
	`.execute(handle.db);
	return result.rows.map((r) => r.name);
}

describe('migrations', () => {
	it('apply on a fresh database and create every table', async () => {
		const tables = await publicTables();
		for (const table of APP_TABLES) expect(tables).toContain(table);
		expect(tables).toContain('kysely_migration');
	});

	it('record every migration as applied, in name order', async () => {
		expect(await appliedMigrations()).toEqual(Object.keys(migrations).sort());
	});

	it('are a no-op when run again', async () => {
		const tablesBefore = await publicTables();
		const appliedBefore = await appliedMigrations();
		const result = await migrateToLatest(handle.db);
		expect(result.error).toBeUndefined();
		expect(result.results).toEqual([]);
		expect(await publicTables()).toEqual(tablesBefore);
		expect(await appliedMigrations()).toEqual(appliedBefore);
	});

	it('list every migration file in db/migrations/index.ts', async () => {
		const files = readdirSync(MIGRATIONS_DIR).filter((f) => MIGRATION_FILE.test(f));
		expect(files.length).toBeGreaterThan(0);
		const listed = Object.keys(migrations);
		for (const file of files) {
			const name = file.replace(/\.ts$/, '');
			expect(listed, `${file} is not listed in db/migrations/index.ts`).toContain(name);
			// The entry must be that file's module, not another one under the same name.
			const mod: unknown = await import(/* @vite-ignore */ `${MIGRATIONS_DIR}${file}`);
			expect(migrations[name], `${name} points to another module`).toBe(mod);
		}
	});

	it('list no migration that has no file, and only well-named ones', () => {
		const files = new Set(
			readdirSync(MIGRATIONS_DIR)
				.filter((f) => MIGRATION_FILE.test(f))
				.map((f) => f.replace(/\.ts$/, ''))
		);
		for (const name of Object.keys(migrations)) {
			expect(MIGRATION_FILE.test(`${name}.ts`), `${name} is badly named`).toBe(true);
			expect(files.has(name), `${name} has no file`).toBe(true);
			expect(typeof migrations[name]?.up).toBe('function');
		}
	});
});
