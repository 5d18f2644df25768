import { sql } from 'kysely';
import { initialsOf } from '$lib/domain/professions';
import { toIsoDate } from '$lib/domain/scaling';
import { evaluateCriteria, type ReferralCriterion } from '$lib/domain/pathway';
import { referralInput, visitationInput } from '$lib/schemas/pathway';
import type { DB, Executor } from '../db';
import { recordChanges } from '../borger/history';
import { insertBorger } from '../borger/create';
import { teamSettings } from '../team-settings';
import { badRequest, notFound, parseOrThrow } from '../errors';
import { previewAssignment } from './caseload';

/**
 * Referrals and the joint visitation: a referral keeps a snapshot of the team's
 * target-group checklist; accepting one creates the borger (or puts it on the waiting
 * list when the team is full).
 */

function criteriaSnapshot(
	criteria: readonly ReferralCriterion[],
	answers: { key: string; met: boolean | null }[]
) {
	const byKey = new Map(answers.map((a) => [a.key, a.met]));
	return criteria.map((c) => ({ key: c.key, label: c.label, met: byKey.get(c.key) ?? null }));
}

export async function listReferrals(db: Executor, teamId: string) {
	const [settings, rows] = await Promise.all([
		teamSettings(db, teamId),
		db
			.selectFrom('referral as r')
			.leftJoin('borger as b', 'b.id', 'r.borger_id')
			.select([
				'r.id',
				'r.name',
				'r.initials',
				'r.birth_year',
				'r.referrer_kind',
				'r.referrer_name',
				'r.referred_on',
				'r.reason',
				'r.criteria',
				'r.status',
				'r.visitation_on',
				'r.borger_id',
				'b.status as borger_status'
			])
			.where('r.team_id', '=', teamId)
			.orderBy(sql`case when r.status = 'modtaget' then 0 else 1 end`)
			.orderBy('r.referred_on', 'desc')
			.orderBy('r.created_at', 'desc')
			.execute()
	]);
	return rows.map((r) => ({
		...r,
		fit: evaluateCriteria(settings.referralCriteria, r.criteria)
	}));
}

export async function getReferral(db: Executor, teamId: string, referralId: string) {
	const r = await db
		.selectFrom('referral as r')
		.leftJoin('app_user as u', 'u.id', 'r.decided_by')
		.leftJoin('borger as b', 'b.id', 'r.borger_id')
		.selectAll('r')
		.select(['u.name as decided_by_name', 'b.status as borger_status'])
		.where('r.id', '=', referralId)
		.where('r.team_id', '=', teamId)
		.executeTakeFirst();
	if (!r) throw notFound('Henvisningen findes ikke i dette team.');
	const settings = await teamSettings(db, teamId);
	return { ...r, fit: evaluateCriteria(settings.referralCriteria, r.criteria) };
}

export async function createReferral(
	db: DB,
	teamId: string,
	actorId: string,
	raw: unknown
): Promise<{ id: string }> {
	const input = parseOrThrow(referralInput, raw);
	if (input.referredOn > toIsoDate(new Date()))
		throw badRequest('Henvisningsdatoen kan ikke ligge i fremtiden.');
	const settings = await teamSettings(db, teamId);
	const row = await db
		.insertInto('referral')
		.values({
			team_id: teamId,
			name: input.name,
			initials: input.initials ?? initialsOf(input.name),
			birth_year: input.birthYear ?? null,
			referrer_kind: input.referrerKind,
			referrer_name: input.referrerName,
			referred_on: input.referredOn,
			reason: input.reason,
			criteria: JSON.stringify(criteriaSnapshot(settings.referralCriteria, input.criteria)),
			documents: JSON.stringify(input.documents),
			visitation_participants: '[]',
			created_by: actorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id };
}

/**
 * The joint visitation decision. Accepting creates the borger record (status 'henvist',
 * ready for the startup meeting) or puts it on the waiting list ('venter') when the team
 * is at its cap or the visitation chose so. Caps give warnings, never a refusal.
 */
export async function visitReferral(db: DB, teamId: string, actorId: string, raw: unknown) {
	const input = parseOrThrow(visitationInput, raw);
	return db.transaction().execute(async (trx) => {
		const ref = await trx
			.selectFrom('referral')
			.selectAll()
			.where('id', '=', input.referralId)
			.where('team_id', '=', teamId)
			.forUpdate()
			.executeTakeFirst();
		if (!ref) throw notFound('Henvisningen findes ikke i dette team.');
		if (ref.status !== 'modtaget') throw badRequest('Henvisningen er allerede visiteret.');
		if (input.visitationOn < ref.referred_on)
			throw badRequest('Visitationen kan ikke ligge før henvisningen.');
		if (input.caseManagerId) {
			const m = await trx
				.selectFrom('membership')
				.select('id')
				.where('id', '=', input.caseManagerId)
				.where('team_id', '=', teamId)
				.where('deactivated_at', 'is', null)
				.executeTakeFirst();
			if (!m) throw badRequest('Kontaktpersonen skal være aktivt medlem af teamet.');
		}
		let borgerId: string | null = null;
		let borgerStatus: 'henvist' | 'venter' | null = null;
		let warnings: { kind: string; message: string }[] = [];
		if (input.decision === 'optaget') {
			const settings = await teamSettings(trx, teamId);
			const preview = await previewAssignment(trx, teamId, input.caseManagerId ?? null);
			borgerStatus = input.waitingList || preview.full ? 'venter' : 'henvist';
			warnings = borgerStatus === 'henvist' ? preview.warnings : [];
			const level =
				settings.scalingLevels.find((l) => l.key === 'stabil')?.key ??
				settings.scalingLevels[0]!.key;
			const created = await insertBorger(
				trx,
				teamId,
				actorId,
				{
					name: ref.name,
					initials: ref.initials,
					birthYear: ref.birth_year,
					cpr: undefined,
					caseManagerId: input.caseManagerId ?? null,
					startDate: input.visitationOn,
					status: borgerStatus,
					staffSafety: undefined
				},
				level
			);
			borgerId = created.id;
		}
		await trx
			.updateTable('referral')
			.set({
				status: input.decision,
				visitation_on: input.visitationOn,
				visitation_participants: JSON.stringify(input.participants),
				decision_reason: input.reason || null,
				referred_to: input.referredTo || null,
				decided_by: actorId,
				borger_id: borgerId,
				updated_at: new Date(),
				version: sql`version + 1`
			})
			.where('id', '=', ref.id)
			.execute();
		if (borgerId) {
			await recordChanges(trx, { teamId, borgerId, actorId }, 'referral', ref.id, null, [
				{ field: 'visitation', old: 'modtaget', new: input.decision },
				{ field: 'status', old: null, new: borgerStatus }
			]);
		}
		return { borgerId, borgerStatus, warnings };
	});
}
