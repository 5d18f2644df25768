import pg from 'pg';
import { sql } from 'kysely';
import { openPglite, openPostgres, type DbHandle, type DbKind } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

/** The server used when DATABASE_URL is not set (the one the integration tests use). */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDb extends DbHandle {
	kind: DbKind;
	/** Human-readable: "PGlite (in-memory)" or the database name on the server. */
	where: string;
}

/** The URL with any password masked, for printing and the results file. */
export function maskUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(unparseable URL)';
	}
}

/**
 * Which PostgreSQL server to use: DATABASE_URL when set, else the default server when it
 * answers within two seconds, else none (the bench then runs on PGlite only).
 */
export async function resolvePostgresUrl(): Promise<{
	url: string | null;
	source: 'DATABASE_URL' | 'default' | 'none';
	reason?: string;
}> {
	const fromEnv = process.env.DATABASE_URL?.trim();
	const url = fromEnv || DEFAULT_POSTGRES_URL;
	const source = fromEnv ? 'DATABASE_URL' : 'default';
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	try {
		await client.connect();
		await client.query('select 1');
		return { url, source };
	} catch (e) {
		if (fromEnv)
			throw new Error(`DATABASE_URL is set but not reachable: ${maskUrl(url)}`, { cause: e });
		return { url: null, source: 'none', reason: (e as Error).message };
	} finally {
		await client.end().catch(() => {});
	}
}

/** Databases created by this process, dropped by `dropAll` even after a failure. */
const created = new Map<string, string>();

export async function openFreshPglite(): Promise<BenchDb> {
	const h = await openPglite();
	await migrateToLatest(h.db);
	return { ...h, where: 'PGlite (in-memory)' };
}

/** A new database on the server for this run, migrated; dropped again on close. */
export async function openFreshPostgres(serverUrl: string, label: string): Promise<BenchDb> {
	const name = `tavla_bench_${label}_${process.pid}_${Date.now()}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`create database "${name}"`);
	} finally {
		await admin.end();
	}
	created.set(name, serverUrl);
	const dbUrl = new URL(serverUrl);
	dbUrl.pathname = `/${name}`;
	const h = openPostgres(dbUrl.toString());
	await migrateToLatest(h.db);
	return {
		...h,
		where: `PostgreSQL database "${name}"`,
		async close() {
			await h.close();
			await dropDatabase(name);
		}
	};
}

async function dropDatabase(name: string): Promise<void> {
	const serverUrl = created.get(name);
	if (!serverUrl) return;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`drop database if exists "${name}" with (force)`);
		created.delete(name);
	} finally {
		await admin.end();
	}
}

/** Drop every database this process created and has not dropped yet. */
export async function dropAll(): Promise<void> {
	for (const name of [...created.keys()]) await dropDatabase(name).catch(() => {});
}

export async function serverVersion(h: DbHandle): Promise<string> {
	const r = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(h.db);
	return r.rows[0]!.v;
}
