import { describe, expect, it } from 'vitest';
import { TEAM_ROLES, type TeamRole } from './permissions';
import { SECTION_KEYS, type SectionKey } from './sections';
import {
	consentScope,
	grantAdmitsGuest,
	isoDay,
	mayAccess,
	teamConsentState,
	type ConsentState,
	type Grant,
	type ScopeViewer
} from './consent';

const NOW = new Date('2026-11-23T11:00:00Z');
const TODAY = '2026-11-23';

function grant(over: Partial<Grant> = {}): Grant {
	return {
		id: over.id ?? 'g-team',
		basis: 'consent',
		actorKind: 'team',
		categories: null,
		validFrom: '2026-01-01',
		validUntil: null,
		withdrawnAt: null,
		...over
	};
}

/** The consent states of the table, each as the grants that produce it. */
const STATES: Record<string, { grants: Grant[]; state: ConsentState }> = {
	missing: { grants: [], state: 'missing' },
	'active, all sections': { grants: [grant()], state: 'active' },
	'active, two sections': {
		grants: [grant({ categories: ['maal', 'kriseplan'] })],
		state: 'active'
	},
	expiring: { grants: [grant({ validUntil: '2026-12-10' })], state: 'expiring' },
	expired: { grants: [grant({ validUntil: '2026-11-22' })], state: 'expired' },
	withdrawn: {
		grants: [grant({ withdrawnAt: new Date('2026-11-23T10:59:59Z') })],
		state: 'withdrawn'
	},
	'not started yet': { grants: [grant({ validFrom: '2026-11-24' })], state: 'missing' }
};

const IDENTITY_ONLY: SectionKey[] = ['identitet'];
const ALL: SectionKey[] = [...SECTION_KEYS];

/** Expected readable sections per role (inner wheel) and state. */
function expectedRead(role: TeamRole, state: string): SectionKey[] {
	if (role === 'auditor') return [];
	switch (state) {
		case 'missing':
		case 'active, all sections':
		case 'expiring':
			return ALL;
		case 'active, two sections':
			return ['identitet', 'maal', 'kriseplan'];
		case 'not started yet':
			return ALL;
		default:
			return IDENTITY_ONLY;
	}
}

describe('consent scope: role × consent state × category × mode', () => {
	for (const [label, { grants, state }] of Object.entries(STATES)) {
		it(`${label} → team state ${state}`, () => {
			expect(teamConsentState(grants, TODAY, NOW)).toBe(state);
		});
		for (const role of TEAM_ROLES) {
			const viewer: ScopeViewer = { kind: 'member', role };
			const readable = new Set(expectedRead(role, label));
			for (const section of SECTION_KEYS) {
				const r = readable.has(section);
				it(`${role}, ${label}, ${section}: read ${r ? 'yes' : 'no'}, write ${r ? 'yes' : 'no'}`, () => {
					expect(mayAccess(viewer, grants, section, 'read', NOW)).toBe(r);
					// Every inner-wheel role with read also has write (permissions.ts).
					expect(mayAccess(viewer, grants, section, 'write', NOW)).toBe(r);
				});
			}
		}
	}

	it('the basis is named: consent id, enrolment for identity and the missing state', () => {
		const scope = consentScope(
			{ kind: 'member', role: 'medlem' },
			[grant({ id: 'c1', categories: ['maal'] })],
			NOW
		);
		expect(scope.read.get('maal')).toEqual({ kind: 'consent', id: 'c1' });
		expect(scope.read.get('identitet')).toEqual({ kind: 'enrolment', id: null });
		const missing = consentScope({ kind: 'member', role: 'medlem' }, [], NOW);
		expect(missing.read.get('risiko')).toEqual({ kind: 'enrolment', id: null });
	});

	it('two active team consents give the union of their categories', () => {
		const grants = [
			grant({ id: 'a', categories: ['maal'] }),
			grant({ id: 'b', categories: ['risiko'], validUntil: '2027-01-01' })
		];
		const scope = consentScope({ kind: 'member', role: 'medlem' }, grants, NOW);
		expect([...scope.read.keys()].sort()).toEqual(['identitet', 'maal', 'risiko']);
		expect(scope.state).toBe('active');
	});

	it('a legal-basis disclosure to the team opens its categories after withdrawal', () => {
		const grants = [
			grant({ withdrawnAt: new Date('2026-11-01T00:00:00Z') }),
			grant({ id: 'l1', basis: 'legal', categories: ['kriseplan'], validUntil: '2026-11-30' })
		];
		const scope = consentScope({ kind: 'member', role: 'medlem' }, grants, NOW);
		expect(scope.state).toBe('withdrawn');
		expect(scope.read.get('kriseplan')).toEqual({ kind: 'legal', id: 'l1' });
		expect(scope.read.has('misbrug')).toBe(false);
	});

	it('a consent to an outside actor does not widen the inner wheel', () => {
		const grants = [
			grant({ categories: ['maal'] }),
			grant({ id: 'gp', actorKind: 'person', categories: null })
		];
		const scope = consentScope({ kind: 'member', role: 'medlem' }, grants, NOW);
		expect([...scope.read.keys()].sort()).toEqual(['identitet', 'maal']);
	});

	it('withdrawal takes effect at its instant, not at the end of the day', () => {
		const at = new Date('2026-11-23T11:00:00Z');
		const grants = [grant({ withdrawnAt: at })];
		const before = new Date(at.getTime() - 1);
		expect(mayAccess({ kind: 'member', role: 'medlem' }, grants, 'maal', 'read', before)).toBe(
			true
		);
		expect(mayAccess({ kind: 'member', role: 'medlem' }, grants, 'maal', 'read', at)).toBe(false);
	});
});

