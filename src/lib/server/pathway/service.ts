import { sql } from 'kysely';
import { initialsOf } from '$lib/domain/professions';
import { toIsoDate } from '$lib/domain/scaling';
import {
	DISCHARGE_REASON_LABELS,
	dischargeProblems,
	evaluateCriteria,
	startupChecklist,
	type ReferralCriterion
} from '$lib/domain/pathway';
import {
	assignmentWarnings,
	caseloadOverview,
	countsTowardCaseload,
	teamIsFull,
	type CaseloadCaps
} from '$lib/domain/caseload';
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
import { computeOutcomes, type Outcomes } from '$lib/domain/outcomes';
import {
	dischargeInput,
	measurementInput,
	outcomesRange,
	referralInput,
	sharedPlanInput,
	startupInput,
	visitationInput
} from '$lib/schemas/pathway';
import type { TeamSettings } from '$lib/schemas/team-settings';
import type { SharedPlanGoal } from '../db/schema';
import { withTx, type DB, type Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { insertBorger } from '../borger/write';
import { teamSettings } from '../team-settings';
import { badRequest, conflict, notFound, parseOrThrow } from '../errors';

/**
 * The care pathway on the server: referrals and visitation, the waiting list, caseload,
 * the startup meeting, shared plan versions, measurements (with reminder tasks) and
 * discharge, plus the team outcomes. Every write is validated with the shared schemas,
 * runs in one transaction and leaves a change_log row when it touches a borger.
 */

function caps(settings: TeamSettings): CaseloadCaps {
	return { team: settings.caseloadCap, member: settings.memberCaseloadCap };
}

function today(now = new Date()): string {
	return toIsoDate(now);
}

// ---------------------------------------------------------------------------------------
// Caseload
// ---------------------------------------------------------------------------------------

async function caseloadCounts(db: Executor, teamId: string) {
	const rows = await db
		.selectFrom('borger')
		.select(['case_manager_id', 'status'])
		.where('team_id', '=', teamId)
		.where('status', 'in', ['henvist', 'aktiv'])
		.execute();
	const perMember = new Map<string, number>();
	for (const r of rows)
		if (r.case_manager_id)
			perMember.set(r.case_manager_id, (perMember.get(r.case_manager_id) ?? 0) + 1);
	return { team: rows.length, perMember };
}

async function memberName(db: Executor, membershipId: string): Promise<string | undefined> {
	const r = await db
		.selectFrom('membership as m')
		.innerJoin('app_user as u', 'u.id', 'm.user_id')
		.select('u.name')
		.where('m.id', '=', membershipId)
		.executeTakeFirst();
	return r?.name;
}

/** What adding one course (optionally to one case manager) would do to the caps. */
export async function previewAssignment(
	db: Executor,
	teamId: string,
	caseManagerId: string | null
) {
	const settings = await teamSettings(db, teamId);
	const counts = await caseloadCounts(db, teamId);
	return {
		teamCount: counts.team,
		cap: settings.caseloadCap,
		full: teamIsFull(counts.team, settings.caseloadCap),
		warnings: assignmentWarnings({
			caps: caps(settings),
			teamCount: counts.team,
			memberCount: caseManagerId ? (counts.perMember.get(caseManagerId) ?? 0) : null,
			memberName: caseManagerId ? await memberName(db, caseManagerId) : undefined
		})
	};
}

export async function loadCaseload(db: Executor, teamId: string) {
	const [settings, borgere, members] = await Promise.all([
		teamSettings(db, teamId),
		db
			.selectFrom('borger')
			.select(['id', 'name', 'initials', 'status', 'case_manager_id', 'scaling_level'])
			.where('team_id', '=', teamId)
			.where('status', '!=', 'afsluttet')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('membership as m')
			.innerJoin('app_user as u', 'u.id', 'm.user_id')
			.select(['m.id', 'u.name', 'u.initials', 'm.profession'])
			.where('m.team_id', '=', teamId)
			.where('m.deactivated_at', 'is', null)
			.where('m.role', '!=', 'auditor')
			.orderBy('u.name')
			.execute()
	]);
	const overview = caseloadOverview(
		borgere.map((b) => ({
			status: b.status,
			caseManagerId: b.case_manager_id,
			level: b.scaling_level
		})),
		caps(settings)
	);
	const byMember = new Map(overview.members.map((m) => [m.membershipId, m]));
	return {
		caps: caps(settings),
		levels: settings.scalingLevels,
		team: overview.team,
		waiting: borgere.filter((b) => b.status === 'venter').length,
		members: [
			...members.map((m) => ({
				membershipId: m.id as string | null,
				name: m.name,
				initials: m.initials,
				profession: m.profession,
				total: byMember.get(m.id)?.total ?? 0,
				byLevel: byMember.get(m.id)?.byLevel ?? {},
				level: byMember.get(m.id)?.level ?? ('ok' as const),
				borgere: borgere
					.filter((b) => b.case_manager_id === m.id && countsTowardCaseload(b.status))
					.map((b) => ({ id: b.id, name: b.name, level: b.scaling_level, status: b.status }))
			})),
			...(byMember.get(null)
				? [
						{
							membershipId: null,
							name: 'Uden kontaktperson',
							initials: '–',
							profession: '',
							total: byMember.get(null)!.total,
							byLevel: byMember.get(null)!.byLevel,
							level: 'ok' as const,
							borgere: borgere
								.filter((b) => b.case_manager_id === null && countsTowardCaseload(b.status))
								.map((b) => ({ id: b.id, name: b.name, level: b.scaling_level, status: b.status }))
						}
					]
				: [])
		]
	};
}

// ---------------------------------------------------------------------------------------
// Referrals and visitation
// ---------------------------------------------------------------------------------------

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
	if (input.referredOn > today()) throw badRequest('Henvisningsdatoen kan ikke ligge i fremtiden.');
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

// ---------------------------------------------------------------------------------------
// Waiting list
// ---------------------------------------------------------------------------------------

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
	const now = today();
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

// ---------------------------------------------------------------------------------------
// The course of one borger: startup, shared plan, measurements, discharge
// ---------------------------------------------------------------------------------------

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
	const day = today(now);
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

async function nextPlanVersion(trx: Executor, borgerId: string): Promise<number> {
	const r = await trx
		.selectFrom('shared_plan')
		.select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
		.where('borger_id', '=', borgerId)
		.executeTakeFirstOrThrow();
	return r.v + 1;
}

async function insertPlan(
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
		const checklist = startupChecklist(await startupFacts(trx, access.borger.id, today(now)));
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

/** A new version of the fælles plan from today's goals, with a follow-up date. */
export async function addSharedPlan(db: DB, access: BorgerAccess, actorId: string, raw: unknown) {
	assertWritable(access.borger);
	const input = parseOrThrow(sharedPlanInput, raw);
	if (access.borger.status !== 'aktiv')
		throw badRequest('Den første fælles plan laves på opstartsmødet.');
	return db.transaction().execute((trx) => insertPlan(trx, access, actorId, input));
}

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
	if (input.measuredOn > today(now)) throw badRequest('Måledatoen kan ikke ligge i fremtiden.');
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
			today: today(now),
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

/** Discharge: the record becomes read-only in the same transaction. */
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
	if (input.dischargedOn > today(now))
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

// ---------------------------------------------------------------------------------------
// Due measurements for the board
// ---------------------------------------------------------------------------------------

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
	const day = today(now);
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

// ---------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------

export async function loadOutcomes(
	db: Executor,
	teamId: string,
	raw: unknown
): Promise<Outcomes & { settings: TeamSettings }> {
	const range = parseOrThrow(outcomesRange, raw);
	const [settings, courses, scaling, measurements, discharges, referrals] = await Promise.all([
		teamSettings(db, teamId),
		db
			.selectFrom('borger as b')
			.leftJoin('referral as r', 'r.borger_id', 'b.id')
			.leftJoin('startup_meeting as s', 's.borger_id', 'b.id')
			.leftJoin('discharge as d', 'd.borger_id', 'b.id')
			.select([
				'b.id',
				'b.status',
				sql<string>`b.start_date`.as('start_date'),
				'b.closed_at',
				'r.referred_on',
				's.held_on',
				's.completed_at',
				'd.discharged_on'
			])
			.where('b.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('scaling_event as e')
			.innerJoin('borger as b', 'b.id', 'e.borger_id')
			.select(['e.borger_id', 'e.to_level', 'e.decided_at'])
			.where('b.team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('measurement')
			.select(['borger_id', 'instrument', 'measured_on', 'score'])
			.where('team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('discharge')
			.select(['reason', 'discharged_on'])
			.where('team_id', '=', teamId)
			.execute(),
		db
			.selectFrom('referral')
			.select(['referred_on', 'status'])
			.where('team_id', '=', teamId)
			.execute()
	]);
	const outcomes = computeOutcomes({
		...range,
		courses: courses.map((c) => {
			// A course started when its startup meeting was completed; borgere created
			// before the pathway existed (or imported) started on their start date.
			const startedOn =
				c.completed_at && c.held_on
					? c.held_on
					: c.status === 'aktiv' || c.status === 'afsluttet'
						? c.start_date
						: null;
			return {
				borgerId: c.id,
				referredOn: c.referred_on,
				startedOn,
				closedOn: c.discharged_on ?? (c.closed_at ? toIsoDate(c.closed_at) : null)
			};
		}),
		scaling: scaling.map((e) => ({
			borgerId: e.borger_id,
			toLevel: e.to_level,
			on: toIsoDate(e.decided_at)
		})),
		measurements: measurements.map((m) => ({
			borgerId: m.borger_id,
			instrument: m.instrument,
			measuredOn: m.measured_on,
			score: m.score
		})),
		discharges: discharges.map((d) => ({ reason: d.reason, on: d.discharged_on })),
		referrals: referrals.map((r) => ({ referredOn: r.referred_on, status: r.status })),
		instruments: catalogue(settings.instruments as Instrument[])
	});
	return { ...outcomes, settings };
}

/**
 * The dashboard period from `?fra=YYYY-MM&til=YYYY-MM`; default the last 24 months up to
 * this month (the demo seed covers two years).
 */
export function rangeFromParams(params: URLSearchParams, now = new Date()) {
	const to = toIsoDate(now).slice(0, 7);
	const d = new Date(`${to}-01T12:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() - 23);
	const from = d.toISOString().slice(0, 7);
	return { fromMonth: params.get('fra') || from, toMonth: params.get('til') || to };
}
