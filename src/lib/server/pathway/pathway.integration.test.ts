import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createTestDb } from '$tests/db';
import { accessFor, makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import { addItem } from '../borger/items';
import { addRiskAssessment } from '../borger/write';
import { createBorger } from '../borger/create';
import { loadBoard } from '../borger/board';
import { listTasks } from '../meeting/tasks';
import { addSharedPlan } from './shared-plan';
import { completeStartup, loadCourse, saveStartup } from './course';
import { createReferral, getReferral, listReferrals, visitReferral } from './referrals';
import { dischargeBorger } from './discharge';
import { dueMeasurementsByBorger, recordMeasurement } from './measurements';
import { loadCaseload } from './caseload';
import { loadOutcomes } from './outcomes';
import { loadWaitingList, offerPlace } from './waiting-list';
import { teamSettings } from '../team-settings';

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let lead: string;
let cm: string;

async function code(p: Promise<unknown>) {
	try {
		await p;
		return 'OK';
	} catch (e) {
		return e instanceof TRPCError ? e.code : String(e);
	}
}

async function message(p: Promise<unknown>) {
	try {
		await p;
		return '';
	} catch (e) {
		return e instanceof Error ? e.message : String(e);
	}
}

const who5 = (v: number) => ({ q1: v, q2: v, q3: v, q4: v, q5: v });
const inside = [
	{ key: 'svaer_psykisk_lidelse', met: true },
	{ key: 'flere_belastninger', met: true },
	{ key: 'kan_ikke_fastholde', met: true },
	{ key: 'botilbud', met: false },
	{ key: 'afviser_opsoegende', met: false }
];

function referral(name: string, referredOn = '2026-01-05') {
	return {
		name,
		referrerKind: 'psykiatri',
		referrerName: 'Distriktspsykiatrien Åbakke',
		referredOn,
		reason: 'Mange indlæggelser, falder ud af tilbud',
		criteria: inside,
		documents: [{ title: 'Epikrise', reference: 'Sundhedsplatformen 12.12.2025' }]
	};
}

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder', 'medlem']);
	lead = team.members[0]!.userId;
	cm = team.members[1]!.membershipId;
	// A small cap so the waiting list is reachable.
	await h.db
		.updateTable('team')
		.set({ settings: JSON.stringify({ caseloadCap: 3, memberCaseloadCap: 2 }) })
		.where('id', '=', team.teamId)
		.execute();
});
afterAll(() => h.close());

