import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createTestDb } from '$tests/db';
import { makeTeam } from '$tests/fixtures';
import { callerFor } from '$tests/caller';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { createBorger } from '../borger/create';
import { DEFAULT_SCALE } from '$lib/domain/fidelity/template';
import { itemKeys } from '$lib/domain/fidelity/io';
import { extractText, getDocumentProxy } from 'unpdf';
import { computeEvidence } from './evidence';
import { renderAuditReport } from './report-pdf';

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;

type Who = 'lead' | 'member' | 'other' | 'aud1' | 'aud2';
const people = {} as Record<Who, { userId: string; membershipId: string }>;

function caller(who: Who) {
	const p = people[who];
	const user: SessionUser = {
		id: p.userId,
		email: `${who}@test.invalid`,
		name: who,
		initials: 'XX',
		isAdmin: false,
		hasTotp: false
	};
	return callerFor(h.db, user);
}

async function code(p: Promise<unknown>) {
	try {
		await p;
		return 'OK';
	} catch (e) {
		return e instanceof TRPCError ? e.code : String(e);
	}
}

const keys = itemKeys(DEFAULT_SCALE);

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder', 'medlem', 'medlem', 'auditor', 'auditor']);
	(['lead', 'member', 'other', 'aud1', 'aud2'] as Who[]).forEach((w, i) => {
		people[w] = team.members[i]!;
	});
});
afterAll(() => h.close());

