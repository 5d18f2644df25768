import { sql } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import { startupChecklist } from '$lib/domain/pathway';
import {
	catalogue,
	dueMeasurements,
	occasionLabel,
	scheduleOccasions,
	type DueMeasurement,
	type Instrument
} from '$lib/domain/measurements';
import { sharedPlanInput, startupInput } from '$lib/schemas/pathway';
import { withTx, type DB, type Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { teamSettings } from '../team-settings';
import { badRequest, parseOrThrow } from '../errors';
import { goalSnapshot, insertPlan } from './shared-plan';
import { syncMeasurementTask } from './measurements';

/**
 * The course of one borger from the startup meeting on: what the course pages show, the
 * startup meeting and its checklist, and completing it (the first shared plan, the course
 * becomes active, the first measurement reminder).
 */

async function hasValidConsent(db: Executor, borgerId: string, on: string): Promise<boolean> {
	// The consent registry belongs to [E]; the startup checklist only reads whether a
	// valid consent exists and links to E's page.
	const r = await db
		.selectFrom('consent')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('borger_id', '=', borgerId)
		.where('withdrawn_at', 'is', null)
		.where('valid_from', '<=', on)
		.where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', on)]))
		.executeTakeFirstOrThrow();
	return r.n > 0;
}

async function startupFacts(db: Executor, borgerId: string, on: string) {
	const [counts, borger, consent] = await Promise.all([
		db
			.selectFrom('borger as b')
			.select([
				sql<number>`(select count(*)::int from borger_item i where i.borger_id = b.id and i.kind = 'netvaerk' and i.deleted_at is null)`.as(
					'network'
				),
				sql<number>`(select count(*)::int from borger_item i where i.borger_id = b.id and i.kind = 'maal' and i.parent_id is null and i.deleted_at is null)`.as(
					'goals'
				),
				sql<number>`(select count(*)::int from risk_assessment r where r.borger_id = b.id)`.as(
					'risks'
				),
				sql<number>`(select count(*)::int from crisis_plan c where c.borger_id = b.id)`.as('plans')
			])
			.where('b.id', '=', borgerId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('borger')
			.select('case_manager_id')
			.where('id', '=', borgerId)
			.executeTakeFirstOrThrow(),
		hasValidConsent(db, borgerId, on)
	]);
	return {
		consent,
		networkCount: counts.network,
		riskCount: counts.risks,
		crisisPlan: counts.plans > 0,
		goalCount: counts.goals,
		caseManager: borger.case_manager_id !== null
	};
}

/** Everything the course pages show for one borger. */
export async function loadCourse(db: Executor, access: BorgerAccess, now = new Date()) {
	const borgerId = access.borger.id;
	const day = toIsoDate(now);
	const [settings, borger, referral, startup, plans, measurements, discharge, facts] =
		await Promise.all([
			teamSettings(db, access.borger.teamId),
			db
				.selectFrom('borger as b')
				.leftJoin('membership as m', 'm.id', 'b.case_manager_id')
				.leftJoin('app_user as u', 'u.id', 'm.user_id')
				.select([
					'b.id',
					'b.name',
					'b.initials',
					'b.status',
					'b.case_manager_id',
					'u.name as case_manager',
					sql<string>`b.start_date`.as('start_date'),
					'b.closed_at',
					'b.closed_reason',
					'b.version'
				])
				.where('b.id', '=', borgerId)
				.executeTakeFirstOrThrow(),
			db.selectFrom('referral').selectAll().where('borger_id', '=', borgerId).executeTakeFirst(),
			db
				.selectFrom('startup_meeting')
				.selectAll()
				.where('borger_id', '=', borgerId)
				.executeTakeFirst(),
			db
				.selectFrom('shared_plan as p')
				.leftJoin('app_user as u', 'u.id', 'p.created_by')
				.selectAll('p')
				.select('u.name as created_by_name')
				.where('p.borger_id', '=', borgerId)
				.orderBy('p.version', 'desc')
				.execute(),
			db
				.selectFrom('measurement as x')
				.leftJoin('app_user as u', 'u.id', 'x.created_by')
				.selectAll('x')
				.select('u.name as created_by_name')
				.where('x.borger_id', '=', borgerId)
				.orderBy('x.measured_on', 'desc')
				.orderBy('x.created_at', 'desc')
				.execute(),
			db.selectFrom('discharge').selectAll().where('borger_id', '=', borgerId).executeTakeFirst(),
			startupFacts(db, borgerId, day)
		]);
	const instruments = catalogue(settings.instruments as Instrument[]);
	const schedule = settings.measurementSchedule;
	const started = borger.status === 'aktiv' || borger.status === 'afsluttet';
	const due: DueMeasurement[] =
		borger.status === 'aktiv'
			? dueMeasurements({ schedule, start: borger.start_date, today: day, taken: measurements })
			: [];
	const planned = started
		? scheduleOccasions(
				schedule,
				borger.start_date,
				toIsoDate(new Date(Date.parse(day) + 400 * 86_400_000)),
				discharge?.discharged_on ?? null
			).map((o) => ({
				...o,
				label: occasionLabel(o.key),
				taken: schedule.instruments.filter((k) =>
					measurements.some((m) => m.instrument === k && m.occasion === o.key)
				)
			}))
		: [];
	return {
		borger,
		readonly: borger.status === 'afsluttet',
		referral: referral ?? null,
		startup: startup ?? null,
		checklist: startupChecklist(facts),
		plans,
		currentGoals: await goalSnapshot(db, borgerId),
		measurements,
		instruments,
		schedule,
		due,
		planned,
		discharge: discharge ?? null
	};
}

/** Save the startup meeting's own fields (date, place, participants, agreed actors). */
export async function saveStartup(db: DB, access: BorgerAccess, actorId: string, raw: unknown) {
	assertWritable(access.borger);
	const input = parseOrThrow(startupInput, raw);
	return withTx(db, async (trx) => {
		const before = await trx
			.selectFrom('startup_meeting')
			.selectAll()
			.where('borger_id', '=', access.borger.id)
			.executeTakeFirst();
		if (before?.completed_at)
			throw badRequest('Opstartsmødet er afsluttet; ret i den fælles plan i stedet.');
		const values = {
			held_on: input.heldOn,
			place: input.place,
			participants: JSON.stringify(input.participants),
			agreed_actors: input.agreedActors,
			notes: input.notes,
			updated_at: new Date()
		};
		if (before) {
			await trx
				.updateTable('startup_meeting')
				.set(values)
				.where('borger_id', '=', access.borger.id)
				.execute();
		} else {
			await trx
				.insertInto('startup_meeting')
				.values({ ...values, borger_id: access.borger.id, team_id: access.borger.teamId })
				.execute();
		}
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'startup_meeting',
			access.borger.id,
			null,
			[{ field: 'opstartsmoede', old: before ? before.held_on : null, new: input.heldOn }]
		);
	});
}

/**
 * Complete the startup meeting: the required checklist steps must be done; the first
 * shared plan is written from the borger's goals; the course becomes active from the
 * meeting date and the first measurement reminder is created.
 */
export async function completeStartup(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	rawPlan: unknown,
	now = new Date()
) {
	assertWritable(access.borger);
	const plan = parseOrThrow(sharedPlanInput, rawPlan);
	if (access.borger.status === 'venter')
		throw badRequest('Borgeren står på ventelisten. Tilbyd en plads, før forløbet startes.');
	if (access.borger.status !== 'henvist') throw badRequest('Forløbet er allerede startet.');
	return db.transaction().execute(async (trx) => {
		const startup = await trx
			.selectFrom('startup_meeting')
			.selectAll()
			.where('borger_id', '=', access.borger.id)
			.forUpdate()
			.executeTakeFirst();
		if (!startup) throw badRequest('Gem først opstartsmødets dato, sted og deltagere.');
		const checklist = startupChecklist(await startupFacts(trx, access.borger.id, toIsoDate(now)));
		if (checklist.blocking.length > 0) {
			const names = { maal: 'borgerens mål', kontaktperson: 'en primær kontaktperson' } as Record<
				string,
				string
			>;
			throw badRequest(
				`Opstartsmødet mangler ${checklist.blocking.map((s) => names[s] ?? s).join(' og ')}.`
			);
		}
		const created = await insertPlan(trx, access, actorId, { ...plan, validFrom: startup.held_on });
		const version = access.borger.version + 1;
		await trx
			.updateTable('borger')
			.set({ status: 'aktiv', start_date: startup.held_on, version, updated_at: new Date() })
			.where('id', '=', access.borger.id)
			.execute();
		await trx
			.updateTable('startup_meeting')
			.set({ completed_at: now, completed_by: actorId })
			.where('borger_id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'borger',
			access.borger.id,
			version,
			[
				{ field: 'status', old: access.borger.status, new: 'aktiv' },
				{ field: 'startDate', old: null, new: startup.held_on }
			]
		);
		await syncMeasurementTask(trx, access.borger.id, now);
		return { planId: created.id, outstanding: checklist.outstanding };
	});
}
