import { sql } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import {
	DISCHARGE,
	EXTRA,
	catalogue,
	dueMeasurements,
	findInstrument,
	occasionLabel,
	scheduleOccasions,
	scoreInstrument,
	type DueMeasurement,
	type Instrument
} from '$lib/domain/measurements';
import { measurementInput } from '$lib/schemas/pathway';
import type { TeamSettings } from '$lib/schemas/team-settings';
import type { DB, Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { teamSettings } from '../team-settings';
import { badRequest, conflict, parseOrThrow } from '../errors';

/**
 * Outcome measurements: recording one (scored here, never trusted from the client), the
 * reminder task for the next occasion, and what is due per borger for the tavle.
 */

/** Record one instrument at one occasion; the score is computed here, never trusted. */
export async function recordMeasurement(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	raw: unknown,
	now = new Date()
) {
	assertWritable(access.borger);
	const input = parseOrThrow(measurementInput, raw);
	if (access.borger.status !== 'aktiv')
		throw badRequest('Målinger registreres i et aktivt forløb (efter opstartsmødet).');
	if (input.measuredOn > toIsoDate(now)) throw badRequest('Måledatoen kan ikke ligge i fremtiden.');
	return db.transaction().execute(async (trx) => {
		const settings = await teamSettings(trx, access.borger.teamId);
		const instrument = findInstrument(input.instrument, settings.instruments as Instrument[]);
		if (!instrument) throw badRequest('Ukendt måleredskab.');
		let scored;
		try {
			scored = scoreInstrument(instrument, input.answers);
		} catch (e) {
			if (e instanceof RangeError) throw badRequest(e.message);
			throw e;
		}
		const b = await trx
			.selectFrom('borger')
			.select(sql<string>`start_date`.as('start_date'))
			.where('id', '=', access.borger.id)
			.executeTakeFirstOrThrow();
		if (input.measuredOn < b.start_date) throw badRequest('Måledatoen ligger før forløbets start.');
		// The scheduled date of the occasion, so the audit can compare it with measured_on.
		// A measurement may be taken a little early, so look a year past the measuring day.
		const horizon = toIsoDate(new Date(Date.parse(input.measuredOn) + 366 * 86_400_000));
		const dueOn =
			input.occasion === EXTRA
				? null
				: input.occasion === DISCHARGE
					? input.measuredOn
					: (scheduleOccasions(settings.measurementSchedule, b.start_date, horizon).find(
							(o) => o.key === input.occasion
						)?.dueOn ?? null);
		if (input.occasion !== EXTRA && input.occasion !== DISCHARGE && dueOn === null)
			throw badRequest('Måletidspunktet findes ikke i teamets måleplan.');
		const existing = await trx
			.selectFrom('measurement')
			.select('id')
			.where('borger_id', '=', access.borger.id)
			.where('instrument', '=', instrument.key)
			.where('occasion', '=', input.occasion)
			.where('occasion', '<>', EXTRA)
			.executeTakeFirst();
		if (existing)
			throw conflict(
				`${instrument.label} er allerede registreret ved ${occasionLabel(input.occasion).toLowerCase()}.`
			);
		const row = await trx
			.insertInto('measurement')
			.values({
				team_id: access.borger.teamId,
				borger_id: access.borger.id,
				instrument: instrument.key,
				occasion: input.occasion,
				due_on: dueOn,
				measured_on: input.measuredOn,
				answers: JSON.stringify(input.answers),
				score: scored.score,
				note: input.note,
				created_by: actorId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'measurement',
			row.id,
			1,
			[{ field: instrument.key, old: null, new: { occasion: input.occasion, score: scored.score } }]
		);
		await syncMeasurementTask(trx, access.borger.id, now);
		return { id: row.id, score: scored.score, band: scored.band, lowItem: scored.lowItem };
	});
}

/**
 * Keep one open reminder task per borger for the next measurement occasion, owned by the
 * case manager: created when a course starts and after each measurement; completed (or
 * cancelled, when lapsed) when the occasion is measured. Without a case manager no task
 * is made; the board flag still shows.
 */
export async function syncMeasurementTask(trx: Executor, borgerId: string, now = new Date()) {
	const b = await trx
		.selectFrom('borger')
		.select([
			'id',
			'team_id',
			'status',
			'case_manager_id',
			sql<string>`start_date`.as('start_date')
		])
		.where('id', '=', borgerId)
		.executeTakeFirstOrThrow();
	const settings = await teamSettings(trx, b.team_id);
	const taken = await trx
		.selectFrom('measurement')
		.select(['instrument', 'occasion'])
		.where('borger_id', '=', borgerId)
		.execute();
	const open = await trx
		.selectFrom('measurement_task as mt')
		.innerJoin('task as t', 't.id', 'mt.task_id')
		.select(['mt.task_id', 'mt.occasion', 't.owner_id'])
		.where('mt.borger_id', '=', borgerId)
		.where('t.status', '=', 'aaben')
		.execute();
	let next: DueMeasurement | null = null;
	if (b.status === 'aktiv') {
		// Look far enough ahead to always find the next occasion.
		const due = dueMeasurements({
			schedule: { ...settings.measurementSchedule, dueSoonDays: 400 },
			start: b.start_date,
			today: toIsoDate(now),
			taken
		});
		next = due[0] ?? null;
	}
	const names = new Map(
		catalogue(settings.instruments as Instrument[]).map((i) => [i.key, i.label])
	);
	for (const t of open) {
		if (next && t.occasion === next.occasion && t.owner_id === b.case_manager_id) {
			next = null; // already reminded
			continue;
		}
		const measured = settings.measurementSchedule.instruments.every((k) =>
			taken.some((m) => m.instrument === k && m.occasion === t.occasion)
		);
		await trx
			.updateTable('task')
			.set({ status: measured ? 'udfoert' : 'annulleret', completed_at: now })
			.where('id', '=', t.task_id)
			.execute();
	}
	if (next && b.case_manager_id) {
		const task = await trx
			.insertInto('task')
			.values({
				team_id: b.team_id,
				borger_id: b.id,
				owner_id: b.case_manager_id,
				description: `Måling ved ${occasionLabel(next.occasion).toLowerCase()}: ${next.missing.map((k) => names.get(k) ?? k).join(', ')}`,
				due_on: next.dueOn,
				created_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('measurement_task')
			.values({ task_id: task.id, borger_id: b.id, occasion: next.occasion, due_on: next.dueOn })
			.execute();
	}
}

/** Due measurements per active borger of a team, in two queries (no N+1). */
export async function dueMeasurementsByBorger(
	db: Executor,
	teamId: string,
	settings: TeamSettings,
	now = new Date()
): Promise<Map<string, DueMeasurement[]>> {
	const [borgere, taken] = await Promise.all([
		db
			.selectFrom('borger')
			.select(['id', sql<string>`start_date`.as('start_date')])
			.where('team_id', '=', teamId)
			.where('status', '=', 'aktiv')
			.execute(),
		db
			.selectFrom('measurement as x')
			.innerJoin('borger as b', 'b.id', 'x.borger_id')
			.select(['x.borger_id', 'x.instrument', 'x.occasion'])
			.where('b.team_id', '=', teamId)
			.where('b.status', '=', 'aktiv')
			.execute()
	]);
	const takenBy = new Map<string, { instrument: string; occasion: string }[]>();
	for (const t of taken) {
		const list = takenBy.get(t.borger_id) ?? [];
		list.push(t);
		takenBy.set(t.borger_id, list);
	}
	const day = toIsoDate(now);
	const out = new Map<string, DueMeasurement[]>();
	for (const b of borgere) {
		const due = dueMeasurements({
			schedule: settings.measurementSchedule,
			start: b.start_date,
			today: day,
			taken: takenBy.get(b.id) ?? []
		});
		if (due.length > 0) out.set(b.id, due);
	}
	return out;
}
