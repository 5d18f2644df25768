import { sql, type Kysely } from 'kysely';

/**
 * Run a script of plain SQL statements, one at a time. Both drivers send queries as
 * prepared statements, which hold one command each, so the script is split at
 * semicolons that end a line. Write function bodies (which contain such
 * semicolons) as a separate `sql` call instead.
 */
export async function runSql(db: Kysely<unknown>, script: string): Promise<void> {
	const statements = script
		.split(/;\s*(?:\n|$)/)
		.map((s) => s.trim())
		.filter(Boolean);
	for (const statement of statements) await sql.raw(statement).execute(db);
}
