import { describe, expect, it } from 'vitest';
import type { RiskAssessment, RiskLevel } from '../risk';
import { planAgenda } from './plan';
import type { MeetingSettings } from './settings';
import {
	MEETING,
	borger,
	cases,
	daysBefore,
	due,
	expectConsistent,
	notDue,
	notPlacedIds,
	overdue,
	plan,
	titles,
	unstable
} from './testing';
import type { AgendaInput, PlannerBorger } from './types';

// ---------------------------------------------------------------------------------------
// Cadence
// ---------------------------------------------------------------------------------------

describe('cadence: due or not due at the meeting', () => {
	it.each<[string, PlannerBorger, Partial<MeetingSettings>, string | null, string]>([
		[
			'intensiv discussed a week ago',
			unstable('a'),
			{},
			'due',
			'På tur efter kadencen (Intensiv, hver uge)'
		],
		[
			'skærpet discussed a week ago',
			borger('a', 'a', { level: 'skaerpet', discussedDaysAgo: 7 }),
			{},
			null,
			'Ikke på tur: næste drøftelse 10. jun. 2024 (Skærpet, hver 2. uge)'
		],
		[
			'stabil discussed 6 weeks ago',
			due('a'),
			{},
			'due',
			'På tur efter kadencen (Stabil, hver 6. uge)'
		],
		[
			'stabil discussed 50 days ago',
			overdue('a', 8),
			{},
			'overdue',
			'Kadencen er overskredet med 8 dage (Stabil, hver 6. uge)'
		],
		[
			'skærpet never discussed, started 15 days ago',
			borger('a', 'a', { level: 'skaerpet', discussedDaysAgo: null, startDaysAgo: 15 }),
			{},
			'overdue',
			'Kadencen er overskredet med 1 dag (Skærpet, hver 2. uge)'
		],
		[
			'skærpet due in 2 days, lead 0',
			borger('a', 'a', { level: 'skaerpet', discussedDaysAgo: 12 }),
			{},
			null,
			'Ikke på tur: næste drøftelse 5. jun. 2024 (Skærpet, hver 2. uge)'
		],
		[
			'skærpet due in 2 days, lead 3',
			borger('a', 'a', { level: 'skaerpet', discussedDaysAgo: 12 }),
			{ dueLeadDays: 3 },
			'due',
			'På tur 5. jun. 2024 (Skærpet, hver 2. uge)'
		],
		[
			'ikke på tavlen is never due',
			borger('a', 'a', { level: 'ikke_paa_tavlen', discussedDaysAgo: 400 }),
			{},
			null,
			'Ikke planlagt: Ikke på tavlen drøftes kun, når nogen rejser sagen'
		]
	])('%s', (_, b, settings, kind, label) => {
		const result = plan([b], { mode: 'cadence_due', ...settings });
		if (kind === null) {
			expect(cases(result)).toEqual([]);
			expect(result.notPlaced).toHaveLength(1);
			expect(result.notPlaced[0]).toMatchObject({ borgerId: 'a', why: 'not_due' });
			expect(result.notPlaced[0]!.reasons[0]).toBe(label);
		} else {
			expect(cases(result)).toHaveLength(1);
			expect(cases(result)[0]!.reasons).toEqual([{ kind, label }]);
		}
		expectConsistent(result);
	});

	it('uses the meeting date, not the day the status was computed', () => {
		// Status computed a week before the meeting: due at the meeting, overdue by 7 days.
		const b = borger('a', 'a', { level: 'intensiv', discussedDaysAgo: 7 });
		const result = planAgenda({
			meetingDate: '2024-06-10',
			borgere: [b],
			settings: { mode: 'cadence_due' }
		});
		expect(cases(result)[0]!.reasons[0]).toMatchObject({ kind: 'overdue' });
	});
});

// ---------------------------------------------------------------------------------------
// Priority and merged reasons
// ---------------------------------------------------------------------------------------

