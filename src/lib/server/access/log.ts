import type { SectionKey } from '$lib/domain/sections';
import type { Basis } from '$lib/domain/consent';
import type { Executor } from '../db';
import { logger } from '../log';

/**
 * The access log: one append-only row per read, write, export or refused attempt on
 * borger data (who, when, which categories, through which feature, on which basis).
 * Written by the access module itself, so no caller can forget it; the table refuses
 * UPDATE and DELETE (migration 0005).
 */
export interface AccessLogEntry {
	teamId: string | null;
	borgerId: string | null;
	actor:
		| { kind: 'member'; userId: string; name: string }
		| { kind: 'guest'; guestId: string; name: string }
		| { kind: 'system'; name: string };
	action: 'read' | 'write' | 'export' | 'denied';
	feature: string;
	categories?: readonly SectionKey[];
	basis?: Basis | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function row(e: AccessLogEntry) {
	return {
		team_id: e.teamId,
		// A tampered id that is not even a uuid is kept in the feature text, not the column.
		borger_id: e.borgerId && UUID.test(e.borgerId) ? e.borgerId : null,
		actor_kind: e.actor.kind,
		user_id: e.actor.kind === 'member' ? e.actor.userId : null,
		guest_id: e.actor.kind === 'guest' ? e.actor.guestId : null,
		actor_name: e.actor.name.slice(0, 200),
		action: e.action,
		feature: e.feature.slice(0, 120),
		categories: [...(e.categories ?? [])],
		basis_kind: e.basis?.kind ?? null,
		basis_id: e.basis?.id ?? null
	};
}

export async function writeAccessLog(db: Executor, entries: AccessLogEntry[]): Promise<void> {
	if (entries.length === 0) return;
	await db.insertInto('access_log').values(entries.map(row)).execute();
}

/**
 * Log a refused attempt. The caller is about to throw, which rolls back an enclosing
 * transaction, so inside one the row would be lost: there we can only write it to the
 * server log. Outside a transaction it goes to the table.
 */
export async function logDenied(db: Executor, entry: Omit<AccessLogEntry, 'action'>) {
	const e: AccessLogEntry = { ...entry, action: 'denied' };
	if (db.isTransaction) {
		logger.warn({ feature: e.feature, actor: e.actor.kind }, 'access denied inside transaction');
		return;
	}
	try {
		await writeAccessLog(db, [e]);
	} catch (err) {
		// Refusing must never turn into a 500 because the log failed.
		logger.error({ err }, 'access log write failed');
	}
}

/**
 * One log entry per basis: the sections read under consent A, those under a legal
 * basis, and those on the team's enrolment, each with its own basis.
 */
export function byBasis(
	read: ReadonlyMap<SectionKey, Basis>,
	only?: ReadonlySet<SectionKey>
): { basis: Basis; categories: SectionKey[] }[] {
	const groups = new Map<string, { basis: Basis; categories: SectionKey[] }>();
	for (const [section, basis] of read) {
		if (only && !only.has(section)) continue;
		const key = `${basis.kind}:${basis.id ?? ''}`;
		const g = groups.get(key) ?? { basis, categories: [] };
		g.categories.push(section);
		groups.set(key, g);
	}
	return [...groups.values()];
}