describe('audit round', () => {
	let auditId: string;

	it('the team lead creates an audit with the default scale; one per year', async () => {
		const teamId = team.teamId;
		const r = await caller('lead').audit.create({
			teamId,
			year: 2026,
			periodFrom: '2026-01-01',
			periodTo: '2026-12-31'
		});
		auditId = r.id;
		expect(
			await code(
				caller('lead').audit.create({
					teamId,
					year: 2026,
					periodFrom: '2026-01-01',
					periodTo: '2026-12-31'
				})
			)
		).toBe('CONFLICT');
		expect(
			await code(
				caller('member').audit.create({
					teamId,
					year: 2027,
					periodFrom: '2027-01-01',
					periodTo: '2027-12-31'
				})
			)
		).toBe('FORBIDDEN');
		const bad = await caller('lead')
			.audit.create({
				teamId,
				year: 2028,
				periodFrom: '2028-01-01',
				periodTo: '2028-12-31',
				scaleJson: '{"x":1}'
			})
			.catch((e: TRPCError) => e);
		expect(bad).toBeInstanceOf(TRPCError);
		expect((bad as TRPCError).message).toContain('Skalaen kunne ikke læses');
		const view = await caller('member').audit.get({ teamId, auditId });
		expect(view.scale.sections).toHaveLength(8);
		expect(view.canSelfScore).toBe(false);
	});

	it('only the lead and chosen members score the self-evaluation, within the anchors', async () => {
		const teamId = team.teamId;
		const score = (who: Who, itemKey: string, s: number | null) =>
			caller(who).audit.saveSelfScore({
				teamId,
				auditId,
				itemKey,
				score: s,
				comment: '',
				evidence: []
			});
		expect(await code(score('member', keys[0]!, 3))).toBe('FORBIDDEN');
		await caller('lead').audit.setParticipants({
			teamId,
			auditId,
			membershipIds: [people.member.membershipId]
		});
		expect(await code(score('member', keys[0]!, 3))).toBe('OK');
		expect(await code(score('other', keys[0]!, 3))).toBe('FORBIDDEN');
		expect(await code(score('aud1', keys[0]!, 3))).toBe('FORBIDDEN');
		expect(await code(score('lead', keys[1]!, 9))).toBe('BAD_REQUEST');
		expect(await code(score('lead', 'no.such', 3))).toBe('BAD_REQUEST');
		for (const k of keys) await score('lead', k, 3);
		await caller('member').audit.saveSelfScore({
			teamId,
			auditId,
			itemKey: 'tavlemoede.afholdt',
			score: 3,
			comment: 'Se mødestatistikken.',
			evidence: ['meetings']
		});
		const view = await caller('member').audit.get({ teamId, auditId });
		expect(view.selfScores.find((x) => x.itemKey === 'tavlemoede.afholdt')).toMatchObject({
			comment: 'Se mødestatistikken.',
			evidence: ['meetings']
		});
		expect(view.selfResult.overall).toBe(3);
		expect(view.selfProgress.every((p) => p.scored === p.total)).toBe(true);
	});

	it('auditors are assigned; their workspace is closed to everyone else', async () => {
		const teamId = team.teamId;
		expect(await code(caller('aud1').audit.workspace({ teamId, auditId }))).toBe('FORBIDDEN');
		expect(
			await code(
				caller('lead').audit.assignAuditors({
					teamId,
					auditId,
					membershipIds: [people.member.membershipId],
					leadMembershipId: people.member.membershipId
				})
			)
		).toBe('BAD_REQUEST');
		await caller('lead').audit.assignAuditors({
			teamId,
			auditId,
			membershipIds: [people.aud1.membershipId, people.aud2.membershipId],
			leadMembershipId: people.aud1.membershipId
		});
		for (const who of ['lead', 'member', 'other'] as Who[]) {
			expect(await code(caller(who).audit.workspace({ teamId, auditId }))).toBe('FORBIDDEN');
		}
		await caller('lead').audit.submitSelf({ teamId, auditId });
		expect(
			await code(
				caller('lead').audit.saveSelfScore({
					teamId,
					auditId,
					itemKey: keys[0]!,
					score: 5,
					comment: '',
					evidence: []
				})
			)
		).toBe('CONFLICT');
	});

	it('auditors score, see disagreements and plan interviews; only the lead writes the report', async () => {
		const teamId = team.teamId;
		for (const k of keys) {
			await caller('aud1').audit.saveAuditorScore({
				teamId,
				auditId,
				itemKey: k,
				score: 4,
				comment: '',
				evidence: []
			});
			await caller('aud2').audit.saveAuditorScore({
				teamId,
				auditId,
				itemKey: k,
				score: k === keys[0] ? 2 : 4,
				comment: '',
				evidence: []
			});
		}
		await caller('aud2').audit.saveInterview({
			teamId,
			auditId,
			group: 'ledelse',
			plannedAt: '2026-11-01T09:00:00+01:00',
			participants: 'To ledere',
			notes: 'God opbakning.'
		});
		const ws = await caller('aud1').audit.workspace({ teamId, auditId });
		expect(ws.isLead).toBe(true);
		expect(ws.disagreements.map((d) => d.itemKey)).toEqual([keys[0]]);
		expect(ws.interviews).toHaveLength(1);
		expect(ws.selfScores).toHaveLength(keys.length);
		const report = {
			teamId,
			auditId,
			preliminaryFeedback: 'Foreløbig: godt.',
			strengths: 'Stærk tavlekultur.',
			recommendations: 'Opdater kriseplaner.',
			goals: ['Alle kriseplaner opdateret hvert halve år'],
			finalScores: { [keys[0]!]: 3 }
		};
		expect(await code(caller('aud2').audit.saveReport(report))).toBe('FORBIDDEN');
		expect(
			await code(caller('aud1').audit.saveReport({ ...report, finalScores: { [keys[0]!]: 8 } }))
		).toBe('BAD_REQUEST');
		await caller('aud1').audit.saveReport(report);
	});

	it('the team sees no scores before release; the lead auditor releases; then read-only', async () => {
		const teamId = team.teamId;
		for (const who of ['lead', 'member'] as Who[]) {
			expect(await code(caller(who).audit.report({ teamId, auditId }))).toBe('FORBIDDEN');
			const list = await caller(who).audit.list({ teamId });
			expect(list[0]!.result).toBeNull();
			const view = await caller(who).audit.get({ teamId, auditId });
			expect(JSON.stringify(view)).not.toContain('God opbakning');
		}
		expect(await code(caller('aud2').audit.release({ teamId, auditId }))).toBe('FORBIDDEN');
		await caller('aud1').audit.release({ teamId, auditId });
		const r = await caller('member').audit.report({ teamId, auditId });
		// keys[0] agreed at 3, the rest 4 (both auditors agreed)
		expect(r.finalScores[keys[0]!]).toBe(3);
		expect(r.result.overall).toBeGreaterThan(3.8);
		expect(r.result.level?.key).toBe('certificeret');
		expect(r.strengths).toBe('Stærk tavlekultur.');
		expect(r.evidence?.meetings).toBeDefined();
		expect(r.history.map((x) => x.year)).toEqual([2026]);
		const goals = await caller('member').audit.goals({ teamId });
		expect(goals.map((g) => g.text)).toEqual(['Alle kriseplaner opdateret hvert halve år']);
		expect(
			await code(
				caller('member').audit.setGoalStatus({ teamId, goalId: goals[0]!.id, status: 'naaet' })
			)
		).toBe('FORBIDDEN');
		await caller('lead').audit.setGoalStatus({ teamId, goalId: goals[0]!.id, status: 'naaet' });
		expect((await caller('member').audit.goals({ teamId }))[0]!.status).toBe('naaet');
		expect(
			await code(
				caller('aud1').audit.saveAuditorScore({
					teamId,
					auditId,
					itemKey: keys[0]!,
					score: 1,
					comment: '',
					evidence: []
				})
			)
		).toBe('CONFLICT');
		expect(await code(caller('aud1').audit.release({ teamId, auditId }))).toBe('CONFLICT');

		const pdf = await renderAuditReport(r, 'Tester');
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
			mergePages: true
		});
		expect(text).toContain('Fidelitetsaudit 2026');
		expect(text).toContain(
			`Samlet score: ${r.result.overall!.toLocaleString('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 2 })}`
		);
		expect(text).toContain('Certificeret');
		expect(text).toContain('Alle kriseplaner opdateret hvert halve år');
	});
});

