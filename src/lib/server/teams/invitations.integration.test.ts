// Invitations cannot be used to take over an account. The first test reproduces the
// reported attack: the lead of team A invites an address, the lead of team B invites
// the same address and must not get anything that signs them in as that person (and so
// into team A). The rest pins down the flow that replaced it.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb } from '$tests/db';
import { makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { attemptLogin } from '../auth/login';
import { consumeAuthToken } from '../auth/reset';
import { hashPassword } from '../auth/password';
import type { InvitationMessage } from '../mail/delivery';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { listUserTeams } from './service';
import { acceptAsUser, acceptWithNewAccount, findInvitationByToken } from './invitations';

// What reached the invitees' mailboxes (there is no mail server in tests).
const mailbox: InvitationMessage[] = [];
vi.mock('../mail/delivery', () => ({
	deliverInvitation: async (m: InvitationMessage) => {
		mailbox.push(m);
		return 'log';
	},
	deliverPasswordReset: async () => 'log'
}));

let handle: DbHandle;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
	handle = await createTestDb();
});

afterAll(async () => {
	await handle?.close();
});

beforeEach(() => {
	mailbox.length = 0;
});

async function sessionUserOf(userId: string): Promise<SessionUser> {
	const u = await handle.db
		.selectFrom('app_user')
		.selectAll()
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	return {
		id: u.id,
		email: u.email,
		name: u.name,
		initials: u.initials,
		isAdmin: false,
		hasTotp: false
	};
}

function callerFor(user: SessionUser) {
	return createCaller({
		db: handle.db,
		user,
		session: {
			id: `s-${user.id}`,
			expiresAt: new Date(Date.now() + 3_600_000),
			twoFactorVerified: true
		},
		requestId: 'test',
		origin: 'https://tavla.example.dk'
	});
}

async function leadOfNewTeam() {
	const team = await makeTeam(handle.db, ['teamleder']);
	const lead = await sessionUserOf(team.members[0]!.userId);
	const invite = (email: string, role: 'medlem' | 'auditor' = 'medlem') =>
		callerFor(lead).teams.invite({
			teamId: team.teamId,
			name: 'Xenia Invitedsen',
			email,
			profession: 'psykolog',
			organisationId: team.kommuneId,
			role
		});
	return { team, lead, invite };
}

let n = 0;
const freshEmail = () => `x-${++n}-${Date.now()}@invite.tavla.test`;

/** Every secret-looking string (our tokens are 32 base32 characters) in a value. */
function tokensIn(value: unknown): string[] {
	return JSON.stringify(value ?? null).match(/[a-z2-7]{32}/g) ?? [];
}

function linkTokenOf(m: InvitationMessage): string {
	const match = /\/invitation\/([a-z2-7]{32})$/.exec(m.link);
	if (!match) throw new Error(`not an invitation link: ${m.link}`);
	return match[1]!;
}

async function userIdOf(email: string) {
	return (
		await handle.db
			.selectFrom('app_user')
			.select(['id', 'password_hash'])
			.where('email', '=', email)
			.executeTakeFirst()
	)?.id;
}

