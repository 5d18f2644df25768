import { describe, expect, it } from 'vitest';
import {
	durationMinutes,
	meetingStats,
	monthRange,
	seriesDays,
	type StatsAttendance,
	type StatsMeeting
} from './meeting-stats';

const meeting = (id: string, date: string, over: Partial<StatsMeeting> = {}): StatsMeeting => ({
	id,
	date,
	status: 'afsluttet',
	lengthMinutes: 120,
	startedAt: `${date}T09:00:00Z`,
	endedAt: `${date}T10:50:00Z`,
	plannedCases: 8,
	reachedCases: 7,
	plannedItems: 10,
	reachedItems: 9,
	overrunItems: 1,
	caseMinutes: 84,
	...over
});

describe('calendar helpers', () => {
	it('lists the last months oldest first, across a new year', () => {
		expect(monthRange('2026-02-10', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthRange('2026-11-23', 1)).toEqual(['2026-11']);
	});

	it('finds the weekly meeting days of the series in a range', () => {
		// November 2026: Tuesdays are the 3rd, 10th, 17th and 24th.
		expect(seriesDays('2026-11-01', '2026-11-30', 2)).toEqual([
			'2026-11-03',
			'2026-11-10',
			'2026-11-17',
			'2026-11-24'
		]);
		expect(seriesDays('2026-11-23', '2026-11-23', 1)).toEqual(['2026-11-23']);
		expect(seriesDays('2026-11-24', '2026-11-29', 1)).toEqual([]);
	});

	it('measures a held meeting from start to end, and nothing when a time is missing', () => {
		expect(
			durationMinutes({ startedAt: '2026-11-03T09:00:00Z', endedAt: '2026-11-03T11:07:30Z' })
		).toBe(128);
		expect(durationMinutes({ startedAt: null, endedAt: '2026-11-03T11:00:00Z' })).toBeNull();
		expect(
			durationMinutes({ startedAt: '2026-11-03T11:00:00Z', endedAt: '2026-11-03T09:00:00Z' })
		).toBeNull();
	});
});

describe('meetingStats', () => {
	const base = {
		today: '2026-11-23',
		weekday: 2,
		months: 2,
		attendance: [] as StatsAttendance[]
	};

	it('counts meetings held against the weekly series and averages the duration', () => {
		const s = meetingStats({
			...base,
			meetings: [
				meeting('a', '2026-10-06'),
				meeting('b', '2026-10-13', { endedAt: '2026-10-13T11:20:00Z' }), // 140 min
				meeting('c', '2026-11-03'),
				meeting('planned-not-held', '2026-11-10', {
					status: 'planlagt',
					startedAt: null,
					endedAt: null
				}),
				meeting('future', '2026-11-24', { status: 'planlagt' }),
				meeting('too-old', '2026-09-29')
			]
		});
		// October 2026 has 4 Tuesdays, November up to the 23rd has 3.
		expect(s.months.map((m) => [m.month, m.expected, m.held])).toEqual([
			['2026-10', 4, 2],
			['2026-11', 3, 1]
		]);
		expect(s.totals.expected).toBe(7);
		expect(s.totals.held).toBe(3);
		expect(s.months[0]!.avgDuration).toBe(125);
		expect(s.totals.avgDuration).toBe(120);
		expect(s.totals.withinLength).toBe(0.667);
		expect(s.meetings.map((m) => m.date)).toEqual(['2026-10-06', '2026-10-13', '2026-11-03']);
		expect(s.meetings[1]!.duration).toBe(140);
	});

	it('reports cases reached against planned, overruns and time per case', () => {
		const s = meetingStats({
			...base,
			meetings: [
				meeting('a', '2026-11-03', {
					plannedCases: 8,
					reachedCases: 6,
					caseMinutes: 90,
					overrunItems: 2
				}),
				meeting('b', '2026-11-10', {
					plannedCases: 8,
					reachedCases: 8,
					caseMinutes: 110,
					overrunItems: 0
				})
			]
		});
		expect(s.totals.plannedCases).toBe(16);
		expect(s.totals.reachedCases).toBe(14);
		expect(s.totals.reachedShare).toBe(0.875);
		expect(s.totals.overrunItems).toBe(2);
		expect(s.totals.avgCaseMinutes).toBe(14.3);
		expect(s.months[1]).toMatchObject({ plannedCases: 16, reachedCases: 14, overrunItems: 2 });
	});

	it('gives attendance per profession and per sector as the share present (room or online)', () => {
		const s = meetingStats({
			...base,
			months: 1,
			meetings: [meeting('a', '2026-11-03'), meeting('b', '2026-11-10')],
			attendance: [
				{ meetingId: 'a', profession: 'laege', sector: 'region', mode: 'fremmoedt' },
				{ meetingId: 'b', profession: 'laege', sector: 'region', mode: 'fravaerende' },
				{ meetingId: 'a', profession: 'sygeplejerske', sector: 'kommune', mode: 'online' },
				{ meetingId: 'b', profession: 'sygeplejerske', sector: 'kommune', mode: 'fremmoedt' },
				{ meetingId: 'b', profession: 'psykolog', sector: 'region', mode: 'fremmoedt' },
				// Not a held meeting: ignored.
				{ meetingId: 'x', profession: 'laege', sector: 'region', mode: 'fremmoedt' }
			]
		});
		expect(s.professions).toEqual(['laege', 'psykolog', 'sygeplejerske']);
		expect(s.attendanceByProfession).toEqual([
			{ month: '2026-11', present: { laege: 0.5, sygeplejerske: 1, psykolog: 1 } }
		]);
		expect(s.attendanceBySector[0]!.present).toEqual({ region: 0.667, kommune: 1 });
	});

	it('has nothing to average when no meeting was held', () => {
		const s = meetingStats({ ...base, meetings: [] });
		expect(s.totals).toMatchObject({
			held: 0,
			avgDuration: null,
			withinLength: null,
			reachedShare: null,
			avgCaseMinutes: null
		});
		expect(s.months.every((m) => m.avgDuration === null && m.held === 0)).toBe(true);
	});
});
