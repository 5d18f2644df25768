import { sql } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import { DISCHARGE_REASON_LABELS, dischargeProblems } from '$lib/domain/pathway';
import { dischargeInput } from '$lib/schemas/pathway';
import type { DB } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { badRequest, parseOrThrow } from '../errors';
import { syncMeasurementTask } from './measurements';

/** Discharge (afslutning): the course closes and the record becomes read-only in one transaction. */
export async function dischargeBorger(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	raw: unknown,
	now = new Date()
) {
	assertWritable(access.borger);
	const input = parseOrThrow(dischargeInput, raw);
	const problems = dischargeProblems(input);
	if (problems.length > 0) {
		throw badRequest(problems.map((p) => p.message).join(' '));
	}
	if (input.dischargedOn > toIsoDate(now))
		throw badRequest('Afslutningsdatoen kan ikke ligge i fremtiden.');
	return db.transaction().execute(async (trx) => {
		const b = await trx
			.selectFrom('borger')
			.select(['status', sql<string>`start_date`.as('start_date')])
			.where('id', '=', access.borger.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (b.status === 'afsluttet') throw badRequest('Forløbet er allerede afsluttet.');
		if (b.status === 'aktiv' && input.dischargedOn < b.start_date)
			throw badRequest('Afslutningsdatoen ligger før forløbets start.');
		await trx
			.insertInto('discharge')
			.values({
				borger_id: access.borger.id,
				team_id: access.borger.teamId,
				discharged_on: input.dischargedOn,
				reason: input.reason,
				reason_text: input.reasonText,
				bridge: input.bridge,
				receiving_person: input.receivingPerson,
				way_back: input.wayBack,
				summary: input.summary,
				created_by: actorId
			})
			.execute();
		const reason = [DISCHARGE_REASON_LABELS[input.reason], input.reasonText]
			.filter(Boolean)
			.join(': ');
		const version = access.borger.version + 1;
		await trx
			.updateTable('borger')
			.set({ status: 'afsluttet', closed_at: now, closed_reason: reason, version, updated_at: now })
			.where('id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'borger',
			access.borger.id,
			version,
			[
				{ field: 'status', old: b.status, new: 'afsluttet' },
				{ field: 'closedReason', old: null, new: reason }
			]
		);
		// Open reminders for this course go with it.
		await syncMeasurementTask(trx, access.borger.id, now);
		return { reason };
	});
}
