import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import { seedDemo, type DemoSeedResult } from './demo';
import { loadOutcomes, rangeFromParams } from '../pathway/outcomes';
import { loadWaitingList } from '../pathway/waiting-list';
import { loadBoard } from '../borger/board';

let handle: DbHandle;
let seeded: DemoSeedResult;

beforeAll(async () => {
	handle = await createTestDb();
	seeded = await seedDemo(handle.db);
});
afterAll(() => handle?.close());

describe('demo seed: the care pathway over two years', () => {
	it('gives every course a referral, and started ones a startup meeting and plan version 1', async () => {
		const r = await sql<{ borgere: number; referrals: number; startups: number; plans: number }>`
			select
				(select count(*)::int from borger where team_id = ${seeded.teamId}) as borgere,
				(select count(*)::int from referral where team_id = ${seeded.teamId} and borger_id is not null) as referrals,
				(select count(*)::int from startup_meeting where team_id = ${seeded.teamId} and completed_at is not null) as startups,
				(select count(*)::int from shared_plan where team_id = ${seeded.teamId} and version = 1) as plans
		`.execute(handle.db);
		const c = r.rows[0]!;
		expect(c.referrals).toBe(c.borgere);
		expect(c.startups).toBe(c.borgere - 4);
		expect(c.plans).toBe(c.startups);
	});

	it('fills the dashboard: measurements, discharges by reason, referral outcomes, waiting list', async () => {
		const o = await loadOutcomes(handle.db, seeded.teamId, rangeFromParams(new URLSearchParams()));
		const who5 = o.beforeAfter.find((b) => b.instrument === 'who5')!;
		expect(who5.n).toBeGreaterThan(15);
		expect(who5.after!).toBeGreaterThan(who5.before!);
		expect(o.dischargesByReason.reduce((a, d) => a + d.count, 0)).toBeGreaterThanOrEqual(7);
		expect(o.referrals.rejected).toBeGreaterThanOrEqual(2);
		expect(o.caseload.at(-1)!.count).toBeGreaterThanOrEqual(25);
		expect(o.admissionDays.some((a) => a.days > 0)).toBe(true);
		expect(o.medianDaysToStart).not.toBeNull();
		const wl = await loadWaitingList(handle.db, seeded.teamId);
		expect(wl.waiting).toHaveLength(2);
		expect(wl.awaitingStartup).toHaveLength(2);
	});

	it('leaves due measurements on the board and as tasks', async () => {
		const board = await loadBoard(handle.db, seeded.teamId);
		expect(board.rows.some((r) => r.board.flags.some((f) => f.kind === 'measurement_due'))).toBe(
			true
		);
		const tasks = await sql<{ n: number }>`
			select count(*)::int as n from measurement_task mt join task t on t.id = mt.task_id where t.status = 'aaben'
		`.execute(handle.db);
		expect(tasks.rows[0]!.n).toBeGreaterThanOrEqual(20);
	});
});
