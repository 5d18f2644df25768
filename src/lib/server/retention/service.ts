import { sql } from 'kysely';
import type { DB, Executor } from '../db';
import type { RetentionReport } from '../db/schema';
import { logger } from '../log';

/**
 * Retention (DOMAIN.md §11.15): a closed course is read-only; after the team's retention
 * period (months after closure) the borger is anonymised by a scheduled job. The borger
 * row stays as an anonymous shell (so meeting statistics, the access log and foreign keys
 * hold); every row of borger content is deleted; meeting texts about the borger are
 * blanked. Each run stores a report of what was removed.
 */

/** Meeting records keep their row (counts, attendance) but lose the text about the borger. */
const BLANK: Record<string, (id: string) => ReturnType<typeof sql>> = {
	agenda_item: (id) =>
		sql`update agenda_item set title = 'Anonymiseret borger', notes = '', guest_label = null where borger_id = ${id}`,
	decision: (id) => sql`update decision set text = '[anonymiseret]' where borger_id = ${id}`,
	task: (id) => sql`update task set description = '[anonymiseret]' where borger_id = ${id}`,
	case_request: (id) =>
		sql`update case_request set reason = '[anonymiseret]' where borger_id = ${id}`
};
/** Never cleared: the shell itself and the evidence of who accessed what. */
const KEEP = new Set(['borger', 'access_log', 'retention_run']);
/** Children before parents. Tables not listed (added later) are tried afterwards, in passes. */
const FIRST = [
	'guest_task',
	'guest_note',
	'guest_invitation',
	'note_update',
	'note_snapshot',
	'section_note',
	'borger_item',
	'borger_secondary_contact',
	'risk_assessment',
	'crisis_plan',
	'scaling_event',
	'change_log',
	'consent_disclosure',
	'consent'
];

async function borgerTables(db: Executor): Promise<string[]> {
	const r = await sql<{ table_name: string }>`
		select c.table_name from information_schema.columns c
		join information_schema.tables t
			on t.table_name = c.table_name and t.table_schema = c.table_schema
		where c.column_name = 'borger_id' and c.table_schema = current_schema()
			and t.table_type = 'BASE TABLE'
	`.execute(db);
	return r.rows.map((x) => x.table_name).filter((t) => !KEEP.has(t));
}

async function anonymiseOne(
	db: DB,
	borgerId: string,
	tables: string[],
	removed: Record<string, number>,
	failed: Set<string>
) {
	await db.transaction().execute(async (trx) => {
		for (const [table, stmt] of Object.entries(BLANK)) {
			if (!tables.includes(table)) continue;
			await stmt(borgerId).execute(trx);
		}
		let pending = [
			...FIRST.filter((t) => tables.includes(t)),
			...tables.filter((t) => !FIRST.includes(t) && !(t in BLANK))
		];
		// Tables added by later features: delete in passes until nothing more can go.
		for (let pass = 0; pending.length > 0 && pass < 5; pass++) {
			const next: string[] = [];
			for (const table of pending) {
				try {
					await sql`savepoint retention_step`.execute(trx);
					const r =
						await sql`delete from ${sql.table(table)} where borger_id = ${borgerId}`.execute(trx);
					await sql`release savepoint retention_step`.execute(trx);
					removed[table] = (removed[table] ?? 0) + Number(r.numAffectedRows ?? 0);
				} catch {
					await sql`rollback to savepoint retention_step`.execute(trx);
					next.push(table);
				}
			}
			if (next.length === pending.length) break;
			pending = next;
		}
		for (const t of pending) failed.add(t);
		await trx
			.updateTable('borger')
			.set({
				name: 'Anonymiseret borger',
				initials: 'AN',
				cpr: null,
				birth_year: null,
				case_manager_id: null,
				staff_safety: null,
				closed_reason: null,
				last_discussed_on: null
			})
			.where('id', '=', borgerId)
			.execute();
	});
}

/** Anonymise every course of the team closed longer ago than its retention period. */
export async function runRetention(
	db: DB,
	teamId: string,
	opts: { now?: Date; runBy?: string | null } = {}
): Promise<{ runId: string; report: RetentionReport }> {
	const now = opts.now ?? new Date();
	const team = await db
		.selectFrom('team')
		.select('retention_months')
		.where('id', '=', teamId)
		.executeTakeFirstOrThrow();
	const cutoff = new Date(now);
	cutoff.setUTCMonth(cutoff.getUTCMonth() - team.retention_months);
	const due = await db
		.selectFrom('borger')
		.select(['id', 'closed_at'])
		.where('team_id', '=', teamId)
		.where('status', '=', 'afsluttet')
		.where('closed_at', '<', cutoff)
		.where('name', '!=', 'Anonymiseret borger')
		.execute();
	const tables = await borgerTables(db);
	const removed: Record<string, number> = {};
	const failed = new Set<string>();
	for (const b of due) await anonymiseOne(db, b.id, tables, removed, failed);
	const report: RetentionReport = {
		borgere: due.map((b) => ({ id: b.id, closedAt: b.closed_at!.toISOString() })),
		removed,
		failed: [...failed]
	};
	const run = await db
		.insertInto('retention_run')
		.values({
			team_id: teamId,
			cutoff,
			borger_count: due.length,
			report: JSON.stringify(report),
			run_by: opts.runBy ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (failed.size) logger.warn({ teamId, failed: [...failed] }, 'retention left borger data');
	return { runId: run.id, report };
}

export async function retentionStatus(db: Executor, teamId: string) {
	const [team, runs] = await Promise.all([
		db
			.selectFrom('team')
			.select('retention_months')
			.where('id', '=', teamId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('retention_run')
			.select(['id', 'run_at', 'cutoff', 'borger_count', 'report'])
			.where('team_id', '=', teamId)
			.orderBy('run_at', 'desc')
			.limit(20)
			.execute()
	]);
	return {
		retentionMonths: team.retention_months,
		runs: runs.map((r) => ({
			id: r.id,
			runAt: r.run_at,
			cutoff: r.cutoff,
			borgerCount: r.borger_count,
			report: r.report
		}))
	};
}

export async function setRetention(db: Executor, teamId: string, months: number) {
	await db.updateTable('team').set({ retention_months: months }).where('id', '=', teamId).execute();
}

/** The scheduled job: every team, once a day. */
export function scheduleRetention(getDb: () => Promise<DB>, everyMs = 24 * 3600_000) {
	const run = async () => {
		try {
			const db = await getDb();
			const teams = await db.selectFrom('team').select('id').execute();
			for (const t of teams) {
				const r = await runRetention(db, t.id);
				if (r.report.borgere.length)
					logger.info({ teamId: t.id, count: r.report.borgere.length }, 'retention anonymised');
			}
		} catch (err) {
			logger.error({ err }, 'retention job failed');
		}
	};
	const timer = setInterval(() => void run(), everyMs);
	timer.unref();
	setTimeout(() => void run(), 60_000).unref();
	return timer;
}
