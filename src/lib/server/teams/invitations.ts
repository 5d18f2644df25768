import { sql } from 'kysely';
import type { DB, Executor } from '../db';
import type { TeamRole } from '$lib/domain/permissions';
import { initialsOf } from '$lib/domain/professions';
import { invitationText } from '$lib/i18n/da';
import { hashPassword } from '../auth/password';
import { generateToken, hashToken } from '../auth/tokens';
import { deliverInvitation, type DeliveryMode } from '../mail/delivery';
import type { InviteMemberInput } from './schemas';
import { teamOrganisations } from './service';
import { badRequest, conflict, notFound } from '../errors';

/**
 * Invitations to a team. An invitation belongs to one team and becomes a membership
 * only when the invitee accepts it:
 *
 * - the link goes to the invited address (mail/delivery.ts) and never to the inviter,
 *   so whoever invites cannot act as the invitee;
 * - a new person accepts by choosing their first password through that link, which
 *   creates the account; anyone who already has an account (with a password, through
 *   single sign-on only, or from an older invitation) accepts while signed in, so no
 *   invitation can set or reset the password of an existing account;
 * - each team's invitation has its own link: inviting the same address from another
 *   team, or again from the same team, never voids another team's link.
 */

export const INVITATION_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

function openInvitations(db: Executor) {
	return db
		.selectFrom('team_invitation as i')
		.where('i.accepted_at', 'is', null)
		.where('i.declined_at', 'is', null)
		.where('i.revoked_at', 'is', null);
}

async function userByEmail(db: Executor, email: string) {
	return db
		.selectFrom('app_user')
		.select(['id', 'email', 'password_hash', 'deactivated_at'])
		.where(sql`lower(email)`, '=', email.toLowerCase())
		.executeTakeFirst();
}

/**
 * Invite `input.email` to the team. Re-inviting the same address from the same team
 * sends a fresh link and replaces only this team's earlier one. Returns how the link
 * was delivered, never the link.
 */
export async function inviteMember(
	db: DB,
	teamId: string,
	invitedBy: { id: string; name: string },
	input: InviteMemberInput,
	origin: string,
	now = new Date()
): Promise<{ invitationId: string; delivery: DeliveryMode }> {
	const orgs = await teamOrganisations(db, teamId);
	if (!orgs.some((o) => o.id === input.organisationId)) {
		throw badRequest(invitationText.wrongOrganisation);
	}
	const email = input.email.toLowerCase();
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY);
	const { invitationId, teamName, hasAccount } = await db.transaction().execute(async (trx) => {
		const user = await userByEmail(trx, email);
		if (user) {
			const active = await trx
				.selectFrom('membership')
				.select('id')
				.where('team_id', '=', teamId)
				.where('user_id', '=', user.id)
				.where('deactivated_at', 'is', null)
				.executeTakeFirst();
			if (active) throw conflict(invitationText.alreadyMember);
		}
		const values = {
			name: input.name,
			organisation_id: input.organisationId,
			profession: input.profession,
			role: input.role,
			token_hash: hashToken(token),
			invited_by: invitedBy.id,
			expires_at: expiresAt
		};
		const pending = await openInvitations(trx)
			.select('i.id')
			.where('i.team_id', '=', teamId)
			.where('i.email', '=', email)
			.forUpdate()
			.executeTakeFirst();
		const row = pending
			? await trx
					.updateTable('team_invitation')
					.set(values)
					.where('id', '=', pending.id)
					.returning('id')
					.executeTakeFirstOrThrow()
			: await trx
					.insertInto('team_invitation')
					.values({ ...values, team_id: teamId, email })
					.returning('id')
					.executeTakeFirstOrThrow();
		const team = await trx
			.selectFrom('team')
			.select('name')
			.where('id', '=', teamId)
			.executeTakeFirstOrThrow();
		return { invitationId: row.id, teamName: team.name, hasAccount: Boolean(user) };
	});
	const delivery = await deliverInvitation({
		to: email,
		invitationId,
		teamName,
		invitedBy: invitedBy.name,
		link: `${origin}/invitation/${token}`,
		expiresAt,
		hasAccount
	});
	return { invitationId, delivery };
}

export interface PendingInvitation {
	id: string;
	name: string;
	email: string;
	profession: string;
	role: TeamRole;
	organisationId: string;
	organisation: string;
	createdAt: Date;
	expiresAt: Date;
	expired: boolean;
}

/** A team's invitations that are neither accepted, declined nor revoked (for its lead). */
export async function listInvitations(
	db: Executor,
	teamId: string,
	now = new Date()
): Promise<PendingInvitation[]> {
	const rows = await openInvitations(db)
		.innerJoin('organisation as o', 'o.id', 'i.organisation_id')
		.select([
			'i.id',
			'i.name',
			'i.email',
			'i.profession',
			'i.role',
			'i.organisation_id',
			'o.name as organisation',
			'i.created_at',
			'i.expires_at'
		])
		.where('i.team_id', '=', teamId)
		.orderBy('i.created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		email: r.email,
		profession: r.profession,
		role: r.role,
		organisationId: r.organisation_id,
		organisation: r.organisation,
		createdAt: r.created_at,
		expiresAt: r.expires_at,
		expired: r.expires_at.getTime() <= now.getTime()
	}));
}

