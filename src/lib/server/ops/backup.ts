import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Migrator, sql } from 'kysely';
import { migrations } from '../../../../db/migrations';
import type { DB } from '../db';
import { migrateToLatest } from '../db/migrate';

/**
 * Portable export/import of the whole database as JSON lines, the same on PGlite and
 * PostgreSQL, so a team can move from the embedded database to a server (or back, or
 * between servers) without losing anything.
 *
 * File layout, one JSON value per line:
 *   {"format":"tavla-export","version":1,"migrations":[...],"exportedAt":"..."}
 *   {"t":"<table>","r":{...row as to_jsonb...}}       (tables in foreign-key order)
 *   {"end":true,"counts":{"<table>":n,...}}              (a truncated file is refused)
 *
 * Rows are rendered by PostgreSQL itself (`to_jsonb`) and read back with
 * `jsonb_populate_recordset`, so every type (uuid, timestamptz, date, jsonb, arrays,
 * bytea as \x-hex) round-trips exactly, with no per-table code to keep up to date.
 */

export const EXPORT_FORMAT = 'tavla-export';
export const EXPORT_VERSION = 1;
/** Migration bookkeeping and socket.io's transient adapter table are not data. */
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock', 'socket_io_attachments']);
const READ_BATCH = 5_000;
const WRITE_BATCH = 500;

interface TableInfo {
	name: string;
	columns: string[];
	/** Primary key columns (for a stable order and for self-reference updates). */
	pk: string[];
	/** Columns referencing the same table (e.g. a sub-goal's parent): set in a second pass. */
	selfRefs: string[];
	/** Columns backed by a sequence or identity, reset after import. */
	serials: string[];
}

const ident = (name: string) => sql.id(name);

