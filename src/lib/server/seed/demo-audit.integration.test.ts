import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import type { DbHandle } from '../db';
import { seedDemo, DEMO_USERS } from './demo';
import { listAudits } from '../audit/audits';
import { getAudit } from '../audit/self-evaluation';
import { computeEvidence } from '../audit/evidence';

let h: DbHandle;
let seeded: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
	h = await createTestDb();
	seeded = await seedDemo(h.db);
}, 120_000);
afterAll(() => h?.close());

describe('demo audits', () => {
	it("seeds last year's released audit and this year's round in progress", async () => {
		const audits = await listAudits(h.db, seeded.teamId);
		expect(audits.map((a) => a.status)).toEqual(['selvevaluering', 'frigivet']);
		const [cur, prev] = audits;
		expect(prev!.year).toBe(cur!.year - 1);
		expect(prev!.result?.overall).toBeGreaterThan(2);
		expect(prev!.result?.sections).toHaveLength(8);
		// The team lead sees this year's self-evaluation started, with the auditor assigned.
		const view = await getAudit(h.db, seeded.teamId, cur!.id, {
			userId: seeded.userIds[DEMO_USERS.teamleder]!,
			membershipId: seeded.membershipIds[DEMO_USERS.teamleder]!,
			role: 'teamleder'
		});
		expect(view.canSelfScore).toBe(true);
		expect(view.selfProgress[0]!.scored).toBe(view.selfProgress[0]!.total);
		expect(view.participants.some((p) => p.kind === 'auditor' && p.isLead)).toBe(true);
	});

	it('computes evidence for the demo team-year from the seeded board, quickly', async () => {
		const [cur] = await listAudits(h.db, seeded.teamId);
		const t0 = performance.now();
		const ev = await computeEvidence(h.db, seeded.teamId, {
			from: cur!.periodFrom,
			to: cur!.periodTo
		});
		const ms = performance.now() - t0;
		expect(ev.meetings.numerator).toBeGreaterThan(10);
		expect(ev.attendance.value).not.toBeNull();
		expect(ev.caseload.extra?.team).toBeGreaterThan(10);
		expect(ev.cadence.denominator).toBeGreaterThan(0);
		expect(ev.crisis_plans.denominator).toBeGreaterThan(0);
		// Generous bound for the slowest driver (PGlite); the PostgreSQL target is 1 s.
		expect(ms).toBeLessThan(5_000);
	});
});
