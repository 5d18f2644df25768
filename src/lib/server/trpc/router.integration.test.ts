import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parse, stringify } from 'devalue';
import { createTestDb } from '$tests/db';
import { contextFor, procedureFor } from '$tests/caller';
import {
	PERMISSIONS,
	TEAM_ROLES,
	can,
	type Permission,
	type TeamRole
} from '$lib/domain/permissions';
import { t as text } from '$lib/i18n/da';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { changeRole, setMemberActive } from '../teams/service';
import type { Meta } from './init';
import { appRouter } from './router';

// ---------------------------------------------------------------------------
// Procedures, read from the router itself so a new one is covered automatically.

interface ProcedureLike {
	_def: {
		type: 'query' | 'mutation' | 'subscription';
		meta?: Partial<Meta>;
		inputs?: { shape?: Record<string, unknown> }[];
	};
}

/**
 * What a permission-checked procedure is about, read from its first input parser:
 * teamProcedure starts with `{ teamId }`, borgerProcedure with `{ borgerId }`.
 */
type Scope = 'team' | 'borger';
function scopeOf(p: ProcedureLike): Scope | null {
	const shape = p._def.inputs?.[0]?.shape ?? {};
	if ('teamId' in shape) return 'team';
	if ('borgerId' in shape) return 'borger';
	return null;
}

const procedures = Object.entries(
	appRouter._def.procedures as unknown as Record<string, ProcedureLike>
).map(([path, p]) => ({ path, type: p._def.type, access: p._def.meta?.access, scope: scopeOf(p) }));

const isPermission = (a: unknown): a is Permission => typeof a === 'string' && a in PERMISSIONS;
const permissionProcedures = procedures.filter((p): p is typeof p & { access: Permission } =>
	isPermission(p.access)
);
const nonPublic = procedures.filter((p) => p.access !== 'public');

// ---------------------------------------------------------------------------
// Database and people.

let handle: DbHandle;
let counter = 0;

interface Person {
	user: SessionUser;
	membershipId: string | null;
}

interface SeededTeam {
	teamId: string;
	kommuneId: string;
	regionId: string;
	members: Record<TeamRole, Person>;
}

function sessionUser(id: string, email: string, name: string): SessionUser {
	return { id, email, name, initials: 'XX', isAdmin: false, hasTotp: false };
}

