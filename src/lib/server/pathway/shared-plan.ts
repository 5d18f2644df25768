import { sql } from 'kysely';
import { sharedPlanInput } from '$lib/schemas/pathway';
import type { SharedPlanGoal } from '../db/schema';
import type { DB, Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { badRequest, parseOrThrow } from '../errors';

/** Versions of the shared plan (fælles plan): a snapshot of the goals with a follow-up date. */

export async function goalSnapshot(db: Executor, borgerId: string): Promise<SharedPlanGoal[]> {
	const items = await db
		.selectFrom('borger_item')
		.select(['id', 'parent_id', 'data'])
		.where('borger_id', '=', borgerId)
		.where('kind', '=', 'maal')
		.where('deleted_at', 'is', null)
		.orderBy('position')
		.orderBy('created_at')
		.execute();
	const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
	const top = items.filter((i) => i.parent_id === null && i.data.status !== 'opgivet');
	return top.map((g) => ({
		text: String(g.data.text ?? ''),
		followUpOn: str(g.data.followUpOn),
		subGoals: items
			.filter((s) => s.parent_id === g.id && s.data.status !== 'opgivet')
			.map((s) => ({
				text: String(s.data.text ?? ''),
				followUpOn: str(s.data.followUpOn),
				status: String(s.data.status ?? 'aktiv')
			}))
	}));
}

async function nextPlanVersion(trx: Executor, borgerId: string): Promise<number> {
	const r = await trx
		.selectFrom('shared_plan')
		.select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
		.where('borger_id', '=', borgerId)
		.executeTakeFirstOrThrow();
	return r.v + 1;
}

export async function insertPlan(
	trx: Executor,
	access: BorgerAccess,
	actorId: string,
	input: ReturnType<typeof sharedPlanInput.parse>
) {
	if (input.followUpOn < input.validFrom)
		throw badRequest('Opfølgningsdatoen skal ligge efter planens startdato.');
	const goals = await goalSnapshot(trx, access.borger.id);
	if (goals.length === 0)
		throw badRequest(
			'Den fælles plan skal have mindst ét mål. Tilføj målet under Mål på borgerens side.'
		);
	const version = await nextPlanVersion(trx, access.borger.id);
	const row = await trx
		.insertInto('shared_plan')
		.values({
			team_id: access.borger.teamId,
			borger_id: access.borger.id,
			version,
			valid_from: input.validFrom,
			follow_up_on: input.followUpOn,
			borger_words: input.borgerWords,
			goals: JSON.stringify(goals),
			handleplan_ref: input.handleplanRef,
			handleplan_on: input.handleplanOn,
			note: input.note,
			created_by: actorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await recordChanges(
		trx,
		{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
		'shared_plan',
		row.id,
		version,
		[{ field: 'version', old: version > 1 ? version - 1 : null, new: version }]
	);
	return { id: row.id, version };
}

/** A new version of the fælles plan from today's goals, with a follow-up date. */
export async function addSharedPlan(db: DB, access: BorgerAccess, actorId: string, raw: unknown) {
	assertWritable(access.borger);
	const input = parseOrThrow(sharedPlanInput, raw);
	if (access.borger.status !== 'aktiv')
		throw badRequest('Den første fælles plan laves på opstartsmødet.');
	return db.transaction().execute((trx) => insertPlan(trx, access, actorId, input));
}