/** All data tables with their columns, parents before children. */
export async function tablesInOrder(db: DB): Promise<TableInfo[]> {
	const tables = (
		await sql<{ name: string }>`
			select table_name as name from information_schema.tables
			where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
	).rows
		.map((r) => r.name)
		.filter((n) => !SKIP.has(n));
	const cols = (
		await sql<{ table: string; column: string; serial: boolean }>`
			select c.relname as table, a.attname as column,
				(a.attidentity <> '' or pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null) as serial
			from pg_attribute a join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
				and a.attgenerated = ''
			order by c.relname, a.attnum`.execute(db)
	).rows;
	const fks = (
		await sql<{ child: string; parent: string; columns: string[] }>`
			select c.relname as child, p.relname as parent,
				array(select attname from pg_attribute where attrelid = k.conrelid and attnum = any(k.conkey))::text[] as columns
			from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
			join pg_namespace n on n.oid = c.relnamespace
			where k.contype = 'f' and n.nspname = 'public'`.execute(db)
	).rows;
	const pks = (
		await sql<{ table: string; columns: string[] }>`
			select c.relname as table,
				array(select attname from pg_attribute where attrelid = k.conrelid and attnum = any(k.conkey))::text[] as columns
			from pg_constraint k join pg_class c on c.oid = k.conrelid
			join pg_namespace n on n.oid = c.relnamespace
			where k.contype = 'p' and n.nspname = 'public'`.execute(db)
	).rows;

	const info = new Map<string, TableInfo>();
	for (const name of tables) {
		const mine = cols.filter((c) => c.table === name);
		info.set(name, {
			name,
			columns: mine.map((c) => c.column),
			pk: pks.find((p) => p.table === name)?.columns ?? [],
			selfRefs: fks.filter((f) => f.child === name && f.parent === name).flatMap((f) => f.columns),
			serials: mine.filter((c) => c.serial).map((c) => c.column)
		});
	}
	// Topological order over foreign keys between different tables.
	const order: TableInfo[] = [];
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (name: string, path: string[]) => {
		if (state.get(name) === 'done' || !info.has(name)) return;
		if (state.get(name) === 'visiting')
			throw new Error(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
		state.set(name, 'visiting');
		for (const f of fks)
			if (f.child === name && f.parent !== name) visit(f.parent, [...path, name]);
		state.set(name, 'done');
		order.push(info.get(name)!);
	};
	for (const name of tables) visit(name, []);
	return order;
}

async function appliedMigrations(db: DB): Promise<string[]> {
	const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
		db
	);
	return rows.rows.map((r) => r.name);
}

export interface ExportResult {
	counts: Record<string, number>;
	migrations: string[];
}

/** Writes the whole database to `file`, read in one consistent snapshot. */
export async function exportDatabase(db: DB, file: string): Promise<ExportResult> {
	const out = createWriteStream(file, { encoding: 'utf8' });
	const write = async (value: unknown) => {
		if (!out.write(JSON.stringify(value) + '\n')) await once(out, 'drain');
	};
	const result = await db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const names = await appliedMigrations(trx as unknown as DB);
			await write({
				format: EXPORT_FORMAT,
				version: EXPORT_VERSION,
				migrations: names,
				exportedAt: new Date().toISOString()
			});
			const counts: Record<string, number> = {};
			for (const table of await tablesInOrder(trx as unknown as DB)) {
				let n = 0;
				const orderBy = table.pk.length > 0 ? table.pk : table.columns;
				for (let offset = 0; ; offset += READ_BATCH) {
					const rows = await sql<{ j: string }>`
						select to_jsonb(x)::text as j from ${ident(table.name)} x
						order by ${sql.join(orderBy.map((c) => sql.ref(`x.${c}`)))}
						limit ${READ_BATCH} offset ${offset}`.execute(trx);
					for (const row of rows.rows) {
						// Splice the row text in as is: no parse/serialise round trip per row.
						if (!out.write(`{"t":${JSON.stringify(table.name)},"r":${row.j}}\n`))
							await once(out, 'drain');
					}
					n += rows.rows.length;
					if (rows.rows.length < READ_BATCH) break;
				}
				counts[table.name] = n;
			}
			await write({ end: true, counts });
			return { counts, migrations: names };
		});
	out.end();
	await once(out, 'finish');
	return result;
}

export class ImportError extends Error {}

export interface ImportOptions {
	/** Replace the data of a database that already has users (default: refuse). */
	replace?: boolean;
}

/**
 * Reads an export into `db`: brings the schema to the export's migration, loads every
 * table in one transaction (all or nothing), resets sequences, then migrates to the
 * latest schema this code knows.
 */
export async function importDatabase(
	db: DB,
	file: string,
	opts: ImportOptions = {}
): Promise<ExportResult> {
	const lines = createInterface({
		input: createReadStream(file, { encoding: 'utf8' }),
		crlfDelay: Infinity
	});
	const iter = lines[Symbol.asyncIterator]();
	const first = await iter.next();
	let header: { format?: string; version?: number; migrations?: string[] };
	try {
		header = JSON.parse(first.value ?? '');
	} catch {
		throw new ImportError('not a Tavla export (the first line is not JSON)');
	}
	if (header.format !== EXPORT_FORMAT || header.version !== EXPORT_VERSION || !header.migrations)
		throw new ImportError('not a Tavla export of a known version');
	const unknown = header.migrations.filter((m) => !(m in migrations));
	if (unknown.length > 0)
		throw new ImportError(
			`the export is from a newer Tavla (unknown migrations: ${unknown.join(', ')}); update first`
		);

	// Schema as it was at export time, so the rows fit the columns exactly. Never migrate
	// a database down: one that is already ahead of the export is refused.
	const target = header.migrations.at(-1);
	const before = await appliedMigrations(db).catch(() => [] as string[]);
	if (target && before.some((m) => m > target))
		throw new ImportError(
			`the database is at a newer schema (${before.at(-1)}) than the export (${target}); import into an empty database or update the export`
		);
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const step = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
	if (step.error) throw new ImportError(`migration failed: ${String(step.error)}`);

	const tables = await tablesInOrder(db);
	const byName = new Map(tables.map((t) => [t.name, t]));
	const users = await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(db);
	if ((users.rows[0]?.n ?? 0) > 0 && !opts.replace)
		throw new ImportError('the database already has data; pass --replace to overwrite it');

	const counts: Record<string, number> = {};
	let footer: { end?: boolean; counts?: Record<string, number> } | null = null;
	await db.transaction().execute(async (trx) => {
		await sql`truncate ${sql.join(tables.map((t) => ident(t.name)))} restart identity cascade`.execute(
			trx
		);
		let current: TableInfo | null = null;
		let batch: Record<string, unknown>[] = [];
		let deferred: Record<string, unknown>[] = [];
		const flush = async () => {
			if (!current || batch.length === 0) return;
			const t = current;
			const cols = sql.join(t.columns.map((c) => ident(c)));
			const values = sql.join(
				t.columns.map((c) => (t.selfRefs.includes(c) ? sql`null` : sql.ref(`v.${c}`)))
			);
			await sql`insert into ${ident(t.name)} (${cols}) overriding system value
				select ${values} from jsonb_populate_recordset(null::${ident(t.name)}, ${JSON.stringify(batch)}::jsonb) v`.execute(
				trx
			);
			if (t.selfRefs.length > 0)
				deferred.push(...batch.filter((r) => t.selfRefs.some((c) => r[c] != null)));
			batch = [];
		};
		const finishTable = async () => {
			await flush();
			const t = current;
			if (!t) return;
			// Self-references once every row of the table exists.
			for (let i = 0; i < deferred.length; i += WRITE_BATCH) {
				const part = JSON.stringify(deferred.slice(i, i + WRITE_BATCH));
				await sql`update ${ident(t.name)} x set ${sql.join(
					t.selfRefs.map((c) => sql`${ident(c)} = ${sql.ref(`v.${c}`)}`)
				)} from jsonb_populate_recordset(null::${ident(t.name)}, ${part}::jsonb) v
				where ${sql.join(
					t.pk.map((c) => sql`${sql.ref(`x.${c}`)} = ${sql.ref(`v.${c}`)}`),
					sql` and `
				)}`.execute(trx);
			}
			deferred = [];
			for (const c of t.serials) {
				await sql`select setval(pg_get_serial_sequence(${t.name}, ${c}), coalesce(max(${ident(c)}), 0) + 1, false) from ${ident(t.name)}`.execute(
					trx
				);
			}
		};
		for (;;) {
			const next = await iter.next();
			if (next.done) break;
			if (next.value.trim() === '') continue;
			const line = JSON.parse(next.value) as {
				t?: string;
				r?: Record<string, unknown>;
				end?: boolean;
				counts?: Record<string, number>;
			};
			if (line.end) {
				footer = line;
				break;
			}
			if (!line.t || !line.r) throw new ImportError('malformed line in export');
			if (line.t !== current?.name) {
				await finishTable();
				const t = byName.get(line.t);
				if (!t) throw new ImportError(`unknown table in export: ${line.t}`);
				current = t;
			}
			batch.push(line.r);
			counts[line.t] = (counts[line.t] ?? 0) + 1;
			if (batch.length >= WRITE_BATCH) await flush();
		}
		await finishTable();
		const f = footer as { counts?: Record<string, number> } | null;
		if (!f?.counts)
			throw new ImportError('the export is incomplete (no end marker); nothing imported');
		for (const [name, n] of Object.entries(f.counts)) {
			if ((counts[name] ?? 0) !== n)
				throw new ImportError(
					`table ${name}: expected ${n} rows, read ${counts[name] ?? 0}; nothing imported`
				);
		}
	});
	lines.close();
	await migrateToLatest(db);
	return { counts, migrations: header.migrations };
}
