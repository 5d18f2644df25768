import type { Executor } from '../db';

/**
 * The change history: one row per changed field, with old and new value, who and when.
 * Nothing in a borger record changes without a row here.
 */
export interface ChangeContext {
	teamId: string;
	borgerId: string | null;
	actorId: string | null;
	source?: 'web' | 'import' | 'meeting' | 'live' | 'system';
}

export interface FieldChange {
	field: string;
	old: unknown;
	new: unknown;
}

export async function recordChanges(
	db: Executor,
	ctx: ChangeContext,
	entity: string,
	entityId: string | null,
	entityVersion: number | null,
	changes: FieldChange[]
): Promise<void> {
	if (changes.length === 0) return;
	await db
		.insertInto('change_log')
		.values(
			changes.map((c) => ({
				team_id: ctx.teamId,
				borger_id: ctx.borgerId,
				entity,
				entity_id: entityId,
				entity_version: entityVersion,
				field: c.field,
				old_value: c.old === undefined ? null : JSON.stringify(c.old),
				new_value: c.new === undefined ? null : JSON.stringify(c.new),
				actor_id: ctx.actorId,
				source: ctx.source ?? 'web'
			}))
		)
		.execute();
}

/** Field-by-field difference of two flat objects; keys missing on one side count as null. */
export function diff(
	before: Record<string, unknown>,
	after: Record<string, unknown>
): FieldChange[] {
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	const out: FieldChange[] = [];
	for (const field of keys) {
		const a = before[field] ?? null;
		const b = after[field] ?? null;
		if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field, old: a, new: b });
	}
	return out;
}

/** Fields of an entity changed by others since `baseVersion` (for merge-or-conflict). */
export async function fieldsChangedSince(
	db: Executor,
	entity: string,
	entityId: string,
	baseVersion: number
): Promise<Set<string>> {
	const rows = await db
		.selectFrom('change_log')
		.select('field')
		.distinct()
		.where('entity', '=', entity)
		.where('entity_id', '=', entityId)
		.where('entity_version', '>', baseVersion)
		.execute();
	return new Set(rows.map((r) => r.field));
}