describe('from referral to discharge', () => {
	let borgerId: string;

	it('records a referral with the checklist snapshot and lists it awaiting visitation', async () => {
		const { id } = await createReferral(h.db, team.teamId, lead, referral('Anna Andersen'));
		const r = await getReferral(h.db, team.teamId, id);
		expect(r.status).toBe('modtaget');
		expect(r.initials).toBe('AA');
		expect(r.criteria).toHaveLength(5);
		expect(r.criteria[0]).toMatchObject({ key: 'svaer_psykisk_lidelse', met: true });
		expect(r.fit.fits).toBe(true);
		expect(r.documents).toEqual([
			{ title: 'Epikrise', reference: 'Sundhedsplatformen 12.12.2025' }
		]);
		const list = await listReferrals(h.db, team.teamId);
		expect(list.map((x) => x.id)).toContain(id);
		expect(
			await code(createReferral(h.db, team.teamId, lead, { ...referral('X'), reason: '' }))
		).toBe('BAD_REQUEST');
		expect(await code(createReferral(h.db, team.teamId, lead, referral('X', '2999-01-01')))).toBe(
			'BAD_REQUEST'
		);
	});

	it('rejects with a reason, refers elsewhere with a destination, and never twice', async () => {
		const { id } = await createReferral(h.db, team.teamId, lead, referral('Bo Berg'));
		const base = {
			referralId: id,
			visitationOn: '2026-01-12',
			participants: ['Lene (kommune)', 'Birgitte (region)']
		};
		expect(
			await message(visitReferral(h.db, team.teamId, lead, { ...base, decision: 'afvist' }))
		).not.toBe('');
		const r = await visitReferral(h.db, team.teamId, lead, {
			...base,
			decision: 'afvist',
			reason: 'Bor på botilbud'
		});
		expect(r.borgerId).toBeNull();
		expect((await getReferral(h.db, team.teamId, id)).status).toBe('afvist');
		expect(
			await code(
				visitReferral(h.db, team.teamId, lead, { ...base, decision: 'afvist', reason: 'igen' })
			)
		).toBe('BAD_REQUEST');
		const { id: other } = await createReferral(h.db, team.teamId, lead, referral('Carl Cold'));
		const v = await visitReferral(h.db, team.teamId, lead, {
			...base,
			referralId: other,
			decision: 'videresendt',
			referredTo: 'Rusmiddelcentret'
		});
		expect(v.borgerId).toBeNull();
		expect((await getReferral(h.db, team.teamId, other)).referred_to).toBe('Rusmiddelcentret');
	});

	it('accepts a referral: a borger record awaiting its startup meeting', async () => {
		const [r] = (await listReferrals(h.db, team.teamId)).filter((x) => x.name === 'Anna Andersen');
		const v = await visitReferral(h.db, team.teamId, lead, {
			referralId: r!.id,
			decision: 'optaget',
			visitationOn: '2026-01-12',
			participants: ['Lene Holm (kommune)', 'Birgitte Dahl (region)'],
			caseManagerId: cm
		});
		expect(v.borgerStatus).toBe('henvist');
		borgerId = v.borgerId!;
		const wl = await loadWaitingList(h.db, team.teamId);
		expect(wl.awaitingStartup.map((w) => w.id)).toContain(borgerId);
		expect(wl.awaitingStartup.find((w) => w.id === borgerId)?.referred_on).toBe('2026-01-05');
	});

	it('refuses to complete the startup meeting without goals, then starts the course with plan v1', async () => {
		const access = await accessFor(h.db, lead, borgerId);
		expect(
			await message(
				completeStartup(h.db, access, lead, { validFrom: '2026-01-20', followUpOn: '2026-04-20' })
			)
		).toMatch(/Gem først/);
		await saveStartup(h.db, access, lead, {
			heldOn: '2026-01-20',
			place: 'Hjemme hos borgeren',
			participants: ['Anna', 'Thomas (bostøtte)', 'Jonas (sygeplejerske)'],
			agreedActors: 'Egen læge og bostøtten'
		});
		expect(
			await message(
				completeStartup(h.db, access, lead, { validFrom: '2026-01-20', followUpOn: '2026-04-20' })
			)
		).toMatch(/borgerens mål/);
		const goal = await addItem(h.db, access, lead, 'maal', { text: 'Have min egen lejlighed' });
		await addItem(
			h.db,
			await accessFor(h.db, lead, borgerId),
			lead,
			'maal',
			{ text: 'Søge bolig', followUpOn: '2026-03-01' },
			goal.id
		);
		await addRiskAssessment(h.db, await accessFor(h.db, lead, borgerId), lead, {
			category: 'selvmord',
			level: 'lav',
			rationale: ''
		});
		const course0 = await loadCourse(h.db, await accessFor(h.db, lead, borgerId));
		expect(course0.checklist.blocking).toEqual([]);
		expect(course0.checklist.outstanding).toEqual(['samtykke', 'netvaerk', 'kriseplan']);

		const fresh = await accessFor(h.db, lead, borgerId);
		const done = await completeStartup(
			h.db,
			fresh,
			lead,
			{
				validFrom: '2026-01-20',
				followUpOn: '2026-04-20',
				borgerWords: 'Jeg vil have ro og mit eget sted.',
				handleplanRef: 'Handleplan § 141, Åbakke Kommune'
			},
			new Date('2026-01-20T10:00:00Z')
		);
		expect(done.outstanding).toContain('kriseplan');
		const course = await loadCourse(
			h.db,
			await accessFor(h.db, lead, borgerId),
			new Date('2026-01-20T10:00:00Z')
		);
		expect(course.borger.status).toBe('aktiv');
		expect(course.borger.start_date).toBe('2026-01-20');
		expect(course.plans).toHaveLength(1);
		expect(course.plans[0]!.version).toBe(1);
		expect(course.plans[0]!.follow_up_on).toBe('2026-04-20');
		expect(course.plans[0]!.goals).toEqual([
			{
				text: 'Have min egen lejlighed',
				followUpOn: null,
				subGoals: [{ text: 'Søge bolig', followUpOn: '2026-03-01', status: 'aktiv' }]
			}
		]);
		// The intake measurement is due now and a reminder task went to the case manager.
		expect(course.due.map((d) => d.occasion)).toEqual(['indskrivning']);
		const tasks = await listTasks(h.db, team.teamId, cm);
		expect(tasks.some((t) => t.borger_id === borgerId && /indskrivning/.test(t.description))).toBe(
			true
		);
	});

	it('shows the due measurement on the board as a flag', async () => {
		const board = await loadBoard(h.db, team.teamId, new Date('2026-01-25T10:00:00Z'));
		const row = board.rows.find((r) => r.id === borgerId)!;
		expect(row.caseStatus).toBe('aktiv');
		expect(row.board.flags.some((f) => f.kind === 'measurement_due')).toBe(true);
	});

	it('scores WHO-5 on the server, refuses duplicates and bad answers, and moves the reminder on', async () => {
		const access = await accessFor(h.db, lead, borgerId);
		const now = new Date('2026-01-25T10:00:00Z');
		const r = await recordMeasurement(
			h.db,
			access,
			lead,
			{
				instrument: 'who5',
				occasion: 'indskrivning',
				measuredOn: '2026-01-22',
				answers: who5(2)
			},
			now
		);
		expect(r).toMatchObject({ score: 40, band: 'nedsat' });
		expect(
			await code(
				recordMeasurement(
					h.db,
					access,
					lead,
					{
						instrument: 'who5',
						occasion: 'indskrivning',
						measuredOn: '2026-01-22',
						answers: who5(3)
					},
					now
				)
			)
		).toBe('CONFLICT');
		expect(
			await message(
				recordMeasurement(
					h.db,
					access,
					lead,
					{
						instrument: 'who5',
						occasion: 'm3',
						measuredOn: '2026-01-22',
						answers: { ...who5(3), q2: 7 }
					},
					now
				)
			)
		).toMatch(/rolig og afslappet/);
		expect(
			await code(
				recordMeasurement(
					h.db,
					access,
					lead,
					{ instrument: 'ukendt', occasion: 'm3', measuredOn: '2026-01-22', answers: {} },
					now
				)
			)
		).toBe('BAD_REQUEST');
		for (const [instrument, answers] of [
			['recovery_star', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`o${i + 1}`, 4]))],
			['indlaeggelsesdage', { dage: 30 }],
			['tvang', { indlaeggelser: 1, andre: 0 }]
		] as const) {
			await recordMeasurement(
				h.db,
				access,
				lead,
				{ instrument, occasion: 'indskrivning', measuredOn: '2026-01-22', answers },
				now
			);
		}
		const settings = await teamSettings(h.db, team.teamId);
		const due = await dueMeasurementsByBorger(h.db, team.teamId, settings, now);
		expect(due.get(borgerId)).toBeUndefined();
		const tasks = await listTasks(h.db, team.teamId, cm);
		const mine = tasks.filter((t) => t.borger_id === borgerId);
		expect(mine).toHaveLength(1);
		expect(mine[0]!.description).toMatch(/3 måneder/);
		expect(mine[0]!.due_on).toBe('2026-04-20');
		const m3 = await recordMeasurement(
			h.db,
			access,
			lead,
			{ instrument: 'who5', occasion: 'm3', measuredOn: '2026-04-21', answers: who5(4) },
			new Date('2026-04-21T10:00:00Z')
		);
		expect(m3.score).toBe(80);
		const course = await loadCourse(h.db, access);
		expect(course.measurements.find((m) => m.occasion === 'm3')?.due_on).toBe('2026-04-20');
	});

	it('adds a new version of the shared plan', async () => {
		const access = await accessFor(h.db, lead, borgerId);
		const p = await addSharedPlan(h.db, access, lead, {
			validFrom: '2026-04-21',
			followUpOn: '2026-07-21'
		});
		expect(p.version).toBe(2);
		expect(
			await code(
				addSharedPlan(h.db, access, lead, { validFrom: '2026-04-21', followUpOn: '2026-01-01' })
			)
		).toBe('BAD_REQUEST');
	});

	it('warns at the caps and puts the next accepted borger on the waiting list', async () => {
		// Two more courses fill the team cap of 3; the case manager cap of 2 is reached.
		const extra = await createReferral(h.db, team.teamId, lead, referral('Dorte Dam'));
		const d = await visitReferral(h.db, team.teamId, lead, {
			referralId: extra.id,
			decision: 'optaget',
			visitationOn: '2026-02-01',
			participants: ['Lene'],
			caseManagerId: cm
		});
		expect(d.borgerStatus).toBe('henvist');
		expect(d.warnings).toEqual([]);
		await createBorger(h.db, team.teamId, lead, { name: 'Erik Eg', caseManagerId: cm });
		const over = await createReferral(h.db, team.teamId, lead, referral('Frida Fjord'));
		const f = await visitReferral(h.db, team.teamId, lead, {
			referralId: over.id,
			decision: 'optaget',
			visitationOn: '2026-02-02',
			participants: ['Lene'],
			caseManagerId: cm
		});
		expect(f.borgerStatus).toBe('venter');
		const wl = await loadWaitingList(h.db, team.teamId);
		expect(wl.full).toBe(true);
		expect(wl.waiting.map((w) => w.name)).toEqual(['Frida Fjord']);
		expect(wl.waiting[0]!.position).toBe(1);
		const load = await loadCaseload(h.db, team.teamId);
		expect(load.team.total).toBe(3);
		expect(load.team.level).toBe('fuld');
		expect(load.waiting).toBe(1);
		const member = load.members.find((m) => m.membershipId === cm)!;
		expect(member.total).toBe(3);
		expect(member.level).toBe('over');
		// Offering a place anyway is allowed, with the warnings shown.
		const access = await accessFor(h.db, lead, f.borgerId!);
		expect(
			await message(
				completeStartup(h.db, access, lead, { validFrom: '2026-02-03', followUpOn: '2026-05-01' })
			)
		).toMatch(/ventelisten/);
		const offer = await offerPlace(h.db, access, lead);
		expect(offer.warnings.map((w) => w.kind)).toEqual(['team']);
		expect((await loadWaitingList(h.db, team.teamId)).waiting).toEqual([]);
	});

	it('discharges: transfer needs a bridge, then the record is read-only and the dashboard counts it', async () => {
		const access = await accessFor(h.db, lead, borgerId);
		const now = new Date('2026-09-01T10:00:00Z');
		expect(
			await message(
				dischargeBorger(
					h.db,
					access,
					lead,
					{ dischargedOn: '2026-08-31', reason: 'overfoert', summary: 'Godt forløb' },
					now
				)
			)
		).toMatch(/stafetprincippet/);
		await recordMeasurement(
			h.db,
			access,
			lead,
			{ instrument: 'who5', occasion: 'afslutning', measuredOn: '2026-08-30', answers: who5(4) },
			now
		);
		const before = await loadOutcomes(h.db, team.teamId, {
			fromMonth: '2026-01',
			toMonth: '2026-09'
		});
		expect(before.dischargesByReason).toEqual([]);
		await dischargeBorger(
			h.db,
			access,
			lead,
			{
				dischargedOn: '2026-08-31',
				reason: 'overfoert',
				bridge: 'Bostøtte efter § 85',
				receivingPerson: 'Ida Vang, bostøtten',
				wayBack: 'Kontakt teamet ved indlæggelse',
				summary: 'Har fået egen bolig og stabil kontakt til egen læge.'
			},
			now
		);
		const closed = await accessFor(h.db, lead, borgerId);
		expect(closed.borger.status).toBe('afsluttet');
		expect(
			await code(
				recordMeasurement(
					h.db,
					closed,
					lead,
					{ instrument: 'who5', occasion: 'ekstra', measuredOn: '2026-08-31', answers: who5(1) },
					now
				)
			)
		).toBe('BAD_REQUEST');
		expect(await code(addItem(h.db, closed, lead, 'maal', { text: 'x' }))).toBe('BAD_REQUEST');
		const tasks = await listTasks(h.db, team.teamId, cm);
		expect(tasks.filter((t) => t.borger_id === borgerId)).toEqual([]);

		const after = await loadOutcomes(h.db, team.teamId, {
			fromMonth: '2026-01',
			toMonth: '2026-09'
		});
		expect(after.dischargesByReason).toEqual([{ reason: 'overfoert', count: 1 }]);
		const w = after.beforeAfter.find((b) => b.instrument === 'who5')!;
		expect(w).toMatchObject({ n: 1, before: 40, after: 80, improved: 1 });
		// Referred 5 Jan, started 20 Jan.
		expect(after.referralToStart.find((q) => q.quarter === '2026 K1')).toEqual({
			quarter: '2026 K1',
			medianDays: 15,
			n: 1
		});
		// Active through July, discharged on the last day of August.
		expect(after.caseload.find((c) => c.month === '2026-07')!.count).toBe(1);
		expect(after.caseload.find((c) => c.month === '2026-08')!.count).toBe(0);
		expect(after.referrals.rejected).toBe(1);
		expect(after.referrals.referredOn).toBe(1);
		expect(
			await code(loadOutcomes(h.db, team.teamId, { fromMonth: '2026-09', toMonth: '2026-01' }))
		).toBe('BAD_REQUEST');
	});

	it('keeps teams apart', async () => {
		const other = await makeTeam(h.db, ['teamleder']);
		const [r] = await listReferrals(h.db, team.teamId);
		expect(await code(getReferral(h.db, other.teamId, r!.id))).toBe('NOT_FOUND');
		expect(
			await code(
				visitReferral(h.db, other.teamId, other.members[0]!.userId, {
					referralId: r!.id,
					decision: 'afvist',
					visitationOn: '2026-02-01',
					participants: ['x'],
					reason: 'x'
				})
			)
		).toBe('NOT_FOUND');
		expect(await listReferrals(h.db, other.teamId)).toEqual([]);
	});
});
