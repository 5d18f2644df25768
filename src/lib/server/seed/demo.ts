import { sql } from 'kysely';
import { seedDemoConsents } from './demo-consent';
import type { DB, Executor } from '../db';
import type { TeamRole } from '$lib/domain/permissions';
import { initialsOf, type Profession } from '$lib/domain/professions';
import { hashPassword } from '../auth/password';
import { seedDemoBorgere } from './demo-borgere';
import { seedDemoPathway } from './demo-pathway';
import { seedDemoMeetings } from './demo-meetings';
import { seedDemoAudits } from './demo-audit';

/**
 * A fictitious demo team: every person and place here is invented. Later features
 * extend this file with their own demo content, keeping it one readable story.
 */

export const DEMO_PASSWORD = 'tavla-demo';
export const DEMO_TEAM_SLUG = 'faellesteam-aabakke';
export const DEMO_USERS = {
	teamleder: 'lene@demo.tavla.test',
	moedeleder: 'birgitte@demo.tavla.test',
	medlem: 'thomas@demo.tavla.test',
	auditor: 'hanne@demo.tavla.test'
} as const;

interface DemoMember {
	name: string;
	email: string;
	profession: Profession;
	sector: 'kommune' | 'region';
	role: TeamRole;
}

const MEMBERS: DemoMember[] = [
	{
		name: 'Lene Holm Madsen',
		email: DEMO_USERS.teamleder,
		profession: 'leder',
		sector: 'kommune',
		role: 'teamleder'
	},
	{
		name: 'Karsten Vinther',
		email: 'karsten@demo.tavla.test',
		profession: 'leder',
		sector: 'region',
		role: 'teamleder'
	},
	{
		name: 'Birgitte Dahl',
		email: DEMO_USERS.moedeleder,
		profession: 'sygeplejerske',
		sector: 'region',
		role: 'moedeleder'
	},
	{
		name: 'Jonas Friis',
		email: 'jonas@demo.tavla.test',
		profession: 'sygeplejerske',
		sector: 'region',
		role: 'medlem'
	},
	{
		name: 'Amira Haddad',
		email: 'amira@demo.tavla.test',
		profession: 'psykiater',
		sector: 'region',
		role: 'medlem'
	},
	{
		name: 'Søren Kjær',
		email: 'soren@demo.tavla.test',
		profession: 'psykolog',
		sector: 'region',
		role: 'medlem'
	},
	{
		name: 'Mette Lund',
		email: 'mette@demo.tavla.test',
		profession: 'socialraadgiver',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Thomas Brandt',
		email: DEMO_USERS.medlem,
		profession: 'bostoette',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Camilla Vestergaard',
		email: 'camilla@demo.tavla.test',
		profession: 'bostoette',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Rasmus Overgaard',
		email: 'rasmus@demo.tavla.test',
		profession: 'rusmiddelbehandler',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Nadia Sørensen',
		email: 'nadia@demo.tavla.test',
		profession: 'rusmiddelbehandler',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Peter Bak',
		email: 'peter@demo.tavla.test',
		profession: 'peer',
		sector: 'kommune',
		role: 'medlem'
	},
	{
		name: 'Hanne Iversen',
		email: DEMO_USERS.auditor,
		profession: 'psykolog',
		sector: 'region',
		role: 'auditor'
	}
];

export interface DemoSeedResult {
	teamId: string;
	teamSlug: string;
	userIds: Record<string, string>;
	/** Demo team memberships by e-mail. */
	membershipIds: Record<string, string>;
	/** Number of demo borgere created (demo-borgere.ts). */
	borgere: number;
}

export async function seedDemo(db: DB): Promise<DemoSeedResult> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return db.transaction().execute(async (trx) => {
		const [kommune, region, nabo] = await trx
			.insertInto('organisation')
			.values([
				{ name: 'Åbakke Kommune', kind: 'kommune' },
				{ name: 'Region Højland', kind: 'region' },
				{ name: 'Vesterlund Kommune', kind: 'kommune' }
			])
			.returning('id')
			.execute();
		const [team, otherTeam] = await trx
			.insertInto('team')
			.values([
				{
					slug: DEMO_TEAM_SLUG,
					name: 'Fællesteam Åbakke',
					municipality_id: kommune!.id,
					region_id: region!.id,
					is_demo: true
				},
				{
					slug: 'fact-vesterlund',
					name: 'FACT Vesterlund',
					municipality_id: nabo!.id,
					region_id: region!.id,
					is_demo: true
				}
			])
			.returning('id')
			.execute();

		const userIds: Record<string, string> = {};
		const membershipIds: Record<string, string> = {};
		for (const m of MEMBERS) {
			const user = await trx
				.insertInto('app_user')
				.values({
					email: m.email,
					name: m.name,
					initials: initialsOf(m.name),
					password_hash: passwordHash
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			userIds[m.email] = user.id;
			const membership = await trx
				.insertInto('membership')
				.values({
					team_id: team!.id,
					user_id: user.id,
					organisation_id: m.sector === 'kommune' ? kommune!.id : region!.id,
					profession: m.profession,
					role: m.role
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			membershipIds[m.email] = membership.id;
		}
		// A person may belong to several teams: the regional psychiatrist also serves Vesterlund,
		// and the auditor comes from there (auditors audit other teams than their own).
		await trx
			.insertInto('membership')
			.values([
				{
					team_id: otherTeam!.id,
					user_id: userIds['amira@demo.tavla.test']!,
					organisation_id: region!.id,
					profession: 'psykiater',
					role: 'medlem'
				},
				{
					team_id: otherTeam!.id,
					user_id: userIds[DEMO_USERS.auditor]!,
					organisation_id: region!.id,
					profession: 'psykolog',
					role: 'teamleder'
				}
			])
			.execute();
		const borgere = await seedDemoBorgere(trx, { teamId: team!.id, userIds, membershipIds });
		// Referrals, startup meetings, plans, measurements and discharges (issue F).
		const pathway = await seedDemoPathway(trx, { teamId: team!.id, userIds, membershipIds });
		// Consents from the startup meetings (issue E).
		await seedDemoConsents(trx, {
			teamId: team!.id,
			recordedBy: userIds[DEMO_USERS.teamleder]!
		});
		// A year of past tavlemøder: history, statistics and audit data (issue D).
		await seedDemoMeetings(trx, { teamId: team!.id, userIds, membershipIds });
		// Last year's released audit and this year's round in progress (issue G).
		await seedDemoAudits(trx, { teamId: team!.id, userIds, membershipIds });
		return {
			teamId: team!.id,
			teamSlug: DEMO_TEAM_SLUG,
			userIds,
			membershipIds,
			borgere: borgere + pathway.borgere
		};
	});
}

export async function isEmpty(db: Executor): Promise<boolean> {
	const r = await db
		.selectFrom('team')
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
	return r.n === 0;
}

export async function seedDemoIfEmpty(db: DB): Promise<DemoSeedResult | null> {
	return (await isEmpty(db)) ? seedDemo(db) : null;
}