describe('the reported attack: a second team lead invites the same address', () => {
	it('the second lead receives nothing that signs them in as the invitee, and team A stays closed', async () => {
		const a = await leadOfNewTeam();
		const b = await leadOfNewTeam();
		const email = freshEmail();

		await a.invite(email);
		const received = await b.invite(email);

		// The attacker tries every token they were handed, as a reset and as an invitation link.
		const attackerPassword = 'angriberens-adgangskode';
		for (const token of tokensIn(received)) {
			expect(await consumeAuthToken(handle.db, token, attackerPassword)).toBeNull();
			expect((await acceptWithNewAccount(handle.db, token, attackerPassword)).ok).toBe(false);
		}
		const login = await attemptLogin(handle.db, {
			email,
			password: attackerPassword,
			clientAddress: '10.9.9.9'
		});
		expect(login.ok).toBe(false);

		// Whatever exists for the address is not a member of team A until the invitee accepts.
		const userId = await userIdOf(email);
		if (userId) {
			const teams = await listUserTeams(handle.db, userId);
			expect(teams.map((t) => t.id)).not.toContain(a.team.teamId);
		}
	});

	it("team A's link still works after team B invited the same address, and admits to A only", async () => {
		const a = await leadOfNewTeam();
		const b = await leadOfNewTeam();
		const email = freshEmail();
		await a.invite(email);
		await b.invite(email);

		expect(mailbox.map((m) => m.to)).toEqual([email, email]);
		const [linkA, linkB] = mailbox.map(linkTokenOf);
		expect(linkA).not.toBe(linkB);
		expect(mailbox.every((m) => m.link.startsWith('https://tavla.example.dk/invitation/'))).toBe(
			true
		);

		const accepted = await acceptWithNewAccount(handle.db, linkA!, 'min-egen-adgangskode');
		expect(accepted).toMatchObject({ ok: true });
		const userId = (await userIdOf(email))!;
		expect((await listUserTeams(handle.db, userId)).map((t) => t.id)).toEqual([a.team.teamId]);

		// B's link can no longer set a password: the account exists now.
		expect(await acceptWithNewAccount(handle.db, linkB!, 'en-anden-adgangskode')).toEqual({
			ok: false,
			reason: 'has_account'
		});
		// Signed in, the invitee accepts B as well.
		const me = await sessionUserOf(userId);
		expect(await acceptAsUser(handle.db, me, { token: linkB! })).toMatchObject({ ok: true });
		expect((await listUserTeams(handle.db, userId)).map((t) => t.id).sort()).toEqual(
			[a.team.teamId, b.team.teamId].sort()
		);
		// The password is the invitee's own.
		const login = await attemptLogin(handle.db, {
			email,
			password: 'min-egen-adgangskode',
			clientAddress: '10.9.9.10'
		});
		expect(login.ok).toBe(true);
	});
});

describe('existing accounts are never given a password through an invitation', () => {
	async function existing(passwordHash: string | null) {
		const email = freshEmail();
		const u = await handle.db
			.insertInto('app_user')
			.values({ email, name: 'Eksisterende Person', initials: 'EP', password_hash: passwordHash })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { email, id: u.id };
	}

	for (const [label, hash] of [
		['single sign-on only (no password)', null],
		['with a password', 'password']
	] as const) {
		it(`${label}: a pending invitation, accepted only while signed in`, async () => {
			const person = await existing(hash === null ? null : await hashPassword('den-rigtige-kode'));
			const before = await handle.db
				.selectFrom('app_user')
				.select('password_hash')
				.where('id', '=', person.id)
				.executeTakeFirstOrThrow();
			const b = await leadOfNewTeam();
			const received = await b.invite(person.email);
			expect(tokensIn(received)).toEqual([]);
			expect(mailbox).toHaveLength(1);
			expect(mailbox[0]).toMatchObject({ to: person.email, hasAccount: true });
			const link = linkTokenOf(mailbox[0]!);

			// Even the delivered link sets no password for an existing account.
			expect(await acceptWithNewAccount(handle.db, link, 'overtaget-adgangskode')).toEqual({
				ok: false,
				reason: 'has_account'
			});
			expect(await consumeAuthToken(handle.db, link, 'overtaget-adgangskode')).toBeNull();
			const after = await handle.db
				.selectFrom('app_user')
				.select('password_hash')
				.where('id', '=', person.id)
				.executeTakeFirstOrThrow();
			expect(after.password_hash).toBe(before.password_hash);
			expect(await listUserTeams(handle.db, person.id)).toEqual([]);

			// Signed in as someone else, the link does not work either.
			const stranger = await sessionUserOf(b.lead.id);
			expect(await acceptAsUser(handle.db, stranger, { token: link })).toEqual({
				ok: false,
				reason: 'other_person'
			});
			// Signed in as themself (password or single sign-on), they accept.
			const me = await sessionUserOf(person.id);
			const mine = await callerFor(me).teams.myInvitations();
			expect(mine).toHaveLength(1);
			await callerFor(me).teams.acceptInvitation({ invitationId: mine[0]!.id });
			expect((await listUserTeams(handle.db, person.id)).map((t) => t.id)).toEqual([b.team.teamId]);
		});
	}
});