describe('priority', () => {
	const roomy: Partial<MeetingSettings> = { mode: 'cadence_due', lengthMinutes: 300 };

	it('orders guest > høj risiko > carried over > requested > overdue > due > tasks', () => {
		const borgere = [
			due('due', 'Due'),
			notDue('tasks', 'Tasks', { tasksDue: 2, openTasks: 3 }),
			overdue('over3', 3, 'Over3'),
			notDue('requested', 'Requested'),
			overdue('over10', 10, 'Over10'),
			notDue('carried', 'Carried'),
			notDue('risk', 'Risk', { risk: 'hoej' }),
			notDue('guest', 'Guest'),
			notDue('idle', 'Idle')
		];
		const result = plan(borgere, roomy, {
			requests: [{ borgerId: 'requested', reason: 'Ny bolig', requestedBy: 'Anna' }],
			carryOver: [{ borgerId: 'carried', fromMeetingDate: '2024-05-27', reason: 'Ikke nået' }],
			guestSlots: [{ borgerId: 'guest', guestLabel: 'Egen læge', at: '13:00' }]
		});
		expect(titles(cases(result))).toEqual([
			'Risk',
			'Carried',
			'Requested',
			'Over10',
			'Over3',
			'Due',
			'Tasks'
		]);
		expect(cases(result).map((item) => item.priority)).toEqual([2, 3, 4, 5, 6, 7, 8]);
		const guest = result.items.find((item) => item.kind === 'guest')!;
		expect(guest).toMatchObject({ title: 'Guest', priority: 1, start: '13:00', fixedTime: true });
		expect(notPlacedIds(result)).toEqual(['idle']);
		expect(cases(result)[6]!.reasons).toEqual([
			{ kind: 'tasks', label: 'Opfølgning: 2 opgaver med frist før mødet (3 åbne i alt)' }
		]);
		expectConsistent(result);
	});

	it('labels each kind of reason in Danish', () => {
		const result = plan(
			[
				notDue('risk', 'Risk', {
					assessments: [
						{ category: 'selvmord', level: 'hoej', assessedAt: daysBefore(3) },
						{ category: 'overdosis', level: 'hoej', assessedAt: daysBefore(3) }
					]
				}),
				notDue('carried', 'Carried'),
				notDue('requested', 'Requested')
			],
			roomy,
			{
				requests: [{ borgerId: 'requested', reason: ' Ny bolig ', requestedBy: 'Anna' }],
				carryOver: [{ borgerId: 'carried', fromMeetingDate: '2024-05-27', reason: 'Ikke nået' }]
			}
		);
		expect(cases(result).map((item) => item.reasons[0]!.label)).toEqual([
			'Høj risiko: Overdosis, Selvmord',
			'Overført fra mødet 27. maj 2024: Ikke nået',
			'Ønsket af Anna: Ny bolig'
		]);
	});

	it('breaks ties by board priority, then name in Danish order', () => {
		const result = plan(
			[
				due('1', 'Åse'),
				due('2', 'Øjvind'),
				due('3', 'Zenia'),
				due('4', 'Ægir'),
				due('5', 'Ørn', { risk: 'moderat' })
			],
			roomy
		);
		expect(titles(cases(result))).toEqual(['Ørn', 'Zenia', 'Ægir', 'Øjvind', 'Åse']);
	});

	it('ranks high risk first even when not due, and most overdue first among the overdue', () => {
		const result = plan(
			[overdue('a', 2, 'A'), overdue('b', 30, 'B'), notDue('c', 'C', { risk: 'hoej' })],
			roomy
		);
		expect(titles(cases(result))).toEqual(['C', 'B', 'A']);
	});
});

