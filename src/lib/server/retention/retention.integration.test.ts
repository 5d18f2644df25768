import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb } from '$tests/db';
import { makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import { resolveBorgerAccess } from '../access/borger';
import { addItem } from '../borger/items';
import { closeBorger, saveCrisisPlan } from '../borger/write';
import { createBorger } from '../borger/create';
import { runRetention, retentionStatus, setRetention } from './service';

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let lead: string;

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder']);
	lead = team.members[0]!.userId;
});
afterAll(() => h.close());

async function borgerWithContent(name: string, closedMonthsAgo: number | null) {
	const { id } = await createBorger(h.db, team.teamId, lead, { name, birthYear: 1970 });
	const access = await resolveBorgerAccess(h.db, lead, id, 'borger.write');
	await addItem(h.db, access, lead, 'maal', { text: `Mål for ${name}`, status: 'aktiv' });
	await saveCrisisPlan(h.db, access, lead, {
		earlySigns: 'Tegn',
		whatHelps: '',
		whatToAvoid: '',
		contacts: '',
		planB: ''
	});
	await h.db
		.insertInto('consent')
		.values({
			borger_id: id,
			actor_kind: 'team',
			actor_label: 'Teamet',
			categories: null,
			purpose: 'x',
			valid_from: '2020-01-01',
			given_how: 'skriftligt',
			recorded_by: lead
		})
		.execute();
	if (closedMonthsAgo !== null) {
		const a2 = await resolveBorgerAccess(h.db, lead, id, 'borger.write', { log: false });
		await closeBorger(h.db, a2, lead, 'Afsluttet efter plan');
		const at = new Date();
		at.setUTCMonth(at.getUTCMonth() - closedMonthsAgo);
		await h.db.updateTable('borger').set({ closed_at: at }).where('id', '=', id).execute();
	}
	return id;
}

const count = async (table: string, id: string) =>
	(
		await sql<{
			n: number;
		}>`select count(*)::int as n from ${sql.table(table)} where borger_id = ${id}`.execute(h.db)
	).rows[0]!.n;

describe('retention', () => {
	it('anonymises courses closed longer ago than the period, and reports what was removed', async () => {
		await setRetention(h.db, team.teamId, 24);
		const old = await borgerWithContent('Gammel Sag', 30);
		const recent = await borgerWithContent('Nylig Sag', 3);
		const active = await borgerWithContent('Aktiv Sag', null);
		const logBefore = await count('access_log', old);
		expect(logBefore).toBeGreaterThan(0);

		const { report } = await runRetention(h.db, team.teamId);
		expect(report.borgere.map((b) => b.id)).toEqual([old]);
		expect(report.failed).toEqual([]);
		expect(report.removed.borger_item).toBe(1);
		expect(report.removed.crisis_plan).toBe(1);
		expect(report.removed.consent).toBe(1);
		expect(report.removed.change_log).toBeGreaterThan(0);

		const shell = await h.db
			.selectFrom('borger')
			.selectAll()
			.where('id', '=', old)
			.executeTakeFirstOrThrow();
		expect(shell).toMatchObject({
			name: 'Anonymiseret borger',
			initials: 'AN',
			birth_year: null,
			closed_reason: null,
			status: 'afsluttet'
		});
		for (const t of ['borger_item', 'crisis_plan', 'consent', 'change_log', 'scaling_event'])
			expect(await count(t, old)).toBe(0);
		// The access log is evidence and stays.
		expect(await count('access_log', old)).toBe(logBefore);
		// Others untouched.
		for (const id of [recent, active]) expect(await count('borger_item', id)).toBe(1);

		const status = await retentionStatus(h.db, team.teamId);
		expect(status.retentionMonths).toBe(24);
		expect(status.runs[0]).toMatchObject({ borgerCount: 1 });

		// A second run finds nothing new.
		expect((await runRetention(h.db, team.teamId)).report.borgere).toEqual([]);
	});
});
