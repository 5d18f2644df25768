// Databases for tests: a migrated one per integration test file, and empty PostgreSQL
// databases for the built servers (which migrate on start).
import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or, when the
 * integration:postgres project runs, a new database on the server named in
 * DATABASE_URL (dropped again on close), so parallel files and CI runs never collide.
 */
export async function createTestDb(): Promise<DbHandle> {
	if (process.env.TAVLA_TEST_DB !== 'postgres') {
		const handle = await openPglite();
		await migrateToLatest(handle.db);
		return handle;
	}
	if (!process.env.DATABASE_URL) throw new Error('TAVLA_TEST_DB=postgres needs DATABASE_URL');
	const created = await createPgDatabase('tavla_test');
	const handle = openPostgres(created.url, 5);
	try {
		await migrateToLatest(handle.db);
	} catch (err) {
		await handle.close();
		await dropPgDatabase(created);
		throw err;
	}
	return {
		...handle,
		async close() {
			await handle.close();
			await dropPgDatabase(created);
		}
	};
}

export interface PgDatabase {
	name: string;
	url: string;
}

/** A new, empty database on the server named in DATABASE_URL, uniquely named per process and call. */
export async function createPgDatabase(prefix = 'tavla_rt'): Promise<PgDatabase> {
	const admin = process.env.DATABASE_URL;
	if (!admin) throw new Error('createPgDatabase needs DATABASE_URL');
	const name = `${prefix}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	try {
		await c.query(`create database "${name}"`);
	} finally {
		await c.end();
	}
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return { name, url: url.toString() };
}

export async function dropPgDatabase(db: PgDatabase | undefined): Promise<void> {
	const admin = process.env.DATABASE_URL;
	if (!db || !admin) return;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	try {
		await c.query(`drop database if exists "${db.name}" with (force)`);
	} finally {
		await c.end();
	}
}
