import { sql } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import type { DB, Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { badRequest } from '../errors';
import { previewAssignment } from './caseload';

/** The waiting list: accepted borgere waiting for a place, and those awaiting their startup. */

export async function loadWaitingList(db: Executor, teamId: string) {
	const [rows, preview] = await Promise.all([
		db
			.selectFrom('borger as b')
			.leftJoin('referral as r', 'r.borger_id', 'b.id')
			.leftJoin('membership as m', 'm.id', 'b.case_manager_id')
			.leftJoin('app_user as u', 'u.id', 'm.user_id')
			.select([
				'b.id',
				'b.name',
				'b.initials',
				'b.status',
				'b.case_manager_id',
				'u.name as case_manager',
				'r.referred_on',
				'r.visitation_on',
				'r.referrer_kind',
				sql<string>`b.start_date`.as('accepted_on')
			])
			.where('b.team_id', '=', teamId)
			.where('b.status', 'in', ['venter', 'henvist'])
			.orderBy(sql`coalesce(r.visitation_on, b.start_date)`)
			.orderBy('b.name')
			.execute(),
		previewAssignment(db, teamId, null)
	]);
	const now = toIsoDate(new Date());
	const days = (d: string) => Math.round((Date.parse(now) - Date.parse(d)) / 86_400_000);
	return {
		teamCount: preview.teamCount,
		cap: preview.cap,
		full: preview.full,
		waiting: rows
			.filter((r) => r.status === 'venter')
			.map((r, i) => ({
				...r,
				position: i + 1,
				waitedDays: days(r.visitation_on ?? r.accepted_on)
			})),
		awaitingStartup: rows
			.filter((r) => r.status === 'henvist')
			.map((r) => ({ ...r, waitedDays: days(r.visitation_on ?? r.accepted_on) }))
	};
}

/** Offer a place to a borger on the waiting list: 'venter' → 'henvist' (startup next). */
export async function offerPlace(db: DB, access: BorgerAccess, actorId: string) {
	assertWritable(access.borger);
	if (access.borger.status !== 'venter') throw badRequest('Borgeren står ikke på ventelisten.');
	const preview = await previewAssignment(db, access.borger.teamId, null);
	await db.transaction().execute(async (trx) => {
		const version = access.borger.version + 1;
		await trx
			.updateTable('borger')
			.set({ status: 'henvist', version, updated_at: new Date() })
			.where('id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'borger',
			access.borger.id,
			version,
			[{ field: 'status', old: 'venter', new: 'henvist' }]
		);
	});
	return { warnings: preview.warnings };
}
