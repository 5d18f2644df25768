import { Kysely, PostgresDialect, type LogEvent, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import type { Database } from './schema';
import { config } from '../config';
import { logger } from '../log';
import { metrics, setPoolSource } from '../ops/metrics';

/**
 * Slow queries and failed queries go to the log with their SQL text (placeholders, never
 * the parameters: those hold personal data) and duration. Threshold: TAVLA_SLOW_QUERY_MS.
 */
function queryLog(event: LogEvent): void {
	const ms = Math.round(event.queryDurationMillis);
	if (event.level === 'error') {
		logger.warn({ ms, sql: event.query.sql.slice(0, 500) }, 'query failed');
	} else if (ms >= config().TAVLA_SLOW_QUERY_MS) {
		metrics().slowQueries.inc();
		logger.warn({ ms, sql: event.query.sql.slice(0, 500) }, 'slow query');
	}
}

export type { Database } from './schema';
export type DB = Kysely<Database>;
/** Either the database handle or an open transaction: domain functions accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
	db: DB;
	kind: DbKind;
	close(): Promise<void>;
}

// node-postgres returns int8 (count, bigint ids) as strings; PGlite returns numbers.
// We cast in SQL (`::int`) wherever counts are read, so both drivers agree.
// Dates (timestamptz) come back as Date on both; plain `date` columns as strings on pg,
// so we make pg parse DATE as a string explicitly (1082) to keep it timezone-free.
pg.types.setTypeParser(1082, (v) => v);

/** Between meetings idle connections may close; within one they should not. */
const IDLE_CLOSE_MS = 5 * 60_000;

export function openPostgres(url: string, max = 10): DbHandle {
	// Connections stay open through the quiet spells of a meeting (pg-pool closes idle
	// ones after 10 s by default). Otherwise the first requests after a minute without
	// edits, typically a team reconnecting and refetching at once, each wait for a new
	// backend to be forked: a record read (several queries in parallel) took 140–173 ms
	// after 12 s idle instead of 13–17 ms warm, and 35–41 ms with the connections kept.
	const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: IDLE_CLOSE_MS });
	// An idle client can lose its connection (server restart, failover, a dropped test
	// database). Without a listener node-postgres would crash the process; the pool
	// replaces the client on next use instead.
	pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres idle connection lost'));
	pool.on('connect', (client) => {
		// The same for a client that is checked out when the server goes away (restart).
		client.on('error', (err) => logger.warn({ err: err.message }, 'postgres connection lost'));
		runPreparedWhereRegistered(client);
	});
	setPoolSource(() => ({
		total: pool.totalCount,
		idle: pool.idleCount,
		waiting: pool.waitingCount
	}));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog });
	return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * SQL texts that run as named prepared statements on PostgreSQL: parsed and planned once
 * per connection instead of on every call. Only for statements on a latency path that
 * run many times a second (a keystroke's INSERT): against local PostgreSQL it took 0.35–0.41
 * ms instead of 0.49–0.59 ms through Kysely unnamed (p50 of 2,000 each, interleaved). The query
 * itself stays a Kysely query; Kysely just cannot name statements, so the client does.
 */
const preparedNames = new Map<string, string>();

export function runAsPreparedStatement(sqlText: string): void {
	if (!preparedNames.has(sqlText)) preparedNames.set(sqlText, `tavla_${preparedNames.size + 1}`);
}

type QueryFn = (text: unknown, values?: unknown, ...rest: unknown[]) => unknown;

function runPreparedWhereRegistered(client: pg.PoolClient): void {
	const query = client.query.bind(client) as QueryFn;
	const prepared: QueryFn = (text, values, ...rest) => {
		const name = typeof text === 'string' ? preparedNames.get(text) : undefined;
		// Kysely calls query(sql, parameters); any other form goes through untouched.
		return name !== undefined && rest.length === 0 && Array.isArray(values)
			? query({ name, text, values })
			: query(text, values, ...rest);
	};
	(client as unknown as { query: QueryFn }).query = prepared;
}

export async function openPglite(dataDir?: string): Promise<DbHandle> {
	if (dataDir && !dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	// Options go in the one-argument form: PGlite ignores them when the first argument
	// is not a string, which an in-memory database (no dataDir) would otherwise hit.
	const pglite = await PGlite.create({
		dataDir,
		// DATE as plain string, like the pg parser above.
		parsers: { 1082: (v: string) => v }
	});
	const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log: queryLog });
	return { db, kind: 'pglite', close: () => db.destroy() };
}

let handle: Promise<DbHandle> | undefined;

/** The process-wide database, opened on first use from configuration. */
export function getDbHandle(): Promise<DbHandle> {
	handle ??= (async () => {
		const cfg = config();
		return cfg.DATABASE_URL ? openPostgres(cfg.DATABASE_URL) : openPglite(cfg.TAVLA_DATA_DIR);
	})();
	return handle;
}

export async function getDb(): Promise<DB> {
	return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
	if (!handle) return;
	const h = await handle;
	handle = undefined;
	await h.close();
}

/**
 * Run `fn` in a transaction, or inside the caller's transaction when `db` already is
 * one. Lets a service step (e.g. a scaling change) join a larger unit of work (a
 * meeting decision) without nesting transactions, which PGlite's single connection
 * cannot do.
 */
export function withTx<T>(
	db: Executor,
	fn: (trx: Transaction<Database>) => Promise<T>
): Promise<T> {
	return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
