import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createTestDb } from '$tests/db';
import { accessFor, makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import { addRiskAssessment, changeScaling } from '../borger/write';
import { createBorger } from '../borger/create';
import { loadBorgerRecord } from '../borger/record';
import { addCorrection, finalizeMeeting } from './minutes';
import {
	addDecision,
	advance,
	endMeeting,
	extendCurrent,
	setAttendance,
	startMeeting
} from './running';
import { addTask, listTasks, requestCase } from './tasks';
import { createMeeting, proposeAgenda, saveAgenda } from './planning';
import { loadMeeting } from './meetings';

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let lead: string;
const borgere: string[] = [];

async function code(p: Promise<unknown>) {
	try {
		await p;
		return 'OK';
	} catch (e) {
		return e instanceof TRPCError ? e.code : String(e);
	}
}

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['moedeleder', 'medlem']);
	lead = team.members[0]!.userId;
	for (let i = 0; i < 12; i++) {
		const { id } = await createBorger(h.db, team.teamId, lead, {
			name: `Borger ${String(i).padStart(2, '0')}`
		});
		borgere.push(id);
	}
	// One high-risk borger on the board, one requested case.
	const risky = await accessFor(h.db, lead, borgere[5]!);
	await changeScaling(h.db, risky, lead, { toLevel: 'intensiv', reasonText: 'Forværring' });
	await addRiskAssessment(h.db, risky, lead, {
		category: 'selvmord',
		level: 'hoej',
		rationale: ''
	});
	await requestCase(h.db, team.teamId, lead, borgere[9]!, 'Ny bolig på vej');
});
afterAll(() => h.close());

