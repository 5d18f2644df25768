import type { DB } from '../../src/lib/server/db';
import type { TeamRole } from '../../src/lib/domain/permissions';
import { resolveBorgerAccess } from '../../src/lib/server/access/borger';

let n = 0;

/** A team (with its two organisations) and one active member per given role. */
export async function makeTeam(db: DB, roles: TeamRole[] = ['teamleder', 'medlem']) {
	const tag = `${process.pid}-${++n}-${Math.random().toString(36).slice(2, 7)}`;
	const [kommune, region] = await db
		.insertInto('organisation')
		.values([
			{ name: `Kommune ${tag}`, kind: 'kommune' },
			{ name: `Region ${tag}`, kind: 'region' }
		])
		.returning('id')
		.execute();
	const team = await db
		.insertInto('team')
		.values({
			slug: `team-${tag}`.toLowerCase(),
			name: `Team ${tag}`,
			municipality_id: kommune!.id,
			region_id: region!.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const members: { userId: string; membershipId: string; role: TeamRole }[] = [];
	for (const [i, role] of roles.entries()) {
		const user = await db
			.insertInto('app_user')
			.values({
				email: `${role}-${i}-${tag}@test.invalid`,
				name: `${role} ${i}`,
				initials: 'TT',
				password_hash: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const m = await db
			.insertInto('membership')
			.values({
				team_id: team.id,
				user_id: user.id,
				organisation_id: kommune!.id,
				profession: 'sygeplejerske',
				role
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		members.push({ userId: user.id, membershipId: m.id, role });
	}
	return { teamId: team.id, kommuneId: kommune!.id, regionId: region!.id, members };
}

export function accessFor(db: DB, userId: string, borgerId: string, write = true) {
	return resolveBorgerAccess(db, userId, borgerId, write ? 'borger.write' : 'borger.read');
}

/** Wrap a Kysely instance so every query it compiles is counted. */
export function countingDb(db: DB): { db: DB; count: () => number; reset: () => void } {
	let queries = 0;
	const counted = db.withPlugin({
		transformQuery(args) {
			queries++;
			return args.node;
		},
		transformResult(args) {
			return Promise.resolve(args.result);
		}
	});
	return { db: counted, count: () => queries, reset: () => (queries = 0) };
}