export async function revokeInvitation(
	db: Executor,
	teamId: string,
	invitationId: string,
	now = new Date()
): Promise<void> {
	const r = await db
		.updateTable('team_invitation')
		.set({ revoked_at: now })
		.where('id', '=', invitationId)
		.where('team_id', '=', teamId)
		.where('accepted_at', 'is', null)
		.where('declined_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) throw notFound(invitationText.notFound);
}

export interface InvitationForUser {
	id: string;
	teamName: string;
	teamSlug: string;
	role: TeamRole;
	invitedBy: string | null;
	expiresAt: Date;
}

function forUser(db: Executor, now: Date) {
	return openInvitations(db)
		.innerJoin('team as t', 't.id', 'i.team_id')
		.leftJoin('app_user as by', 'by.id', 'i.invited_by')
		.select([
			'i.id',
			'i.email',
			'i.name',
			'i.team_id',
			'i.organisation_id',
			'i.profession',
			'i.role',
			'i.expires_at',
			't.name as team_name',
			't.slug as team_slug',
			'by.name as invited_by'
		])
		.where('i.expires_at', '>', now);
}

/** Open invitations addressed to the signed-in person's own e-mail. */
export async function myInvitations(
	db: Executor,
	user: { email: string },
	now = new Date()
): Promise<InvitationForUser[]> {
	const rows = await forUser(db, now)
		.where('i.email', '=', user.email.toLowerCase())
		.orderBy('i.created_at')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		teamName: r.team_name,
		teamSlug: r.team_slug,
		role: r.role,
		invitedBy: r.invited_by,
		expiresAt: r.expires_at
	}));
}

/** What the invitation link shows before anyone acts on it; null when it is not open. */
export async function findInvitationByToken(db: Executor, token: string, now = new Date()) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await forUser(db, now)
		.where('i.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return null;
	const account = await userByEmail(db, row.email);
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		teamName: row.team_name,
		role: row.role,
		invitedBy: row.invited_by,
		expiresAt: row.expires_at,
		hasAccount: Boolean(account)
	};
}

/** Turns the locked, open invitation into a membership of `userId` (new or reactivated). */
async function admit(
	trx: Executor,
	inv: {
		id: string;
		team_id: string;
		organisation_id: string;
		profession: string;
		role: TeamRole;
	},
	userId: string,
	now: Date
): Promise<void> {
	await trx
		.insertInto('membership')
		.values({
			team_id: inv.team_id,
			user_id: userId,
			organisation_id: inv.organisation_id,
			profession: inv.profession,
			role: inv.role
		})
		.onConflict((oc) =>
			oc.columns(['team_id', 'user_id']).doUpdateSet({
				organisation_id: inv.organisation_id,
				profession: inv.profession,
				role: inv.role,
				deactivated_at: null
			})
		)
		.execute();
	await trx
		.updateTable('team_invitation')
		.set({ accepted_at: now, accepted_by: userId })
		.where('id', '=', inv.id)
		.execute();
}

export type AcceptResult =
	| { ok: true; userId: string; teamSlug: string }
	| { ok: false; reason: 'invalid' | 'has_account' | 'other_person' | 'deactivated' };

/**
 * A new person accepts through the link: the account is created with their first
 * password and joins the team, in one transaction. An address that already has an
 * account is refused ('has_account'): that person signs in and accepts.
 */
export async function acceptWithNewAccount(
	db: DB,
	token: string,
	password: string,
	now = new Date()
): Promise<AcceptResult> {
	if (!/^[a-z2-7]{32}$/.test(token)) return { ok: false, reason: 'invalid' };
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (trx) => {
		const inv = await forUser(trx, now)
			.where('i.token_hash', '=', hashToken(token))
			.forUpdate('i')
			.executeTakeFirst();
		if (!inv) return { ok: false, reason: 'invalid' } as const;
		if (await userByEmail(trx, inv.email)) return { ok: false, reason: 'has_account' } as const;
		const user = await trx
			.insertInto('app_user')
			.values({
				email: inv.email,
				name: inv.name,
				initials: initialsOf(inv.name),
				password_hash: passwordHash
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await admit(trx, inv, user.id, now);
		return { ok: true, userId: user.id, teamSlug: inv.team_slug } as const;
	});
}

/**
 * The signed-in person accepts an invitation addressed to their own e-mail, found by
 * id (from their list) or by the link's token.
 */
export async function acceptAsUser(
	db: DB,
	user: { id: string; email: string },
	which: { invitationId: string } | { token: string },
	now = new Date()
): Promise<AcceptResult> {
	if ('token' in which && !/^[a-z2-7]{32}$/.test(which.token))
		return { ok: false, reason: 'invalid' };
	return db.transaction().execute(async (trx) => {
		let q = forUser(trx, now);
		q =
			'token' in which
				? q.where('i.token_hash', '=', hashToken(which.token))
				: q.where('i.id', '=', which.invitationId);
		const inv = await q.forUpdate('i').executeTakeFirst();
		if (!inv) return { ok: false, reason: 'invalid' } as const;
		if (inv.email !== user.email.toLowerCase())
			return { ok: false, reason: 'other_person' } as const;
		const account = await trx
			.selectFrom('app_user')
			.select('deactivated_at')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		if (account.deactivated_at) return { ok: false, reason: 'deactivated' } as const;
		await admit(trx, inv, user.id, now);
		return { ok: true, userId: user.id, teamSlug: inv.team_slug } as const;
	});
}

/** The invitee says no; the team lead sees the invitation disappear. */
export async function declineInvitation(
	db: Executor,
	user: { email: string },
	invitationId: string,
	now = new Date()
): Promise<void> {
	const r = await db
		.updateTable('team_invitation')
		.set({ declined_at: now })
		.where('id', '=', invitationId)
		.where('email', '=', user.email.toLowerCase())
		.where('accepted_at', 'is', null)
		.where('declined_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) throw notFound(invitationText.notFound);
}