describe('evidence from the board', () => {
	it('computes indicators with drill-down ids from meetings, attendance, tasks and history', async () => {
		const db = h.db;
		const teamId = team.teamId;
		const lead = people.lead;
		const { id: b1 } = await createBorger(
			db,
			teamId,
			lead.userId,
			{
				name: 'Evidens Et',
				caseManagerId: lead.membershipId,
				startDate: '2026-01-01'
			},
			{ level: 'intensiv' }
		);
		const { id: b2 } = await createBorger(db, teamId, lead.userId, {
			name: 'Evidens To',
			startDate: '2026-01-01'
		});
		// Region member for the cross-sector check.
		await db
			.updateTable('membership')
			.set({ organisation_id: team.regionId })
			.where('id', '=', people.member.membershipId)
			.execute();
		const [m1, m2] = await db
			.insertInto('meeting')
			.values([
				{
					team_id: teamId,
					meeting_date: '2026-03-03',
					start_time: '09:00',
					length_minutes: 120,
					status: 'afsluttet',
					started_at: new Date('2026-03-03T08:00:00Z'),
					ended_at: new Date('2026-03-03T09:50:00Z')
				},
				{ team_id: teamId, meeting_date: '2026-03-10', start_time: '09:00', length_minutes: 120 }
			])
			.returning('id')
			.execute();
		const [i1] = await db
			.insertInto('agenda_item')
			.values([
				{
					meeting_id: m1!.id,
					position: 1,
					kind: 'case',
					borger_id: b1,
					title: 'b1',
					planned_minutes: 10,
					status: 'afsluttet'
				},
				{
					meeting_id: m1!.id,
					position: 2,
					kind: 'case',
					borger_id: b2,
					title: 'b2',
					planned_minutes: 10,
					status: 'ikke_naaet'
				},
				{
					meeting_id: m1!.id,
					position: 3,
					kind: 'guest',
					borger_id: b1,
					title: 'læge',
					planned_minutes: 15,
					status: 'afsluttet',
					guest_label: 'Egen læge'
				}
			])
			.returning('id')
			.execute();
		await db
			.insertInto('attendance')
			.values([
				{ meeting_id: m1!.id, membership_id: lead.membershipId, mode: 'fremmoedt' },
				{ meeting_id: m1!.id, membership_id: people.member.membershipId, mode: 'online' }
			])
			.execute();
		await db
			.insertInto('task')
			.values([
				{
					team_id: teamId,
					owner_id: lead.membershipId,
					description: 'a',
					due_on: '2026-03-10',
					status: 'udfoert',
					completed_at: new Date('2026-03-09T10:00:00Z')
				},
				{
					team_id: teamId,
					owner_id: lead.membershipId,
					description: 'b',
					due_on: '2026-03-10',
					status: 'aaben'
				}
			])
			.execute();
		const ev = await computeEvidence(
			db,
			teamId,
			{ from: '2026-03-01', to: '2026-03-31' },
			{ today: '2026-03-31' }
		);
		expect(ev.meetings).toMatchObject({
			value: 0.5,
			numerator: 1,
			denominator: 2,
			missingIds: [m2!.id]
		});
		expect(ev.meetings.extra).toMatchObject({ averageMinutes: 110, itemsReached: 0.5 });
		expect(ev.attendance).toMatchObject({ value: 1, recordIds: [m1!.id] });
		expect(ev.outer_wheel.numerator).toBe(1);
		expect(ev.tasks).toMatchObject({ value: 0.5, denominator: 2 });
		expect(ev.caseload.breakdown?.find((b) => b.key === lead.membershipId)?.recordIds).toEqual([
			b1
		]);
		// b1 is intensiv (weekly) and was discussed once on 3 March: missed by the end of March.
		expect(ev.cadence.missingIds).toContain(b1);
		expect(ev.cadence.recordIds).toContain(b1);
		expect(i1).toBeDefined();
		// Consent and referrals come from [E] and [F]; with no rows the share is 0, not missing.
		expect(ev.consent).toMatchObject({ value: 0, missingIds: expect.arrayContaining([b1, b2]) });
		expect(ev.referral_start.value).toBeNull();
		// Mid-period, tasks that are not due yet do not count as late.
		const early = await computeEvidence(
			db,
			teamId,
			{ from: '2026-03-01', to: '2026-03-31' },
			{ today: '2026-03-09' }
		);
		expect(early.tasks).toMatchObject({ value: null, denominator: 0 });
		expect(early.meetings).toMatchObject({ numerator: 1, denominator: 1 });
	});
});
