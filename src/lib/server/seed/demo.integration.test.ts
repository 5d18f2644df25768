import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { createTestDb } from '$tests/db';
import { ITEM_KINDS, ITEM_SCHEMAS, type ItemKind } from '$lib/schemas/borger';
import type { BoardFlagKind } from '$lib/domain/board';
import type { DbHandle } from '../db';
import { loadBoard } from '../borger/board';
import { seedDemoIfEmpty, type DemoSeedResult } from './demo';

let handle: DbHandle;
let seeded: DemoSeedResult;
let seedMs = 0;

beforeAll(async () => {
	handle = await createTestDb();
	const started = performance.now();
	const result = await seedDemoIfEmpty(handle.db);
	seedMs = performance.now() - started;
	if (!result) throw new Error('expected a fresh database to be seeded');
	seeded = result;
});

afterAll(async () => {
	await handle?.close();
});

describe('demo seed: borgere', () => {
	it('creates a realistic caseload on the demo team', async () => {
		const rows = await handle.db
			.selectFrom('borger')
			.select(['status', sql<number>`count(*)::int`.as('n')])
			.where('team_id', '=', seeded.teamId)
			.groupBy('status')
			.execute();
		const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
		expect(byStatus.aktiv).toBeGreaterThanOrEqual(25);
		// 3 closed courses in demo-borgere.ts + 5 earlier ones in demo-pathway.ts.
		expect(byStatus).toMatchObject({ henvist: 2, venter: 2, afsluttet: 8 });
		expect(seeded.borgere).toBe(rows.reduce((sum, r) => sum + r.n, 0));
		// The seed is meant to stay fast; generous bound so a slow CI machine does not flake.
		expect(seedMs).toBeLessThan(15_000);
	});

	it('fills every item kind with data that passes its schema', async () => {
		const items = await handle.db.selectFrom('borger_item').select(['kind', 'data']).execute();
		expect(new Set(items.map((i) => i.kind))).toEqual(new Set(ITEM_KINDS));
		for (const item of items) {
			const schema = ITEM_SCHEMAS[item.kind as ItemKind] as ZodType;
			const parsed = schema.safeParse(item.data);
			expect(parsed.success, `${item.kind}: ${JSON.stringify(item.data)}`).toBe(true);
		}
		const subGoals = await handle.db
			.selectFrom('borger_item')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('kind', '=', 'maal')
			.where('parent_id', 'is not', null)
			.executeTakeFirstOrThrow();
		expect(subGoals.n).toBeGreaterThan(20);
	});

	it('keeps borger, scaling events and crisis plans consistent', async () => {
		const borgere = await handle.db.selectFrom('borger').selectAll().execute();
		const events = await handle.db
			.selectFrom('scaling_event')
			.selectAll()
			.orderBy('decided_at', 'desc')
			.execute();
		const plans = await handle.db.selectFrom('crisis_plan').selectAll().execute();
		for (const b of borgere) {
			const latest = events.find((e) => e.borger_id === b.id)!;
			expect(latest.to_level).toBe(b.scaling_level);
			expect(latest.from_level).toBe(b.last_scaled_from);
			expect(b.last_scaled_at?.getTime()).toBe(latest.decided_at.getTime());
			const own = plans.filter((p) => p.borger_id === b.id);
			const newest = Math.max(...own.map((p) => p.created_at.getTime()));
			expect(b.crisis_plan_updated_at?.getTime() ?? null).toBe(own.length ? newest : null);
		}
		expect(events.length).toBeGreaterThan(borgere.length * 2);
		expect(borgere.filter((b) => b.staff_safety).length).toBeGreaterThanOrEqual(3);
		expect(borgere.filter((b) => b.status === 'afsluttet' && b.closed_reason).length).toBe(8);
	});

	it('writes back-dated change history for every kind of change', async () => {
		const rows = await handle.db
			.selectFrom('change_log')
			.select(['entity', 'field', sql<number>`count(*)::int`.as('n')])
			.where('team_id', '=', seeded.teamId)
			.groupBy(['entity', 'field'])
			.execute();
		const entities = new Set(rows.map((r) => r.entity));
		for (const kind of ITEM_KINDS) expect(entities).toContain(`item:${kind}`);
		for (const entity of ['borger', 'risk', 'kriseplan', 'note'])
			expect(entities).toContain(entity);
		const fields = rows.filter((r) => r.entity === 'borger').map((r) => r.field);
		expect(fields).toEqual(expect.arrayContaining(['*', 'scalingLevel', 'status']));
		const oldest = await handle.db
			.selectFrom('change_log')
			.select(sql<Date>`min(at)`.as('at'))
			.executeTakeFirstOrThrow();
		expect(Date.now() - new Date(oldest.at).getTime()).toBeGreaterThan(900 * 86_400_000);
	});

	it('shows every board state', async () => {
		const board = await loadBoard(handle.db, seeded.teamId);
		expect(board.rows.length).toBeGreaterThanOrEqual(29);
		const kinds = new Set(board.rows.flatMap((r) => r.board.flags.map((f) => f.kind)));
		const wanted: BoardFlagKind[] = [
			'high_risk',
			'crisis_plan_missing',
			'crisis_plan_stale',
			'risk_stale',
			'risk_missing',
			'overdue',
			'recently_scaled_up'
		];
		for (const kind of wanted) expect(kinds, kind).toContain(kind);
		const levels = new Set(board.rows.map((r) => r.board.level.key));
		expect(levels).toEqual(new Set(['intensiv', 'skaerpet', 'stabil', 'ikke_paa_tavlen']));
		expect(board.rows[0]!.board.highestRisk).toBe('hoej');
		expect(board.rows.some((r) => r.summary.agreements.overdue > 0)).toBe(true);
		expect(board.rows.some((r) => r.summary.legal.nextDate !== null)).toBe(true);
		expect(board.rows.some((r) => r.summary.safety.staffSafety)).toBe(true);
	});

	it('does nothing when seeded a second time', async () => {
		const count = () =>
			handle.db
				.selectFrom('borger')
				.select(sql<number>`count(*)::int`.as('n'))
				.executeTakeFirstOrThrow();
		const before = await count();
		expect(await seedDemoIfEmpty(handle.db)).toBeNull();
		expect(await count()).toEqual(before);
	});
});