describe('invitation links', () => {
	it('re-inviting from the same team sends a fresh link and voids only that team’s old one', async () => {
		const a = await leadOfNewTeam();
		const b = await leadOfNewTeam();
		const email = freshEmail();
		await a.invite(email);
		await b.invite(email);
		await a.invite(email, 'auditor');
		const [a1, b1, a2] = mailbox.map(linkTokenOf);
		expect(await findInvitationByToken(handle.db, a1!)).toBeNull();
		expect(await findInvitationByToken(handle.db, b1!)).not.toBeNull();
		expect(await findInvitationByToken(handle.db, a2!)).toMatchObject({ role: 'auditor' });
		const open = await handle.db
			.selectFrom('team_invitation')
			.select('team_id')
			.where('email', '=', email)
			.execute();
		expect(open).toHaveLength(2);
	});

	it('work once, also when used twice at the same moment', async () => {
		const a = await leadOfNewTeam();
		const email = freshEmail();
		await a.invite(email);
		const link = linkTokenOf(mailbox[0]!);
		const results = await Promise.all([
			acceptWithNewAccount(handle.db, link, 'foerste-adgangskode'),
			acceptWithNewAccount(handle.db, link, 'anden-adgangskode')
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await findInvitationByToken(handle.db, link)).toBeNull();
		const users = await handle.db
			.selectFrom('app_user')
			.select('id')
			.where('email', '=', email)
			.execute();
		expect(users).toHaveLength(1);
	});

	it('stop working when revoked, declined or after seven days', async () => {
		const a = await leadOfNewTeam();
		const api = callerFor(a.lead);
		const [e1, e2, e3] = [freshEmail(), freshEmail(), freshEmail()];
		const r1 = await a.invite(e1);
		await a.invite(e2);
		await a.invite(e3);
		const [l1, l2, l3] = mailbox.map(linkTokenOf);

		await api.teams.revokeInvitation({ teamId: a.team.teamId, invitationId: r1.invitationId });
		expect(await findInvitationByToken(handle.db, l1!)).toBeNull();
		expect((await acceptWithNewAccount(handle.db, l1!, 'en-adgangskode')).ok).toBe(false);

		const eightDays = new Date(Date.now() + 8 * 24 * 3_600_000);
		expect(await findInvitationByToken(handle.db, l2!, eightDays)).toBeNull();
		expect((await acceptWithNewAccount(handle.db, l2!, 'en-adgangskode', eightDays)).ok).toBe(
			false
		);

		// The invitee declines (after signing up for another team, say).
		const other = await leadOfNewTeam();
		await other.invite(e3);
		await acceptWithNewAccount(handle.db, linkTokenOf(mailbox.at(-1)!), 'en-adgangskode');
		const me = await sessionUserOf((await userIdOf(e3))!);
		const mine = await callerFor(me).teams.myInvitations();
		expect(mine.map((m) => m.teamName)).toHaveLength(1);
		await callerFor(me).teams.declineInvitation({ invitationId: mine[0]!.id });
		expect(await findInvitationByToken(handle.db, l3!)).toBeNull();
		expect(await api.teams.invitations({ teamId: a.team.teamId })).toEqual([
			expect.objectContaining({ email: e2, expired: false })
		]);
	});

	it('a team lead cannot revoke another team’s invitation', async () => {
		const a = await leadOfNewTeam();
		const b = await leadOfNewTeam();
		const r = await a.invite(freshEmail());
		await expect(
			callerFor(b.lead).teams.revokeInvitation({
				teamId: b.team.teamId,
				invitationId: r.invitationId
			})
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await findInvitationByToken(handle.db, linkTokenOf(mailbox[0]!))).not.toBeNull();
	});
});
