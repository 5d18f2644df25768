import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import type { DB, Executor } from '../db';
import type { TeamRole } from '$lib/domain/permissions';
import { t } from '$lib/i18n/da';
import { membershipChanged } from '../auth/live';

export interface TeamSummary {
	id: string;
	slug: string;
	name: string;
	isDemo: boolean;
	role: TeamRole;
	municipality: string;
	region: string;
}

/** Teams where the user is an active member, with the user's role in each. */
export async function listUserTeams(db: Executor, userId: string): Promise<TeamSummary[]> {
	const rows = await db
		.selectFrom('membership as m')
		.innerJoin('team', 'team.id', 'm.team_id')
		.innerJoin('organisation as mun', 'mun.id', 'team.municipality_id')
		.innerJoin('organisation as reg', 'reg.id', 'team.region_id')
		.select([
			'team.id',
			'team.slug',
			'team.name',
			'team.is_demo',
			'm.role',
			'mun.name as municipality',
			'reg.name as region'
		])
		.where('m.user_id', '=', userId)
		.where('m.deactivated_at', 'is', null)
		.orderBy('team.name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		slug: r.slug,
		name: r.name,
		isDemo: r.is_demo,
		role: r.role,
		municipality: r.municipality,
		region: r.region
	}));
}

export interface MemberRow {
	membershipId: string;
	userId: string;
	name: string;
	initials: string;
	email: string;
	profession: string;
	role: TeamRole;
	organisationId: string;
	organisation: string;
	sector: 'kommune' | 'region';
	active: boolean;
}

export async function listMembers(db: Executor, teamId: string): Promise<MemberRow[]> {
	const rows = await db
		.selectFrom('membership as m')
		.innerJoin('app_user as u', 'u.id', 'm.user_id')
		.innerJoin('organisation as o', 'o.id', 'm.organisation_id')
		.select([
			'm.id as membership_id',
			'u.id as user_id',
			'u.name',
			'u.initials',
			'u.email',
			'm.profession',
			'm.role',
			'o.id as organisation_id',
			'o.name as organisation',
			'o.kind as sector',
			'm.deactivated_at'
		])
		.where('m.team_id', '=', teamId)
		.orderBy(sql`m.deactivated_at is not null`)
		.orderBy('u.name')
		.execute();
	return rows.map((r) => ({
		membershipId: r.membership_id,
		userId: r.user_id,
		name: r.name,
		initials: r.initials,
		email: r.email,
		profession: r.profession,
		role: r.role,
		organisationId: r.organisation_id,
		organisation: r.organisation,
		sector: r.sector,
		active: r.deactivated_at === null
	}));
}

/** The two organisations that own the team: members are employed by one of them. */
export async function teamOrganisations(db: Executor, teamId: string) {
	return db
		.selectFrom('team')
		.innerJoin('organisation as o', (j) =>
			j.on((eb) =>
				eb.or([
					eb('o.id', '=', eb.ref('team.municipality_id')),
					eb('o.id', '=', eb.ref('team.region_id'))
				])
			)
		)
		.select(['o.id', 'o.name', 'o.kind'])
		.where('team.id', '=', teamId)
		.orderBy('o.kind')
		.execute();
}

async function requireMembership(db: Executor, teamId: string, membershipId: string) {
	const m = await db
		.selectFrom('membership')
		.select(['id', 'user_id', 'role', 'deactivated_at'])
		.where('id', '=', membershipId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (!m) throw new TRPCError({ code: 'NOT_FOUND', message: 'Medlemmet findes ikke i teamet.' });
	return m;
}

async function activeLeadCount(db: Executor, teamId: string): Promise<number> {
	const r = await db
		.selectFrom('membership')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('team_id', '=', teamId)
		.where('role', '=', 'teamleder')
		.where('deactivated_at', 'is', null)
		.executeTakeFirstOrThrow();
	return r.n;
}

export async function changeRole(
	db: DB,
	teamId: string,
	membershipId: string,
	role: TeamRole
): Promise<void> {
	const userId = await db.transaction().execute(async (trx) => {
		const m = await requireMembership(trx, teamId, membershipId);
		if (
			m.role === 'teamleder' &&
			role !== 'teamleder' &&
			!m.deactivated_at &&
			(await activeLeadCount(trx, teamId)) <= 1
		) {
			throw new TRPCError({ code: 'BAD_REQUEST', message: t.members.lastLead });
		}
		await trx.updateTable('membership').set({ role }).where('id', '=', membershipId).execute();
		return m.user_id;
	});
	// A narrower role (e.g. auditor, who sees no borger data) applies to open sockets too.
	membershipChanged(userId);
}

/** Deactivation keeps the membership and all its history; it only ends access. */
export async function setMemberActive(
	db: DB,
	teamId: string,
	membershipId: string,
	active: boolean,
	actingUserId: string
): Promise<void> {
	const userId = await db.transaction().execute(async (trx) => {
		const m = await requireMembership(trx, teamId, membershipId);
		if (!active) {
			if (m.user_id === actingUserId)
				throw new TRPCError({ code: 'BAD_REQUEST', message: t.members.self });
			if (
				m.role === 'teamleder' &&
				!m.deactivated_at &&
				(await activeLeadCount(trx, teamId)) <= 1
			) {
				throw new TRPCError({ code: 'BAD_REQUEST', message: t.members.lastLead });
			}
		}
		await trx
			.updateTable('membership')
			.set({ deactivated_at: active ? null : new Date() })
			.where('id', '=', membershipId)
			.execute();
		return m.user_id;
	});
	if (!active) membershipChanged(userId);
}