describe('the tavlemøde', () => {
	it('proposes an agenda with the high-risk and requested borgere first and reports the rest', async () => {
		const plan = await proposeAgenda(h.db, team.teamId, '2030-01-08');
		const cases = plan.items.filter((i) => i.kind === 'case');
		expect(cases[0]!.borgerId).toBe(borgere[5]);
		expect(cases.some((c) => c.borgerId === borgere[9])).toBe(true);
		expect(cases.length).toBeLessThanOrEqual(8);
		expect(plan.notPlaced.length).toBe(12 - cases.length);
	});

	it('plans, runs and minutes a meeting: timer state, decisions with scaling, tasks, carry-over', async () => {
		const { id } = await createMeeting(h.db, team.teamId, { meetingDate: '2030-01-08' });
		expect(await code(createMeeting(h.db, team.teamId, { meetingDate: '2030-01-08' }))).toBe(
			'CONFLICT'
		);
		let view = await loadMeeting(h.db, team.teamId, id);
		const caseItems = view.items.filter((i) => i.kind === 'case');
		expect(caseItems.length).toBeGreaterThan(2);

		// The leader shortens the first case and drops the last one.
		const edited = view.items
			.filter((i) => i.id !== caseItems[caseItems.length - 1]!.id)
			.map((i) => ({
				id: i.id,
				kind: i.kind,
				borgerId: i.borger_id,
				title: i.title,
				minutes: i.id === caseItems[0]!.id ? 10 : i.planned_minutes
			}));
		await saveAgenda(h.db, team.teamId, id, edited);
		view = await loadMeeting(h.db, team.teamId, id);
		expect(view.items).toHaveLength(edited.length);
		expect(view.items.find((i) => i.id === caseItems[0]!.id)!.planned_minutes).toBe(10);

		await setAttendance(h.db, team.teamId, id, team.members[0]!.membershipId, 'fremmoedt');
		await setAttendance(h.db, team.teamId, id, team.members[1]!.membershipId, 'online');
		const t0 = new Date('2030-01-08T08:00:00Z');
		await startMeeting(h.db, team.teamId, id, t0);
		view = await loadMeeting(h.db, team.teamId, id);
		expect(view.meeting.status).toBe('i_gang');
		expect(view.meeting.current_item_id).toBe(view.items[0]!.id);
		expect(view.items[0]!.started_at?.toISOString()).toBe(t0.toISOString());

		// Move to the first case, extend it, record a scaling decision and a task.
		const kindOfCurrent = () => view.items.find((i) => i.id === view.meeting.current_item_id)?.kind;
		while (kindOfCurrent() !== 'case') {
			await advance(h.db, team.teamId, id, 'done');
			view = await loadMeeting(h.db, team.teamId, id);
		}
		const current = view.items.find((i) => i.id === view.meeting.current_item_id)!;
		await extendCurrent(h.db, team.teamId, id, 5);
		await addDecision(h.db, team.teamId, lead, {
			meetingId: id,
			agendaItemId: current.id,
			kind: 'skalering',
			text: 'Nedskaleres efter stabil periode',
			scaling: { toLevel: 'ikke_paa_tavlen' }
		});
		await addTask(h.db, team.teamId, lead, {
			meetingId: id,
			agendaItemId: current.id,
			borgerId: current.borger_id,
			ownerId: team.members[1]!.membershipId,
			description: 'Ring til egen læge',
			dueOn: '2030-01-10'
		});
		expect(
			await code(
				addTask(h.db, team.teamId, lead, {
					ownerId: '00000000-0000-4000-8000-000000000000',
					description: 'x'
				})
			)
		).toBe('BAD_REQUEST');
		view = await loadMeeting(h.db, team.teamId, id);
		expect(view.items.find((i) => i.id === current.id)!.extended_minutes).toBe(5);
		const rec = await loadBorgerRecord(
			h.db,
			await accessFor(h.db, lead, current.borger_id!, false)
		);
		expect(rec.scalingLevel).toBe('ikke_paa_tavlen');
		expect(rec.scalingEvents[0]!.reasonText).toBe('Nedskaleres efter stabil periode');

		// Park one, postpone one, end: the rest is "not reached" and carries over.
		await advance(h.db, team.teamId, id, 'park');
		await advance(h.db, team.teamId, id, 'postpone');
		await endMeeting(h.db, team.teamId, id);
		view = await loadMeeting(h.db, team.teamId, id);
		expect(view.meeting.status).toBe('afsluttet');
		expect(view.items.some((i) => i.status === 'udskudt')).toBe(true);
		const notReached = view.items
			.filter((i) => i.status === 'ikke_naaet' && i.kind === 'case')
			.map((i) => i.borger_id);
		const next = await proposeAgenda(h.db, team.teamId, '2030-01-15');
		const carried = next.items
			.filter((i) => i.reasons.some((r) => r.kind === 'carried_over'))
			.map((i) => i.borgerId);
		for (const b of notReached)
			expect(carried.includes(b!) || next.notPlaced.some((n) => n.borgerId === b)).toBe(true);
		expect(carried.length).toBeGreaterThan(0);

		// Open tasks show on the owner's list.
		const mine = await listTasks(h.db, team.teamId, team.members[1]!.membershipId);
		expect(mine.map((t) => t.description)).toContain('Ring til egen læge');

		// Finalised minutes are read-only; corrections are kept as a trail.
		expect(await code(addCorrection(h.db, team.teamId, id, lead, 'For tidligt'))).toBe(
			'BAD_REQUEST'
		);
		await finalizeMeeting(h.db, team.teamId, id, lead);
		expect(
			await code(
				addDecision(h.db, team.teamId, lead, {
					meetingId: id,
					agendaItemId: current.id,
					kind: 'andet',
					text: 'x'
				})
			)
		).toBe('BAD_REQUEST');
		await addCorrection(h.db, team.teamId, id, lead, 'Opgaven gælder også sagsbehandler');
		view = await loadMeeting(h.db, team.teamId, id);
		expect(view.corrections).toHaveLength(1);
		expect(view.attendance).toHaveLength(2);
	});

	it('refuses another team and unknown meetings alike', async () => {
		const other = await makeTeam(h.db, ['moedeleder']);
		const { id } = await createMeeting(h.db, team.teamId, { meetingDate: '2030-02-05' });
		expect(await code(loadMeeting(h.db, other.teamId, id))).toBe('NOT_FOUND');
		expect(await code(startMeeting(h.db, other.teamId, id))).toBe('NOT_FOUND');
	});
});
