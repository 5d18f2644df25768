import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import { planAgenda } from '$lib/domain/agenda/plan';
import { toIsoDate } from '$lib/domain/scaling';
import type { DbHandle } from '../db';
import { loadBoard } from '../borger/board';
import { seedDemo, type DemoSeedResult } from '../seed/demo';
import { borgerMinutesExtract } from './minutes';
import { loadMeetingStats } from './statistics';
import { loadPlannerInputs, proposeAgenda } from './planning';

/**
 * On the demo data (a year of seeded meetings): the seeded history itself, the statistics,
 * the per-borger extract of approved minutes, and the lean planner path against the board.
 */

let h: DbHandle;
let demo: DemoSeedResult;
let seedMs = 0;
const now = new Date();
const today = toIsoDate(now);

beforeAll(async () => {
	h = await createTestDb();
	const t0 = performance.now();
	demo = await seedDemo(h.db);
	seedMs = performance.now() - t0;
});
afterAll(() => h?.close());

const meetings = () =>
	h.db
		.selectFrom('meeting')
		.selectAll()
		.where('team_id', '=', demo.teamId)
		.orderBy('meeting_date')
		.execute();

describe('demo meetings', () => {
	it('seed a year of weekly meetings, all approved but the latest, quickly', async () => {
		const ms = await meetings();
		expect(ms.length).toBeGreaterThanOrEqual(45);
		expect(ms.length).toBeLessThanOrEqual(52);
		const first = new Date(`${ms[0]!.meeting_date}T00:00:00Z`).getTime();
		expect((Date.parse(`${today}T00:00:00Z`) - first) / 86_400_000).toBeGreaterThan(350);
		expect(ms.every((m) => m.status === 'afsluttet' && m.meeting_date < today)).toBe(true);
		expect(ms.slice(0, -1).every((m) => m.finalized_at !== null)).toBe(true);
		expect(ms.at(-1)!.finalized_at).toBeNull();
		// All on one weekday (the series), a week or more apart.
		expect(new Set(ms.map((m) => new Date(`${m.meeting_date}T00:00:00Z`).getUTCDay())).size).toBe(
			1
		);
		expect(seedMs).toBeLessThan(15_000);
	});

	it('record attendance for every member, decisions, tasks and cases not reached', async () => {
		const count = async (table: 'attendance' | 'decision' | 'task') =>
			(
				await h.db
					.selectFrom(table)
					.select(sql<number>`count(*)::int`.as('n'))
					.executeTakeFirstOrThrow()
			).n;
		const ms = await meetings();
		expect(await count('attendance')).toBeGreaterThanOrEqual(ms.length * 6);
		expect(await count('decision')).toBeGreaterThan(ms.length);
		expect(await count('task')).toBeGreaterThan(ms.length);
		const notReached = await h.db
			.selectFrom('agenda_item')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('status', 'in', ['ikke_naaet', 'udskudt'])
			.executeTakeFirstOrThrow();
		expect(notReached.n).toBeGreaterThan(5);
	});

	it('bring cases not reached back first the week after', async () => {
		const ms = await meetings();
		const items = await h.db
			.selectFrom('agenda_item')
			.select(['meeting_id', 'borger_id', 'status', 'reasons', 'position'])
			.where('kind', '=', 'case')
			.execute();
		let checked = 0;
		for (let i = 0; i < ms.length - 1; i++) {
			const missed = items.filter((it) => it.meeting_id === ms[i]!.id && it.status !== 'afsluttet');
			for (const it of missed) {
				const next = items.find(
					(x) => x.meeting_id === ms[i + 1]!.id && x.borger_id === it.borger_id
				);
				if (!next) continue; // the borger's course may not allow it (never fails silently below)
				expect(next.reasons.map((r) => r.kind)).toContain('carried_over');
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(0);
	});

	it('never contradict the board: no discussion after the borger was last discussed', async () => {
		const late = await h.db
			.selectFrom('agenda_item as a')
			.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
			.innerJoin('borger as b', 'b.id', 'a.borger_id')
			.select(['b.name', 'm.meeting_date', 'b.last_discussed_on'])
			.where('a.status', '=', 'afsluttet')
			.where((eb) =>
				eb.or([
					eb('b.last_discussed_on', 'is', null),
					eb('b.last_discussed_on', '<', eb.ref('m.meeting_date'))
				])
			)
			.execute();
		expect(late).toEqual([]);
	});
});

describe('meeting statistics', () => {
	it('count the held meetings against the series and attendance per sector', async () => {
		const s = await loadMeetingStats(h.db, demo.teamId, 12, now);
		const ms = await meetings();
		const inRange = ms.filter((m) => m.meeting_date >= `${s.months[0]!.month}-01`);
		expect(s.months).toHaveLength(12);
		expect(s.totals.held).toBe(inRange.length);
		expect(s.totals.expected).toBeGreaterThanOrEqual(s.totals.held);
		expect(s.totals.avgDuration).toBeGreaterThan(30);
		expect(s.totals.reachedShare).toBeGreaterThan(0.5);
		expect(s.totals.reachedShare).toBeLessThan(1);
		expect(s.professions.length).toBeGreaterThan(2);
		const sectors = new Set(s.attendanceBySector.flatMap((a) => Object.keys(a.present)));
		expect(sectors).toEqual(new Set(['kommune', 'region']));
		expect(s.activeBorgere).toBeGreaterThan(20);
	});
});

describe('per-borger extract of the minutes', () => {
	it('holds approved meetings only, newest first, with the borger’s items, decisions and tasks', async () => {
		const ms = await meetings();
		const draft = ms.at(-1)!;
		const onDraft = await h.db
			.selectFrom('agenda_item')
			.select('borger_id')
			.where('meeting_id', '=', draft.id)
			.where('kind', '=', 'case')
			.where('borger_id', 'is not', null)
			.executeTakeFirstOrThrow();
		const extract = await borgerMinutesExtract(h.db, demo.teamId, onDraft.borger_id!);
		expect(extract.length).toBeGreaterThan(0);
		expect(extract.map((e) => e.meetingId)).not.toContain(draft.id);
		const dates = extract.map((e) => e.meetingDate);
		expect([...dates].sort().reverse()).toEqual(dates);
		for (const e of extract) {
			expect(e.finalizedAt).toBeTruthy();
			expect(e.items.length + e.decisions.length + e.tasks.length).toBeGreaterThan(0);
		}
		// Nothing about another borger leaks in.
		const decisionIds = extract.flatMap((e) => e.decisions.map((d) => d.id));
		if (decisionIds.length > 0) {
			const owners = await h.db
				.selectFrom('decision')
				.select('borger_id')
				.where('id', 'in', decisionIds)
				.execute();
			expect(new Set(owners.map((o) => o.borger_id))).toEqual(new Set([onDraft.borger_id]));
		}
	});

	it('is empty for another team’s view of the borger', async () => {
		const other = await h.db
			.selectFrom('team')
			.select('id')
			.where('id', '!=', demo.teamId)
			.executeTakeFirstOrThrow();
		const b = await h.db
			.selectFrom('decision')
			.select('borger_id')
			.where('borger_id', 'is not', null)
			.executeTakeFirstOrThrow();
		expect(await borgerMinutesExtract(h.db, other.id, b.borger_id!)).toEqual([]);
	});
});

describe('planner inputs', () => {
	it('give the same agenda as planning from the full board (the lean path is only faster)', async () => {
		const date = '2031-01-07';
		const lean = await proposeAgenda(h.db, demo.teamId, date, now);
		const inputs = await loadPlannerInputs(h.db, demo.teamId, date, now);
		const board = await loadBoard(h.db, demo.teamId, now);
		const full = planAgenda({
			...inputs,
			borgere: board.rows
				.filter((r) => r.caseStatus === 'aktiv')
				.map((r) => ({
					id: r.id,
					name: r.name,
					status: r.board,
					openTaskCount: inputs.borgere.find((b) => b.id === r.id)!.openTaskCount,
					tasksDueBeforeMeeting: inputs.borgere.find((b) => b.id === r.id)!.tasksDueBeforeMeeting
				}))
		});
		expect(lean).toEqual(full);
		expect(lean.items.some((i) => i.kind === 'case')).toBe(true);
		// Every active borger's status agrees with the tavle, apart from the flags that only
		// the tavle shows (consent, outcome measurements) and the planner does not use.
		const boardOnly = (kind: string) =>
			kind.startsWith('consent') || kind.startsWith('measurement');
		for (const b of inputs.borgere) {
			const row = board.rows.find((r) => r.id === b.id)!;
			expect(b.status).toEqual({
				...row.board,
				flags: row.board.flags.filter((f) => !boardOnly(f.kind))
			});
		}
	});

	it('count open tasks per borger like the task list does', async () => {
		const inputs = await loadPlannerInputs(h.db, demo.teamId, '2031-01-07', now);
		const open = await h.db
			.selectFrom('task as t')
			.innerJoin('borger as b', 'b.id', 't.borger_id')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('t.team_id', '=', demo.teamId)
			.where('t.status', '=', 'aaben')
			.where('b.status', '=', 'aktiv')
			.executeTakeFirstOrThrow();
		expect(inputs.borgere.reduce((s, b) => s + (b.openTaskCount ?? 0), 0)).toBe(open.n);
		expect(open.n).toBeGreaterThan(0);
	});
});
