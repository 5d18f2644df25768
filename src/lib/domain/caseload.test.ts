import { describe, expect, it } from 'vitest';
import {
	assignmentWarnings,
	caseloadLevel,
	caseloadOverview,
	countsTowardCaseload,
	teamIsFull
} from './caseload';

describe('caseload rules', () => {
	it('counts accepted and active courses, not the waiting list or closed ones', () => {
		expect(countsTowardCaseload('aktiv')).toBe(true);
		expect(countsTowardCaseload('henvist')).toBe(true);
		expect(countsTowardCaseload('venter')).toBe(false);
		expect(countsTowardCaseload('afsluttet')).toBe(false);
	});

	it('grades a count against its cap', () => {
		expect(caseloadLevel(10, 24)).toBe('ok');
		expect(caseloadLevel(22, 24)).toBe('naer');
		expect(caseloadLevel(24, 24)).toBe('fuld');
		expect(caseloadLevel(25, 24)).toBe('over');
		expect(caseloadLevel(50, null)).toBe('ok');
	});

	it('warns (never blocks) when one more course exceeds the team or member cap', () => {
		expect(assignmentWarnings({ caps: { team: 24, member: null }, teamCount: 23 })).toEqual([]);
		const w = assignmentWarnings({
			caps: { team: 24, member: 10 },
			teamCount: 24,
			memberCount: 10,
			memberName: 'Jonas'
		});
		expect(w.map((x) => x.kind)).toEqual(['team', 'member']);
		expect(w[0]!.message).toContain('loftet er 24');
		expect(w[1]!.message).toContain('Jonas har 10');
		expect(
			assignmentWarnings({ caps: { team: 24, member: 10 }, teamCount: 3, memberCount: 9 })
		).toEqual([]);
	});

	it('puts an accepted referral on the waiting list when the team is at its cap', () => {
		expect(teamIsFull(23, 24)).toBe(false);
		expect(teamIsFull(24, 24)).toBe(true);
	});

	it('summarises per case manager and scaling level, keeping borgere without one', () => {
		const o = caseloadOverview(
			[
				{ status: 'aktiv', caseManagerId: 'a', level: 'intensiv' },
				{ status: 'aktiv', caseManagerId: 'a', level: 'stabil' },
				{ status: 'henvist', caseManagerId: 'b', level: 'stabil' },
				{ status: 'aktiv', caseManagerId: null, level: 'stabil' },
				{ status: 'venter', caseManagerId: 'b', level: 'stabil' },
				{ status: 'afsluttet', caseManagerId: 'a', level: 'stabil' }
			],
			{ team: 4, member: 2 }
		);
		expect(o.team).toEqual({ total: 4, level: 'fuld', byLevel: { intensiv: 1, stabil: 3 } });
		expect(o.members[0]).toEqual({
			membershipId: 'a',
			total: 2,
			byLevel: { intensiv: 1, stabil: 1 },
			level: 'fuld'
		});
		expect(o.members.find((m) => m.membershipId === null)?.total).toBe(1);
	});
});
