import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or, when the
 * integration:postgres project runs, a new database on the server named in
 * DATABASE_URL (dropped again on close), so parallel files and CI runs never collide.
 */
export async function createTestDb(): Promise<DbHandle> {
	const handle =
		process.env.TAVLA_TEST_DB === 'postgres' ? await createPostgresDb() : await openPglite();
	await migrateToLatest(handle.db);
	return handle;
}

async function createPostgresDb(): Promise<DbHandle> {
	const url = process.env.DATABASE_URL;
	if (!url) throw new Error('TAVLA_TEST_DB=postgres needs DATABASE_URL');
	const name = `tavla_test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	await admin.end();
	const dbUrl = new URL(url);
	dbUrl.pathname = `/${name}`;
	const handle = openPostgres(dbUrl.toString(), 5);
	return {
		...handle,
		async close() {
			await handle.close();
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			await c.query(`drop database if exists "${name}" with (force)`);
			await c.end();
		}
	};
}