describe('a borger with several reasons', () => {
	it('appears once, with all reasons merged in priority order', () => {
		const result = plan(
			[
				overdue('x', 5, 'Xenia', { risk: 'hoej', tasksDue: 1, openTasks: 1 }),
				due('y', 'Yrsa', { openTasks: 2 })
			],
			{ mode: 'cadence_due' },
			{
				requests: [
					{ borgerId: 'x', reason: 'Medicin', requestedBy: 'Læge' },
					{ borgerId: 'x', reason: 'Bolig', requestedBy: 'Sagsbehandler' }
				],
				carryOver: [{ borgerId: 'x', fromMeetingDate: '2024-05-27', reason: 'Ikke nået' }],
				guestSlots: [{ borgerId: 'x', guestLabel: 'Egen læge', at: '10:30', minutes: 15 }]
			}
		);
		const items = result.items.filter((item) => item.borgerId === 'x');
		expect(items).toHaveLength(1);
		expect(items[0]!.kind).toBe('guest');
		expect(items[0]!.reasons.map((reason) => reason.kind)).toEqual([
			'guest',
			'risk',
			'carried_over',
			'requested',
			'requested',
			'overdue',
			'tasks'
		]);
		expect(items[0]!.reasons[0]!.label).toBe('Egen læge deltager kl. 10:30 (15 min)');
		// Open tasks without a deadline are a follow-up note, not a reason on their own.
		expect(cases(result).find((item) => item.borgerId === 'y')!.reasons).toEqual([
			{ kind: 'due', label: 'På tur efter kadencen (Stabil, hver 6. uge)' },
			{ kind: 'tasks', label: '2 åbne opgaver' }
		]);
		expectConsistent(result);
	});

	it('merges two guest slots for one borger into one pinned item', () => {
		const result = plan(
			[notDue('x', 'Xenia')],
			{},
			{
				guestSlots: [
					{ borgerId: 'x', guestLabel: 'Bostøtte', at: '10:45', minutes: 10 },
					{ borgerId: 'x', guestLabel: 'Egen læge', at: '10:30', minutes: 15 }
				]
			}
		);
		const guest = result.items.filter((item) => item.borgerId === 'x');
		expect(guest).toHaveLength(1);
		expect(guest[0]).toMatchObject({
			bookedAt: '10:30',
			minutes: 25,
			guestLabel: 'Egen læge og Bostøtte'
		});
		expect(result.warnings).toContain(
			'Xenia har 2 gæsteslots; de er samlet i ét punkt kl. 10:30 (25 min).'
		);
	});
});

// ---------------------------------------------------------------------------------------
// Carry-over, overflow and the modes
// ---------------------------------------------------------------------------------------

describe('carry-over', () => {
	it('goes before requests and overdue borgere when places are few', () => {
		const result = plan(
			[overdue('o1', 20, 'O1'), overdue('o2', 30, 'O2'), notDue('r', 'R'), notDue('c', 'C')],
			{ mode: 'fixed_count', caseCount: 2 },
			{
				requests: [{ borgerId: 'r', reason: 'Tilbagefald', requestedBy: 'Bo' }],
				carryOver: [{ borgerId: 'c', fromMeetingDate: '2024-05-27', reason: 'Ikke nået' }]
			}
		);
		expect(titles(cases(result))).toEqual(['C', 'R']);
		expect(notPlacedIds(result, 'count_limit')).toEqual(['o2', 'o1']);
		expect(result.notPlaced[0]!.reasons).toEqual([
			'Ikke plads: mødet har et fast antal på 2 sager, og de er optaget af sager med højere prioritet',
			'Kadencen er overskredet med 30 dage (Stabil, hver 6. uge)'
		]);
		expectConsistent(result);
	});

	it('yields only to high risk, and a carry-over left out again is a warning', () => {
		const result = plan(
			[notDue('c', 'Carl'), notDue('h', 'Hanne', { risk: 'hoej' })],
			{ mode: 'fixed_count', caseCount: 1 },
			{ carryOver: [{ borgerId: 'c', fromMeetingDate: '2024-05-27', reason: '' }] }
		);
		expect(titles(cases(result))).toEqual(['Hanne']);
		expect(result.notPlaced[0]).toMatchObject({ borgerId: 'c', why: 'count_limit' });
		expect(result.warnings).toContain(
			'Overført sag: Carl er ikke på dagsordenen igen (ikke plads inden for det faste antal sager).'
		);
	});
});

