import { sql } from 'kysely';
import { z } from '$lib/zod';
import { isoDate } from '$lib/schemas/borger';
import type { Executor } from '../db';

/** Reading the access log (team lead) with filters; newest first, paged by id. */

export const accessLogFilter = z.object({
	borgerId: z.uuid().optional(),
	userId: z.uuid().optional(),
	action: z.enum(['read', 'write', 'export', 'denied']).optional(),
	from: isoDate.optional(),
	to: isoDate.optional(),
	/** Page: rows with a smaller id than this. */
	before: z.coerce.number().int().positive().optional(),
	limit: z.number().int().min(1).max(500).default(100)
});
export type AccessLogFilter = z.input<typeof accessLogFilter>;

export interface AccessLogRow {
	id: number;
	at: Date;
	borgerId: string | null;
	borgerName: string | null;
	actorKind: 'member' | 'guest' | 'system';
	userId: string | null;
	actorName: string;
	action: 'read' | 'write' | 'export' | 'denied';
	feature: string;
	categories: string[];
	basisKind: 'consent' | 'legal' | 'enrolment' | null;
	basisId: string | null;
	basisLabel: string | null;
}

export async function listAccessLog(
	db: Executor,
	teamId: string,
	raw: AccessLogFilter
): Promise<AccessLogRow[]> {
	const f = accessLogFilter.parse(raw);
	let q = db
		.selectFrom('access_log as l')
		.leftJoin('borger as b', 'b.id', 'l.borger_id')
		.leftJoin('consent as c', 'c.id', 'l.basis_id')
		.leftJoin('consent_disclosure as d', 'd.id', 'l.basis_id')
		.select([
			sql<number>`l.id::float8`.as('id'),
			'l.at',
			'l.borger_id',
			'b.name as borger_name',
			'l.actor_kind',
			'l.user_id',
			'l.actor_name',
			'l.action',
			'l.feature',
			'l.categories',
			'l.basis_kind',
			'l.basis_id',
			sql<string | null>`coalesce(c.actor_label, d.legal_reference)`.as('basis_label')
		])
		.where('l.team_id', '=', teamId);
	if (f.borgerId) q = q.where('l.borger_id', '=', f.borgerId);
	if (f.userId) q = q.where('l.user_id', '=', f.userId);
	if (f.action) q = q.where('l.action', '=', f.action);
	if (f.from) q = q.where(sql<boolean>`l.at >= ${f.from}::date`);
	if (f.to) q = q.where(sql<boolean>`l.at < ${f.to}::date + 1`);
	if (f.before) q = q.where(sql<boolean>`l.id < ${f.before}`);
	const rows = await q.orderBy('l.id', 'desc').limit(f.limit).execute();
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		borgerId: r.borger_id,
		borgerName: r.borger_name,
		actorKind: r.actor_kind,
		userId: r.user_id,
		actorName: r.actor_name,
		action: r.action,
		feature: r.feature,
		categories: r.categories,
		basisKind: r.basis_kind,
		basisId: r.basis_id,
		basisLabel: r.basis_label
	}));
}
