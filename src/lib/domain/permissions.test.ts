import { describe, expect, it } from 'vitest';
import {
	PERMISSIONS,
	TEAM_ROLES,
	can,
	isTeamRole,
	type Permission,
	type TeamRole
} from './permissions';

// The expected matrix written out by hand, so a change to PERMISSIONS must be
// made deliberately in two places.
const expected: Record<Permission, TeamRole[]> = {
	'team.view': ['teamleder', 'moedeleder', 'medlem', 'auditor'],
	'team.members.manage': ['teamleder'],
	'team.settings.manage': ['teamleder'],
	'pathway.visitate': ['teamleder', 'moedeleder'],
	'pathway.outcomes': ['teamleder', 'moedeleder', 'medlem', 'auditor'],
	'borger.read': ['teamleder', 'moedeleder', 'medlem'],
	'borger.write': ['teamleder', 'moedeleder', 'medlem'],
	'meeting.lead': ['teamleder', 'moedeleder'],
	'meeting.participate': ['teamleder', 'moedeleder', 'medlem'],
	'audit.score': ['auditor'],
	'audit.prepare': ['teamleder'],
	'audit.view': ['teamleder', 'moedeleder', 'medlem', 'auditor'],
	'audit.selfevaluate': ['teamleder', 'moedeleder', 'medlem'],
	'consent.manage': ['teamleder', 'moedeleder', 'medlem'],
	'accesslog.view': ['teamleder'],
	'guest.invite': ['teamleder', 'moedeleder'],
	'retention.manage': ['teamleder']
};

describe('permissions', () => {
	it('covers exactly the permissions listed here', () => {
		expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(expected).sort());
	});

	for (const permission of Object.keys(expected) as Permission[]) {
		for (const role of TEAM_ROLES) {
			const allowed = expected[permission].includes(role);
			it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
				expect(can(role, permission)).toBe(allowed);
			});
		}
	}

	it('denies when there is no role', () => {
		expect(can(null, 'team.view')).toBe(false);
		expect(can(undefined, 'team.view')).toBe(false);
	});

	it('recognises team roles', () => {
		expect(isTeamRole('medlem')).toBe(true);
		expect(isTeamRole('admin')).toBe(false);
		expect(isTeamRole(3)).toBe(false);
	});
});