describe('consent scope for an outer-wheel guest', () => {
	const gp = grant({ id: 'gp', actorKind: 'person', categories: ['maal', 'kriseplan'] });
	const team = grant({ id: 'team' });
	const start = new Date('2026-11-23T10:45:00Z');
	const end = new Date('2026-11-23T11:15:00Z');
	const guest = (grantId = 'gp'): ScopeViewer => ({
		kind: 'guest',
		grantId,
		windowStart: start,
		windowEnd: end
	});

	const cases: [string, Grant[], ScopeViewer, Date, SectionKey[]][] = [
		['inside the slot: the consented sections', [team, gp], guest(), NOW, ['maal', 'kriseplan']],
		['before the slot: nothing', [team, gp], guest(), new Date('2026-11-23T10:44:59Z'), []],
		['after the slot: nothing', [team, gp], guest(), new Date('2026-11-23T11:15:01Z'), []],
		[
			'consent withdrawn during the slot: nothing',
			[team, { ...gp, withdrawnAt: new Date('2026-11-23T10:50:00Z') }],
			guest(),
			NOW,
			[]
		],
		['consent expired: nothing', [team, { ...gp, validUntil: '2026-11-22' }], guest(), NOW, []],
		['a grant that is not theirs (team consent): nothing', [team, gp], guest('team'), NOW, []],
		['an unknown grant id: nothing', [team, gp], guest('nope'), NOW, []],
		[
			'under a legal-basis disclosure: its categories',
			[{ ...gp, basis: 'legal', categories: ['risiko'] }],
			guest(),
			NOW,
			['risiko']
		]
	];
	for (const [label, grants, viewer, now, sections] of cases) {
		it(label, () => {
			const scope = consentScope(viewer, grants, now);
			expect([...scope.read.keys()].sort()).toEqual([...sections].sort());
			// A guest never writes borger sections (own notes and tasks are separate).
			expect(scope.write.size).toBe(0);
			for (const s of SECTION_KEYS) expect(mayAccess(viewer, grants, s, 'write', now)).toBe(false);
		});
	}

	it('admission needs a non-team grant active for the whole slot', () => {
		expect(grantAdmitsGuest(gp, start, end)).toBe(true);
		expect(grantAdmitsGuest(team, start, end)).toBe(false);
		expect(grantAdmitsGuest(undefined, start, end)).toBe(false);
		expect(grantAdmitsGuest({ ...gp, categories: [] }, start, end)).toBe(false);
		expect(grantAdmitsGuest({ ...gp, validUntil: '2026-11-22' }, start, end)).toBe(false);
		expect(grantAdmitsGuest({ ...gp, validFrom: '2026-11-24' }, start, end)).toBe(false);
		expect(
			grantAdmitsGuest({ ...gp, withdrawnAt: new Date('2026-11-22T00:00:00Z') }, start, end)
		).toBe(false);
	});
});

describe('isoDay', () => {
	it('uses the Danish calendar day', () => {
		expect(isoDay(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
		expect(isoDay(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
		expect(isoDay(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
	});
});
