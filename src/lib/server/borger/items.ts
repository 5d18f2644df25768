import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { ITEM_SCHEMAS, ITEM_SECTION, type ItemKind } from '$lib/schemas/borger';
import type { DB, Executor } from '../db';
import { assertSection, assertWritable, type BorgerAccess } from '../access/borger';
import { diff, fieldsChangedSince, recordChanges } from './history';
import { StaleEditError, badRequest, notFound, parseOrThrow } from '../errors';
import type { Source } from './write';

/**
 * List items of a record (network, goals, agreements, …): jsonb data validated by the
 * schema of its kind, versioned per item, never deleted (only marked), with history.
 */

export async function addItem(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	kind: ItemKind,
	rawData: unknown,
	parentId: string | null = null,
	source?: Source
): Promise<{ id: string; version: number }> {
	assertWritable(access.borger);
	assertSection(access, ITEM_SECTION[kind]);
	const data = parseOrThrow(ITEM_SCHEMAS[kind] as ZodType<Record<string, unknown>>, rawData);
	return db.transaction().execute(async (trx) => {
		if (parentId) {
			const parent = await trx
				.selectFrom('borger_item')
				.select('id')
				.where('id', '=', parentId)
				.where('borger_id', '=', access.borger.id)
				.where('kind', '=', kind)
				.where('deleted_at', 'is', null)
				.executeTakeFirst();
			if (!parent) throw badRequest('Overordnet punkt findes ikke.');
		}
		const pos = await trx
			.selectFrom('borger_item')
			.select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
			.where('borger_id', '=', access.borger.id)
			.where('kind', '=', kind)
			.executeTakeFirstOrThrow();
		const row = await trx
			.insertInto('borger_item')
			.values({
				borger_id: access.borger.id,
				kind,
				parent_id: parentId,
				data: JSON.stringify(data),
				position: pos.next
			})
			.returning(['id', 'version'])
			.executeTakeFirstOrThrow();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			`item:${kind}`,
			row.id,
			1,
			[{ field: '*', old: null, new: data }]
		);
		return row;
	});
}

/** Resolve which borger an item belongs to, for the access check. */
export async function itemBorgerId(db: Executor, itemId: string): Promise<string | null> {
	const r = await db
		.selectFrom('borger_item')
		.select('borger_id')
		.where('id', '=', itemId)
		.executeTakeFirst();
	return r?.borger_id ?? null;
}

export async function updateItem(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	itemId: string,
	baseVersion: number,
	patch: Record<string, unknown>,
	source?: Source
): Promise<{ version: number; changed: string[] }> {
	assertWritable(access.borger);
	return db.transaction().execute(async (trx) => {
		const item = await trx
			.selectFrom('borger_item')
			.selectAll()
			.where('id', '=', itemId)
			.where('borger_id', '=', access.borger.id)
			.where('deleted_at', 'is', null)
			.forUpdate()
			.executeTakeFirst();
		if (!item) throw notFound('Punktet findes ikke længere.');
		const kind = item.kind as ItemKind;
		assertSection(access, ITEM_SECTION[kind]);
		if (item.version !== baseVersion) {
			const changedSince = await fieldsChangedSince(trx, `item:${kind}`, item.id, baseVersion);
			const clash = Object.keys(patch).filter((f) => changedSince.has(f) || changedSince.has('*'));
			if (clash.length > 0) throw new StaleEditError(clash);
		}
		const data = parseOrThrow(ITEM_SCHEMAS[kind] as ZodType<Record<string, unknown>>, {
			...item.data,
			...patch
		});
		const changes = diff(item.data, data);
		if (changes.length === 0) return { version: item.version, changed: [] };
		const version = item.version + 1;
		await trx
			.updateTable('borger_item')
			.set({ data: JSON.stringify(data), version, updated_at: new Date() })
			.where('id', '=', item.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			`item:${kind}`,
			item.id,
			version,
			changes
		);
		return { version, changed: changes.map((c) => c.field) };
	});
}

/** Items are never deleted, only marked, so history stays complete. */
export async function removeItem(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	itemId: string,
	source?: Source
): Promise<void> {
	assertWritable(access.borger);
	await db.transaction().execute(async (trx) => {
		const item = await trx
			.selectFrom('borger_item')
			.select(['id', 'kind', 'data', 'version'])
			.where('id', '=', itemId)
			.where('borger_id', '=', access.borger.id)
			.where('deleted_at', 'is', null)
			.executeTakeFirst();
		if (!item) throw notFound('Punktet findes ikke længere.');
		assertSection(access, ITEM_SECTION[item.kind as ItemKind]);
		await trx
			.updateTable('borger_item')
			.set({ deleted_at: new Date(), version: item.version + 1 })
			.where('id', '=', item.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			`item:${item.kind}`,
			item.id,
			item.version + 1,
			[{ field: '*', old: item.data, new: null }]
		);
	});
}