describe('input checks', () => {
	it('warns about requests, carry-overs and guests for unknown borgere', () => {
		const result = plan(
			[due('a', 'A')],
			{},
			{
				requests: [{ borgerId: 'zz', reason: 'x', requestedBy: 'Bo' }],
				carryOver: [{ borgerId: 'yy', fromMeetingDate: '2024-05-27', reason: 'x' }],
				guestSlots: [{ borgerId: 'ww', guestLabel: 'Egen læge', at: '10:00' }]
			}
		);
		expect(result.warnings).toEqual([
			'Et ønske om en sag gælder en ukendt eller afsluttet borger (zz).',
			'En overført sag gælder en ukendt eller afsluttet borger (yy).',
			'Gæsteslottet Egen læge kl. 10:00 gælder en ukendt eller afsluttet borger (ww); det står på dagsordenen uden navn.'
		]);
		expect(result.items.find((item) => item.kind === 'guest')).toMatchObject({
			title: 'Egen læge',
			borgerId: 'ww'
		});
		expectConsistent(result);
	});

	it('throws on a borger listed twice, a bad clock time or a bad date', () => {
		expect(() => plan([due('a'), due('a')])).toThrow(/mere end én gang/);
		expect(() =>
			plan([due('a')], {}, { guestSlots: [{ borgerId: 'a', guestLabel: 'Læge', at: '25:00' }] })
		).toThrow(/Ugyldigt klokkeslæt/);
		expect(() => planAgenda({ meetingDate: '2024-02-30', borgere: [] })).toThrow(RangeError);
	});

	it('plans an empty board', () => {
		const result = plan([]);
		expect(titles(result.items)).toEqual([
			'Fremmøde og dagsorden',
			'Nye henvisninger og visitation',
			'Meddelelser'
		]);
		expect(result).toMatchObject({ totalMinutes: 20, freeMinutes: 100, endTime: '11:00' });
		expectConsistent(result);
	});
});

// ---------------------------------------------------------------------------------------
// Performance
// ---------------------------------------------------------------------------------------

describe('performance', () => {
	it('plans 60 borgere with 3 years of history well under the budget', () => {
		const categories = ['selvmord', 'overdosis', 'bolig'];
		const levels = ['intensiv', 'skaerpet', 'stabil', 'ikke_paa_tavlen'];
		const risks: RiskLevel[] = ['ingen', 'lav', 'moderat', 'hoej'];
		const borgere: PlannerBorger[] = Array.from({ length: 60 }, (_, i) => {
			// Weekly assessments for three years in three categories.
			const assessments: RiskAssessment[] = [];
			for (let week = 156; week >= 0; week--) {
				for (const [c, category] of categories.entries()) {
					assessments.push({
						category,
						level: risks[(i + week + c) % 4]!,
						assessedAt: daysBefore(week * 7 + c)
					});
				}
			}
			return borger(`b${i}`, `Borger ${String(i).padStart(2, '0')}`, {
				level: levels[i % 4],
				discussedDaysAgo: (i * 5) % 60,
				startDaysAgo: 3 * 365,
				assessments,
				openTasks: i % 5,
				tasksDue: i % 7 === 0 ? 1 : 0
			});
		});
		const input = (mode: MeetingSettings['mode']): AgendaInput => ({
			meetingDate: MEETING,
			borgere,
			requests: [0, 7, 13].map((i) => ({ borgerId: `b${i}`, reason: 'x', requestedBy: 'Bo' })),
			carryOver: [3, 22].map((i) => ({
				borgerId: `b${i}`,
				fromMeetingDate: '2024-05-27',
				reason: ''
			})),
			guestSlots: [
				{ borgerId: 'b40', guestLabel: 'Egen læge', at: '10:30' },
				{ borgerId: null, guestLabel: 'Jobcenter', at: '09:45', minutes: 10 }
			],
			settings: { mode }
		});

		for (const mode of ['fixed_count', 'all_borgere', 'cadence_due'] as const) {
			const run = input(mode);
			planAgenda(run); // warm-up
			const runs = 100;
			const started = performance.now();
			for (let i = 0; i < runs; i++) planAgenda(run);
			const average = (performance.now() - started) / runs;
			// Target < 2 ms; the assertion is generous so a busy CI machine does not flake.
			expect(average, mode).toBeLessThan(20);
			expectConsistent(planAgenda(run));
		}
	});
});