async function addUser(label: string) {
	counter++;
	const email = `${label}-${counter}@router.tavla.test`;
	const name = `Person ${label} ${counter}`;
	const u = await handle.db
		.insertInto('app_user')
		.values({ email, name, initials: 'PX', password_hash: 'x' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return sessionUser(u.id, email, name);
}

async function addMember(
	teamId: string,
	organisationId: string,
	role: TeamRole,
	opts: { deactivated?: boolean } = {}
): Promise<Person> {
	const user = await addUser(role);
	const m = await handle.db
		.insertInto('membership')
		.values({
			team_id: teamId,
			user_id: user.id,
			organisation_id: organisationId,
			profession: 'sygeplejerske',
			role,
			deactivated_at: opts.deactivated ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { user, membershipId: m.id };
}

/** A team with its two organisations and one active member per role. */
async function seedTeam(label: string): Promise<SeededTeam> {
	counter++;
	const [kommune, region] = await handle.db
		.insertInto('organisation')
		.values([
			{ name: `${label} Kommune`, kind: 'kommune' },
			{ name: `Region ${label}`, kind: 'region' }
		])
		.returning('id')
		.execute();
	const team = await handle.db
		.insertInto('team')
		.values({
			slug: `${label}-${counter}`,
			name: `Team ${label}`,
			municipality_id: kommune!.id,
			region_id: region!.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const members = {} as Record<TeamRole, Person>;
	for (const role of TEAM_ROLES) members[role] = await addMember(team.id, kommune!.id, role);
	return { teamId: team.id, kommuneId: kommune!.id, regionId: region!.id, members };
}

const ctxFor = (user: SessionUser | null) => contextFor(handle.db, user);

/** Call a procedure by its dotted path, as the HTTP handler would. */
async function call(user: SessionUser | null, path: string, input?: unknown): Promise<unknown> {
	return procedureFor(handle.db, user, path)(input);
}

async function callError(
	user: SessionUser | null,
	path: string,
	input?: unknown
): Promise<TRPCError | null> {
	try {
		await call(user, path, input);
		return null;
	} catch (e) {
		expect(e).toBeInstanceOf(TRPCError);
		return e as TRPCError;
	}
}

async function expectCode(promise: Promise<unknown>, code: TRPCError['code']): Promise<TRPCError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
	expect((error as TRPCError).code).toBe(code);
	return error as TRPCError;
}

async function rowCounts() {
	const r = await sql<{ users: number; memberships: number; tokens: number; invitations: number }>`
		select
			(select count(*)::int from app_user) as users,
			(select count(*)::int from membership) as memberships,
			(select count(*)::int from auth_token) as tokens,
			(select count(*)::int from team_invitation) as invitations
	`.execute(handle.db);
	return r.rows[0]!;
}

let main: SeededTeam;
let other: SeededTeam;
let outsider: SessionUser;
let deactivatedLead: Person;
/** A borger record of the main team, for borger-scoped procedures. */
let mainBorgerId: string;

/** The minimal input that names the thing a procedure is scoped to. */
function scopeInput(scope: Scope | null, id?: string): Record<string, unknown> {
	if (scope === 'borger') return { borgerId: id ?? mainBorgerId };
	return { teamId: id ?? main.teamId };
}

beforeAll(async () => {
	handle = await createTestDb();
	main = await seedTeam('aabakke');
	other = await seedTeam('vesterlund');
	// Member of the other team only, and there as teamleder: roles do not travel.
	outsider = other.members.teamleder.user;
	deactivatedLead = await addMember(main.teamId, main.kommuneId, 'teamleder', {
		deactivated: true
	});
	const borger = await sql<{ id: string }>`
		insert into borger (team_id, name, initials) values (${main.teamId}, 'Test Borger', 'TB')
		returning id
	`.execute(handle.db);
	mainBorgerId = borger.rows[0]!.id;
});

afterAll(async () => {
	await handle?.close();
});

// ---------------------------------------------------------------------------

// Who may call what, written out by hand: changing a procedure's access (or adding a
// procedure) must be done deliberately here too, like the table in permissions.test.ts.
const EXPECTED_ACCESS: Record<string, Meta['access']> = {
	'teams.mine': 'user',
	'teams.members': 'team.view',
	'teams.organisations': 'team.view',
	'teams.settings': 'team.view',
	'teams.updateSettings': 'team.settings.manage',
	'teams.invite': 'team.members.manage',
	'teams.invitations': 'team.members.manage',
	'teams.revokeInvitation': 'team.members.manage',
	'teams.myInvitations': 'user',
	'teams.acceptInvitation': 'user',
	'teams.declineInvitation': 'user',
	'teams.changeRole': 'team.members.manage',
	'teams.deactivate': 'team.members.manage',
	'teams.reactivate': 'team.members.manage',
	'borger.board': 'borger.read',
	'borger.closed': 'borger.read',
	'borger.create': 'borger.write',
	'borger.get': 'borger.read',
	'borger.history': 'borger.read',
	'borger.update': 'borger.write',
	'borger.markDiscussed': 'borger.write',
	'borger.setSecondaryContacts': 'borger.write',
	'borger.addItem': 'borger.write',
	'borger.updateItem': 'borger.write',
	'borger.removeItem': 'borger.write',
	'borger.addRisk': 'borger.write',
	'borger.saveCrisisPlan': 'borger.write',
	'borger.changeScaling': 'borger.write',
	'borger.close': 'borger.write',
	'borger.importPreview': 'borger.write',
	'borger.importCommit': 'borger.write',
	'meeting.list': 'meeting.participate',
	'meeting.propose': 'meeting.lead',
	'meeting.create': 'meeting.lead',
	'meeting.get': 'meeting.participate',
	'meeting.glance': 'meeting.participate',
	'meeting.saveAgenda': 'meeting.lead',
	'meeting.start': 'meeting.lead',
	'meeting.next': 'meeting.lead',
	'meeting.extend': 'meeting.lead',
	'meeting.end': 'meeting.lead',
	'meeting.setAttendance': 'meeting.lead',
	'meeting.setItemNotes': 'meeting.participate',
	'meeting.addDecision': 'meeting.participate',
	'meeting.addTask': 'meeting.participate',
	'meeting.setTaskStatus': 'meeting.participate',
	'meeting.tasks': 'meeting.participate',
	'meeting.requestCase': 'borger.write',
	'meeting.finalize': 'meeting.lead',
	'meeting.addCorrection': 'meeting.lead',
	'meeting.stats': 'meeting.participate',
	'meeting.borgerMinutes': 'borger.read',
	'pathway.referrals': 'borger.read',
	'pathway.referral': 'borger.read',
	'pathway.createReferral': 'borger.write',
	'pathway.visit': 'pathway.visitate',
	'pathway.waitingList': 'borger.read',
	'pathway.caseload': 'borger.read',
	'pathway.previewAssignment': 'borger.read',
	'pathway.outcomes': 'pathway.outcomes',
	'pathway.offerPlace': 'borger.write',
	'pathway.course': 'borger.read',
	'pathway.saveStartup': 'borger.write',
	'pathway.completeStartup': 'borger.write',
	'pathway.addPlan': 'borger.write',
	'pathway.recordMeasurement': 'borger.write',
	'pathway.discharge': 'borger.write',
	'audit.list': 'audit.view',
	'audit.goals': 'audit.view',
	'audit.setGoalStatus': 'audit.prepare',
	'audit.defaultScale': 'audit.view',
	'audit.create': 'audit.prepare',
	'audit.get': 'audit.view',
	'audit.evidence': 'audit.view',
	'audit.setParticipants': 'audit.prepare',
	'audit.saveSelfScore': 'audit.selfevaluate',
	'audit.submitSelf': 'audit.prepare',
	'audit.assignAuditors': 'audit.prepare',
	'audit.workspace': 'audit.score',
	'audit.saveAuditorScore': 'audit.score',
	'audit.saveInterview': 'audit.score',
	'audit.saveReport': 'audit.score',
	'audit.release': 'audit.score',
	'audit.report': 'audit.view',
	'consent.list': 'consent.manage',
	'consent.add': 'consent.manage',
	'consent.withdraw': 'consent.manage',
	'consent.addDisclosure': 'consent.manage',
	'accessLog.list': 'accesslog.view',
	'guest.candidates': 'guest.invite',
	'guest.invite': 'guest.invite',
	'guest.revoke': 'guest.invite',
	'guest.addTask': 'meeting.participate',
	'guest.present': 'borger.read',
	'retention.status': 'retention.manage',
	'retention.update': 'retention.manage',
	'retention.run': 'retention.manage'
};

describe('procedure metadata', () => {
	it('every procedure has the access listed in this test, and no other', () => {
		const actual = Object.fromEntries(procedures.map((p) => [p.path, p.access]));
		expect(actual).toEqual(EXPECTED_ACCESS);
		expect(permissionProcedures.length).toBeGreaterThan(0);
	});

	for (const p of permissionProcedures) {
		it(`${p.path} is scoped to a team or a borger, so its permission can be checked`, () => {
			expect(p.scope, `${p.path} takes neither teamId nor borgerId first`).not.toBeNull();
		});
	}

	for (const p of procedures) {
		it(`${p.path} declares meta.access`, () => {
			expect(
				p.access === 'public' || p.access === 'user' || isPermission(p.access),
				`${p.path} has access ${String(p.access)}`
			).toBe(true);
		});
	}
});

describe('unauthenticated calls', () => {
	it('there are procedures that need sign-in', () => {
		expect(nonPublic.length).toBeGreaterThan(0);
	});

	for (const p of nonPublic) {
		it(`${p.path} (${p.access}) → UNAUTHORIZED`, async () => {
			const error = await callError(null, p.path, { teamId: main.teamId });
			expect(error?.code).toBe('UNAUTHORIZED');
			expect(error?.message).toBe(text.errors.unauthorized);
		});
	}
});

describe('role × procedure', () => {
	for (const p of permissionProcedures) {
		for (const role of TEAM_ROLES) {
			const allowed = can(role, p.access);
			it(`${role} ${allowed ? 'may' : 'may not'} call ${p.path} (${p.access})`, async () => {
				const error = await callError(main.members[role].user, p.path, scopeInput(p.scope));
				if (allowed) {
					// May fail on the rest of the input, never on access (nor crash).
					expect(error?.code).not.toBe('FORBIDDEN');
					expect(error?.code).not.toBe('UNAUTHORIZED');
					expect(error?.code).not.toBe('INTERNAL_SERVER_ERROR');
				} else {
					expect(error?.code).toBe('FORBIDDEN');
					expect(error?.message).toBe(text.errors.forbidden);
				}
			});
		}

		it(`a member of another team only may not call ${p.path}`, async () => {
			const error = await callError(outsider, p.path, scopeInput(p.scope));
			expect(error?.code).toBe('FORBIDDEN');
		});

		it(`a deactivated teamleder may not call ${p.path}`, async () => {
			const error = await callError(deactivatedLead.user, p.path, scopeInput(p.scope));
			expect(error?.code).toBe('FORBIDDEN');
		});

		it(`nobody may call ${p.path} on a ${p.scope} that does not exist`, async () => {
			const error = await callError(
				main.members.teamleder.user,
				p.path,
				scopeInput(p.scope, crypto.randomUUID())
			);
			expect(error?.code).toBe('FORBIDDEN');
		});

		it(`${p.path} needs a valid ${p.scope} id`, async () => {
			for (const input of [{}, scopeInput(p.scope, 'ikke-et-id'), undefined]) {
				const error = await callError(main.members.teamleder.user, p.path, input);
				expect(error?.code).toBe('BAD_REQUEST');
				expect(error?.cause).toBeInstanceOf(ZodError);
			}
		});
	}

	it('the allowed calls that need only teamId actually return data', async () => {
		for (const role of TEAM_ROLES) {
			const members = (await call(main.members[role].user, 'teams.members', {
				teamId: main.teamId
			})) as { userId: string }[];
			expect(members.map((m) => m.userId)).toContain(main.members[role].user.id);
			const orgs = (await call(main.members[role].user, 'teams.organisations', {
				teamId: main.teamId
			})) as { id: string }[];
			expect(orgs.map((o) => o.id).sort()).toEqual([main.kommuneId, main.regionId].sort());
		}
	});

	it("teams.mine lists only the caller's active teams", async () => {
		const mine = (await call(main.members.medlem.user, 'teams.mine')) as { id: string }[];
		expect(mine.map((t) => t.id)).toEqual([main.teamId]);
		const theirs = (await call(outsider, 'teams.mine')) as { id: string; role: string }[];
		expect(theirs).toEqual([expect.objectContaining({ id: other.teamId, role: 'teamleder' })]);
		expect(await call(deactivatedLead.user, 'teams.mine')).toEqual([]);
	});
});

// ---------------------------------------------------------------------------

describe('input rejection over HTTP', () => {
	function validInvite(overrides: Record<string, unknown> = {}) {
		counter++;
		return {
			teamId: main.teamId,
			name: 'Ny Kollega',
			email: `ny-${counter}@router.tavla.test`,
			profession: 'psykolog',
			organisationId: main.regionId,
			role: 'medlem',
			...overrides
		};
	}

	async function post(path: string, input: unknown, user: SessionUser | null) {
		const res = await fetchRequestHandler({
			endpoint: '/api/trpc',
			req: new Request(`http://localhost/api/trpc/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(stringify(input))
			}),
			router: appRouter,
			createContext: () => ctxFor(user)
		});
		const body = (await res.json()) as { error?: string; result?: { data: string } };
		return {
			status: res.status,
			error: body.error === undefined ? undefined : (parse(body.error) as ErrorShape),
			data: body.result === undefined ? undefined : parse(body.result.data)
		};
	}

	interface ErrorShape {
		message: string;
		code: number;
		data: { code: string; httpStatus: number; fieldErrors: Record<string, string> | null };
	}

	const badInputs: [string, Record<string, unknown>, string, string | RegExp][] = [
		['a bad e-mail', { email: 'ikke-en-email' }, 'email', 'Skriv en gyldig e-mailadresse.'],
		['a missing e-mail', { email: undefined }, 'email', 'Skriv en gyldig e-mailadresse.'],
		['an unknown profession', { profession: 'astronaut' }, 'profession', 'Vælg en faggruppe.'],
		['an unknown role', { role: 'admin' }, 'role', 'Vælg en rolle.'],
		[
			'a non-uuid organisation',
			{ organisationId: '1' },
			'organisationId',
			'Vælg en ansættelsesorganisation.'
		],
		['a non-uuid team', { teamId: 'abc' }, 'teamId', /^Ugyldig UUID/],
		['an extra-long name', { name: 'N'.repeat(121) }, 'name', /^For stor.*120/],
		['a one-letter name', { name: '  A  ' }, 'name', 'Skriv personens fulde navn.']
	];

	for (const [label, overrides, field, message] of badInputs) {
		it(`teams.invite with ${label} → 400, Danish message, fieldErrors.${field}, nothing written`, async () => {
			const before = await rowCounts();
			const res = await post('teams.invite', validInvite(overrides), main.members.teamleder.user);
			expect(res.status).toBe(400);
			expect(res.error?.data.code).toBe('BAD_REQUEST');
			expect(res.error?.message).toBe(text.errors.badRequest);
			expect(res.error?.data.fieldErrors).not.toBeNull();
			expect(Object.keys(res.error!.data.fieldErrors!)).toEqual([field]);
			expect(res.error!.data.fieldErrors![field]).toMatch(message);
			expect(await rowCounts()).toEqual(before);
		});
	}

	it('the same request with valid input succeeds (the cases above differ in one field)', async () => {
		const before = await rowCounts();
		const res = await post('teams.invite', validInvite(), main.members.teamleder.user);
		expect(res.status).toBe(200);
		expect(res.error).toBeUndefined();
		expect(res.data).toEqual({ invitationId: expect.any(String), delivery: 'log' });
		const after = await rowCounts();
		// Nobody is created or admitted until the invitee accepts.
		expect(after).toEqual({ ...before, invitations: before.invitations + 1 });
	});

	it('the caller sees the ZodError as the cause', async () => {
		const error = await callError(
			main.members.teamleder.user,
			'teams.invite',
			validInvite({ email: 'x' })
		);
		expect(error?.code).toBe('BAD_REQUEST');
		expect(error?.cause).toBeInstanceOf(ZodError);
	});

	it('FORBIDDEN over HTTP is 403 with a Danish message and no fieldErrors', async () => {
		const before = await rowCounts();
		const res = await post('teams.invite', validInvite(), main.members.medlem.user);
		expect(res.status).toBe(403);
		expect(res.error?.message).toBe(text.errors.forbidden);
		expect(res.error?.data.fieldErrors).toBeNull();
		expect(await rowCounts()).toEqual(before);
	});

	it('access is checked before the rest of the input', async () => {
		// A medlem sending garbage learns nothing about the schema.
		const res = await post(
			'teams.invite',
			{ teamId: main.teamId, email: 'x' },
			main.members.medlem.user
		);
		expect(res.status).toBe(403);
		expect(res.error?.data.fieldErrors).toBeNull();
	});

	it('UNAUTHORIZED over HTTP is 401 with a Danish message', async () => {
		const res = await post('teams.invite', validInvite(), null);
		expect(res.status).toBe(401);
		expect(res.error?.message).toBe(text.errors.unauthorized);
	});
});

// ---------------------------------------------------------------------------

describe('team administration', () => {
	let team: SeededTeam;
	let lead: SessionUser;

	beforeAll(async () => {
		team = await seedTeam('admin');
		lead = team.members.teamleder.user;
	});

	async function membership(id: string) {
		return handle.db.selectFrom('membership').selectAll().where('id', '=', id).executeTakeFirst();
	}

	function invite(input: Record<string, unknown>) {
		return call(lead, 'teams.invite', {
			teamId: team.teamId,
			name: 'Inviteret Person',
			profession: 'ergoterapeut',
			organisationId: team.kommuneId,
			role: 'medlem',
			...input
		}) as Promise<{ invitationId: string; delivery: string }>;
	}

	it('invite records an open invitation to this team, and gives the inviter no link', async () => {
		const before = await rowCounts();
		const result = await invite({ email: '  Ny.Person@Router.Tavla.Test ' });
		expect(result).toEqual({ invitationId: expect.any(String), delivery: 'log' });
		expect(await rowCounts()).toEqual({ ...before, invitations: before.invitations + 1 });
		const row = await handle.db
			.selectFrom('team_invitation')
			.selectAll()
			.where('id', '=', result.invitationId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			team_id: team.teamId,
			email: 'ny.person@router.tavla.test',
			name: 'Inviteret Person',
			organisation_id: team.kommuneId,
			profession: 'ergoterapeut',
			role: 'medlem',
			invited_by: lead.id,
			accepted_at: null
		});
		const pending = (await call(lead, 'teams.invitations', { teamId: team.teamId })) as {
			id: string;
			email: string;
		}[];
		expect(pending.map((p) => p.email)).toContain('ny.person@router.tavla.test');
		// Other members do not see who was invited.
		await expectCode(
			call(team.members.medlem.user, 'teams.invitations', { teamId: team.teamId }),
			'FORBIDDEN'
		);
	});

	it('inviting an existing active member → CONFLICT, in any letter case', async () => {
		const existing = team.members.medlem.user;
		const before = await rowCounts();
		await expectCode(invite({ email: existing.email }), 'CONFLICT');
		await expectCode(invite({ email: existing.email.toUpperCase() }), 'CONFLICT');
		expect(await rowCounts()).toEqual(before);
	});

	it('inviting someone with an account leaves a pending invitation they accept when signed in', async () => {
		const person = other.members.medlem.user;
		const result = await invite({ email: person.email });
		// Not a member yet.
		expect(((await call(person, 'teams.mine')) as { id: string }[]).map((x) => x.id)).toEqual([
			other.teamId
		]);
		const mine = (await call(person, 'teams.myInvitations')) as { id: string }[];
		expect(mine.map((x) => x.id)).toContain(result.invitationId);
		// Someone else cannot accept it for them.
		await expectCode(
			call(team.members.medlem.user, 'teams.acceptInvitation', {
				invitationId: result.invitationId
			}),
			'NOT_FOUND'
		);
		await call(person, 'teams.acceptInvitation', { invitationId: result.invitationId });
		const teams = (await call(person, 'teams.mine')) as { id: string }[];
		expect(teams.map((x) => x.id).sort()).toEqual([team.teamId, other.teamId].sort());
		// Accepted once; the invitation is closed.
		await expectCode(
			call(person, 'teams.acceptInvitation', { invitationId: result.invitationId }),
			'NOT_FOUND'
		);
	});

	it('inviting with an organisation that does not own the team → BAD_REQUEST', async () => {
		const before = await rowCounts();
		await expectCode(
			invite({ email: 'forkert-org@router.tavla.test', organisationId: other.kommuneId }),
			'BAD_REQUEST'
		);
		expect(await rowCounts()).toEqual(before);
	});

	it('the last active teamleder cannot be demoted', async () => {
		const error = await expectCode(
			call(lead, 'teams.changeRole', {
				teamId: team.teamId,
				membershipId: team.members.teamleder.membershipId,
				role: 'medlem'
			}),
			'BAD_REQUEST'
		);
		expect(error.message).toBe(text.members.lastLead);
		expect((await membership(team.members.teamleder.membershipId!))?.role).toBe('teamleder');
		// A deactivated teamleder does not count as a second lead.
		await addMember(team.teamId, team.kommuneId, 'teamleder', { deactivated: true });
		await expectCode(
			changeRole(handle.db, team.teamId, team.members.teamleder.membershipId!, 'auditor'),
			'BAD_REQUEST'
		);
	});

	it('the last active teamleder cannot be deactivated', async () => {
		// Through the API a teamleder can only reach this by deactivating themself, so
		// call the service as another actor (e.g. an administrator).
		const error = await expectCode(
			setMemberActive(
				handle.db,
				team.teamId,
				team.members.teamleder.membershipId!,
				false,
				team.members.moedeleder.user.id
			),
			'BAD_REQUEST'
		);
		expect(error.message).toBe(text.members.lastLead);
		expect((await membership(team.members.teamleder.membershipId!))?.deactivated_at).toBeNull();
	});

	it('a teamleder cannot deactivate themself', async () => {
		const error = await expectCode(
			call(lead, 'teams.deactivate', {
				teamId: team.teamId,
				membershipId: team.members.teamleder.membershipId
			}),
			'BAD_REQUEST'
		);
		expect(error.message).toBe(text.members.self);
		expect((await membership(team.members.teamleder.membershipId!))?.deactivated_at).toBeNull();
	});

	it('with two teamledere one can be demoted, and then the other is the last', async () => {
		const second = await addMember(team.teamId, team.regionId, 'teamleder');
		await call(lead, 'teams.changeRole', {
			teamId: team.teamId,
			membershipId: second.membershipId,
			role: 'moedeleder'
		});
		expect((await membership(second.membershipId!))?.role).toBe('moedeleder');
		await expectCode(
			changeRole(handle.db, team.teamId, team.members.teamleder.membershipId!, 'medlem'),
			'BAD_REQUEST'
		);
	});

	it('deactivate keeps the membership row; reactivate clears deactivated_at', async () => {
		const target = team.members.auditor;
		const before = await rowCounts();
		await call(lead, 'teams.deactivate', {
			teamId: team.teamId,
			membershipId: target.membershipId
		});
		const row = await membership(target.membershipId!);
		expect(row).toBeDefined();
		expect(row?.deactivated_at).toBeInstanceOf(Date);
		expect(row?.role).toBe('auditor');
		expect(await rowCounts()).toEqual(before);

		// Access ends at once.
		await expectCode(call(target.user, 'teams.members', { teamId: team.teamId }), 'FORBIDDEN');
		const members = (await call(lead, 'teams.members', { teamId: team.teamId })) as {
			membershipId: string;
			active: boolean;
		}[];
		expect(members.find((x) => x.membershipId === target.membershipId)?.active).toBe(false);

		await call(lead, 'teams.reactivate', {
			teamId: team.teamId,
			membershipId: target.membershipId
		});
		expect((await membership(target.membershipId!))?.deactivated_at).toBeNull();
		expect(await call(target.user, 'teams.members', { teamId: team.teamId })).toBeInstanceOf(Array);
	});

	it('a deactivated member can be invited back; accepting reactivates the same row', async () => {
		const target = team.members.medlem;
		await call(lead, 'teams.deactivate', {
			teamId: team.teamId,
			membershipId: target.membershipId
		});
		const result = await invite({ email: target.user.email, role: 'moedeleder' });
		expect((await membership(target.membershipId!))?.deactivated_at).toBeInstanceOf(Date);
		await call(target.user, 'teams.acceptInvitation', { invitationId: result.invitationId });
		expect(await membership(target.membershipId!)).toMatchObject({
			deactivated_at: null,
			role: 'moedeleder'
		});
	});

	it('memberships of another team cannot be changed through this team → NOT_FOUND', async () => {
		const foreign = other.members.medlem.membershipId;
		for (const path of ['teams.deactivate', 'teams.reactivate']) {
			await expectCode(
				call(lead, path, { teamId: team.teamId, membershipId: foreign }),
				'NOT_FOUND'
			);
		}
		await expectCode(
			call(lead, 'teams.changeRole', {
				teamId: team.teamId,
				membershipId: foreign,
				role: 'auditor'
			}),
			'NOT_FOUND'
		);
		expect(await membership(foreign!)).toMatchObject({ deactivated_at: null, role: 'medlem' });
	});
});
