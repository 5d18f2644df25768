import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALING_LEVELS } from '../scaling';
import {
	activeAtEnd,
	attendanceBySector,
	cadenceAdherence,
	caseload,
	consentCoverage,
	crisisPlansCurrent,
	measurementsOnSchedule,
	meetingsHeld,
	outerWheel,
	referralToStart,
	riskAssessmentsCurrent,
	scalingWithReasons,
	sharedPlansConcrete,
	tasksOnTime,
	type AgendaItemFact,
	type BorgerFact,
	type MeetingFact
} from './indicators';

const P = { from: '2026-01-01', to: '2026-06-30' };

function borger(id: string, extra: Partial<BorgerFact> = {}): BorgerFact {
	return {
		id,
		name: id,
		caseManagerId: 'cm1',
		startDate: '2025-06-01',
		closedOn: null,
		status: 'aktiv',
		...extra
	};
}

const B = [
	borger('b1'),
	borger('b2', { caseManagerId: 'cm2' }),
	borger('b3', { caseManagerId: null }),
	borger('closed', { closedOn: '2025-12-01', status: 'afsluttet' }),
	borger('ref', { status: 'henvist', startDate: '2026-03-01' }),
	borger('late', { startDate: '2026-08-01' })
];

describe('who counts in a period', () => {
	it('closed before, referred and not yet started borgere are not in the caseload', () => {
		expect(B.filter((b) => activeAtEnd(b, P)).map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
	});
});

describe('caseload', () => {
	it('counts borgere per case manager and lists those without one', () => {
		const r = caseload(
			[...B, borger('b4')],
			[
				{ membershipId: 'cm1', name: 'Anne' },
				{ membershipId: 'cm2', name: 'Bo' },
				{ membershipId: 'cm3', name: 'Carl' }
			],
			P
		);
		expect(r.breakdown?.map((x) => [x.label, x.value])).toEqual([
			['Anne', 2],
			['Bo', 1],
			['Carl', 0],
			['Uden case manager', 1]
		]);
		expect(r.value).toBe(1.5); // 3 assigned / 2 case managers with a caseload
		expect(r.extra?.team).toBe(4);
		expect(r.missingIds).toEqual(['b3']);
	});
});

describe('cadence', () => {
	const levels = DEFAULT_SCALING_LEVELS;
	const p = { from: '2026-01-01', to: '2026-02-28' };

	it('counts a borger discussed every week while intensiv as on cadence', () => {
		const weekly = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02'];
		const more = ['2026-02-09', '2026-02-16', '2026-02-23'];
		const r = cadenceAdherence(
			[borger('a')],
			[{ borgerId: 'a', on: '2025-12-01', toLevel: 'intensiv' }],
			[...weekly, ...more].map((on, i) => ({ borgerId: 'a', on, recordId: `ai${i}` })),
			levels,
			p
		);
		expect(r).toMatchObject({ value: 1, numerator: 1, denominator: 1, missingIds: [] });
	});

	it('flags a gap longer than the cadence plus grace', () => {
		const r = cadenceAdherence(
			[borger('a')],
			[{ borgerId: 'a', on: '2025-12-01', toLevel: 'skaerpet' }],
			// 2026-01-05 → 2026-02-02 is 28 days, more than 14 + 3
			['2026-01-05', '2026-02-02', '2026-02-16'].map((on, i) => ({
				borgerId: 'a',
				on,
				recordId: `x${i}`
			})),
			levels,
			p
		);
		expect(r).toMatchObject({ value: 0, missingIds: ['a'] });
	});

	it('a stable borger discussed once in six weeks is fine; no-cadence borgere are not counted', () => {
		const r = cadenceAdherence(
			[borger('s'), borger('n')],
			[
				{ borgerId: 's', on: '2025-01-01', toLevel: 'stabil' },
				{ borgerId: 'n', on: '2025-01-01', toLevel: 'ikke_paa_tavlen' }
			],
			[
				{ borgerId: 's', on: '2026-02-01', recordId: 'r1' },
				{ borgerId: 's', on: '2026-02-20', recordId: 'r2' }
			],
			levels,
			p
		);
		expect(r).toMatchObject({ value: 1, denominator: 1, recordIds: ['s'] });
	});

	it('scaling up resets the clock to the tighter cadence', () => {
		// stabil until 2026-02-01, then intensiv with no discussion for 3 weeks
		const r = cadenceAdherence(
			[borger('u')],
			[
				{ borgerId: 'u', on: '2025-01-01', toLevel: 'stabil' },
				{ borgerId: 'u', on: '2026-02-01', toLevel: 'intensiv' }
			],
			[
				{ borgerId: 'u', on: '2026-01-20', recordId: 'r1' },
				{ borgerId: 'u', on: '2026-02-22', recordId: 'r2' }
			],
			levels,
			p
		);
		expect(r.missingIds).toEqual(['u']);
		expect(r.value).toBe(0);
	});

	it('one late week among many still counts as on cadence; due dates met are reported', () => {
		// Intensiv all year 2026 H1, weekly talks except one three-week gap.
		const days: string[] = [];
		for (
			let d = new Date('2026-01-06T12:00:00Z');
			d < new Date('2026-06-30T00:00:00Z');
			d.setUTCDate(d.getUTCDate() + 7)
		) {
			const iso = d.toISOString().slice(0, 10);
			if (iso !== '2026-03-03' && iso !== '2026-03-10') days.push(iso);
		}
		const args = [
			[borger('w')],
			[{ borgerId: 'w', on: '2025-12-01', toLevel: 'intensiv' }],
			days.map((on, i) => ({ borgerId: 'w', on, recordId: `w${i}` })),
			levels,
			P
		] as const;
		const r = cadenceAdherence(...args);
		expect(r.value).toBe(1);
		expect(r.extra?.neverMissed).toBe(0);
		expect(r.extra?.dueDatesMet).toBeGreaterThan(0.9);
		expect(r.extra?.dueDatesMet).toBeLessThan(1);
		// A stricter team setting flags the same borger.
		expect(cadenceAdherence(...args, 3, 1).missingIds).toEqual(['w']);
	});

	it('returns null, not 0 %, when nobody has a cadence', () => {
		expect(cadenceAdherence([], [], [], levels, p).value).toBeNull();
	});
});

const meetings: MeetingFact[] = [
	{ id: 'm1', date: '2026-01-07', status: 'afsluttet', durationMinutes: 110 },
	{ id: 'm2', date: '2026-01-14', status: 'afsluttet', durationMinutes: 140 },
	{ id: 'm3', date: '2026-01-21', status: 'planlagt', durationMinutes: null },
	{ id: 'm4', date: '2026-06-30', status: 'planlagt', durationMinutes: null },
	{ id: 'old', date: '2025-12-31', status: 'afsluttet', durationMinutes: 120 }
];
const items: AgendaItemFact[] = [
	{
		id: 'i1',
		meetingId: 'm1',
		kind: 'case',
		status: 'afsluttet',
		borgerId: 'b1',
		guestLabel: null
	},
	{
		id: 'i2',
		meetingId: 'm1',
		kind: 'case',
		status: 'ikke_naaet',
		borgerId: 'b2',
		guestLabel: null
	},
	{
		id: 'i3',
		meetingId: 'm2',
		kind: 'case',
		status: 'afsluttet',
		borgerId: 'b1',
		guestLabel: null
	},
	{
		id: 'i4',
		meetingId: 'm2',
		kind: 'fixed',
		status: 'afsluttet',
		borgerId: null,
		guestLabel: null
	},
	{
		id: 'g1',
		meetingId: 'm2',
		kind: 'guest',
		status: 'afsluttet',
		borgerId: 'b1',
		guestLabel: 'Egen læge'
	},
	{
		id: 'g2',
		meetingId: 'm3',
		kind: 'guest',
		status: 'planlagt',
		borgerId: 'b1',
		guestLabel: 'Jobcenter'
	}
];

describe('meetings', () => {
	it('held vs planned up to today, duration and items reached', () => {
		const r = meetingsHeld(meetings, items, P, '2026-03-01');
		expect(r).toMatchObject({ value: 0.67, numerator: 2, denominator: 3, missingIds: ['m3'] });
		expect(r.extra).toMatchObject({ averageMinutes: 125, itemsReached: 0.67, caseItems: 3 });
		expect(r.breakdown?.find((b) => b.key === 'within_target')).toMatchObject({
			value: 0.5,
			recordIds: ['m1']
		});
	});

	it('outer wheel: share of held meetings with a guest and guests by label', () => {
		const r = outerWheel(meetings, items, P);
		expect(r).toMatchObject({ value: 0.5, recordIds: ['g1'] });
		expect(r.breakdown).toEqual([
			{ key: 'Egen læge', label: 'Egen læge', value: 1, recordIds: ['g1'] }
		]);
	});
});

describe('attendance', () => {
	it('share of meetings with both sectors, and attendance by sector and profession', () => {
		const r = attendanceBySector(
			meetings,
			[
				{
					meetingId: 'm1',
					membershipId: 'k1',
					mode: 'fremmoedt',
					profession: 'bostoette',
					sector: 'kommune'
				},
				{
					meetingId: 'm1',
					membershipId: 'r1',
					mode: 'online',
					profession: 'sygeplejerske',
					sector: 'region'
				},
				{
					meetingId: 'm2',
					membershipId: 'k1',
					mode: 'fremmoedt',
					profession: 'bostoette',
					sector: 'kommune'
				},
				{
					meetingId: 'm2',
					membershipId: 'r1',
					mode: 'fravaerende',
					profession: 'sygeplejerske',
					sector: 'region'
				}
			],
			P
		);
		expect(r).toMatchObject({ value: 0.5, missingIds: ['m2'] });
		const by = Object.fromEntries(r.breakdown!.map((b) => [b.key, b.value]));
		expect(by).toEqual({
			'sektor:kommune': 1,
			'sektor:region': 0.5,
			'fag:bostoette': 1,
			'fag:sygeplejerske': 0.5
		});
	});
});

describe('crisis plans and risk assessments', () => {
	it('counts the latest crisis plan per borger within N months of the period end', () => {
		const r = crisisPlansCurrent(
			B,
			[
				{ id: 'cp1', borgerId: 'b1', on: '2025-11-01' },
				{ id: 'cp2', borgerId: 'b1', on: '2026-02-01' },
				{ id: 'cp3', borgerId: 'b2', on: '2025-10-01' },
				{ id: 'future', borgerId: 'b3', on: '2026-07-15' }
			],
			P,
			6
		);
		expect(r).toMatchObject({ value: 0.33, numerator: 1, denominator: 3, recordIds: ['cp2'] });
		expect(r.missingIds).toEqual(['b2', 'b3']);
		expect(r.extra?.present).toBe(0.67);
	});

	it('risk assessments older than 90 days are not current', () => {
		const r = riskAssessmentsCurrent(
			B,
			[
				{ id: 'r1', borgerId: 'b1', on: '2026-04-02' },
				{ id: 'r2', borgerId: 'b2', on: '2026-04-01' },
				{ id: 'r3', borgerId: 'b3', on: '2026-03-31' }
			],
			P,
			90
		);
		// 2026-06-30 − 90 days = 2026-04-01
		expect(r.recordIds).toEqual(['r1', 'r2']);
	});
});

describe('consent, plans, measurements, tasks', () => {
	it('consent valid on the last day', () => {
		const r = consentCoverage(
			B,
			[
				{ id: 'c1', borgerId: 'b1', givenOn: '2026-01-01', endsOn: null },
				{ id: 'c2', borgerId: 'b2', givenOn: '2026-01-01', endsOn: '2026-05-01' }
			],
			P
		);
		expect(r).toMatchObject({ value: 0.33, recordIds: ['c1'], missingIds: ['b2', 'b3'] });
	});

	it('shared plan needs an active sub-goal with a follow-up date', () => {
		const r = sharedPlansConcrete(
			B,
			[
				{ id: 'g1', borgerId: 'b1', status: 'aktiv', followUpOn: '2026-08-01' },
				{ id: 'g2', borgerId: 'b2', status: 'aktiv', followUpOn: null },
				{ id: 'g3', borgerId: 'b3', status: 'naaet', followUpOn: '2026-02-01' }
			],
			P
		);
		expect(r).toMatchObject({ value: 0.33, recordIds: ['g1'] });
	});

	it('measurements due in the period done within grace', () => {
		const r = measurementsOnSchedule(
			[
				{ id: 'x1', borgerId: 'b1', dueOn: '2026-02-01', doneOn: '2026-02-10' },
				{ id: 'x2', borgerId: 'b1', dueOn: '2026-03-01', doneOn: '2026-04-01' },
				{ id: 'x3', borgerId: 'b2', dueOn: '2026-05-01', doneOn: null },
				{ id: 'x4', borgerId: 'b2', dueOn: '2026-08-01', doneOn: null }
			],
			P
		);
		expect(r).toMatchObject({ value: 0.33, denominator: 3, missingIds: ['x2', 'x3'] });
	});

	it('tasks done by their due date; cancelled ones do not count', () => {
		const r = tasksOnTime(
			[
				{ id: 't1', dueOn: '2026-02-01', status: 'udfoert', completedOn: '2026-02-01' },
				{ id: 't2', dueOn: '2026-02-01', status: 'udfoert', completedOn: '2026-02-02' },
				{ id: 't3', dueOn: '2026-02-01', status: 'aaben', completedOn: null },
				{ id: 't4', dueOn: '2026-02-01', status: 'annulleret', completedOn: null },
				{ id: 't5', dueOn: null, status: 'udfoert', completedOn: '2026-02-01' }
			],
			P
		);
		expect(r).toMatchObject({
			value: 0.33,
			recordIds: ['t1', 't2', 't3'],
			missingIds: ['t2', 't3']
		});
	});
});

describe('scaling reasons and referrals', () => {
	it('share of ups and downs with a reason', () => {
		const r = scalingWithReasons(
			[
				{
					id: 'e1',
					borgerId: 'b1',
					on: '2026-02-01',
					direction: 'up',
					reasonCategory: 'rusmiddelbrug',
					reasonText: ''
				},
				{
					id: 'e2',
					borgerId: 'b1',
					on: '2026-03-01',
					direction: 'down',
					reasonCategory: null,
					reasonText: ' '
				},
				{
					id: 'e3',
					borgerId: 'b2',
					on: '2026-03-01',
					direction: 'initial',
					reasonCategory: null,
					reasonText: ''
				},
				{
					id: 'e4',
					borgerId: 'b2',
					on: '2025-03-01',
					direction: 'up',
					reasonCategory: null,
					reasonText: ''
				}
			],
			P
		);
		expect(r).toMatchObject({ value: 0.5, missingIds: ['e2'], extra: { up: 1, down: 1 } });
	});

	it('median days from referral to start, and who is still waiting', () => {
		const r = referralToStart(
			[
				{ id: 'r1', referredOn: '2026-01-01', startedOn: '2026-01-11' },
				{ id: 'r2', referredOn: '2026-01-01', startedOn: '2026-01-31' },
				{ id: 'r3', referredOn: '2026-02-01', startedOn: '2026-02-21' },
				{ id: 'r4', referredOn: '2026-06-01', startedOn: null }
			],
			P
		);
		expect(r).toMatchObject({ value: 20, recordIds: ['r1', 'r2', 'r3'], missingIds: ['r4'] });
		expect(r.extra).toEqual({ longest: 30, waiting: 1 });
	});
});
