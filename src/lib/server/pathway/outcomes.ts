import { sql } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import { catalogue, type Instrument } from '$lib/domain/measurements';
import { computeOutcomes, type Outcomes } from '$lib/domain/outcomes';
import { outcomesRange } from '$lib/schemas/pathway';
import type { TeamSettings } from '$lib/schemas/team-settings';
import type { Executor } from '../db';
import { teamSettings } from '../team-settings';
import { parseOrThrow } from '../errors';

/**
 * The team's outcomes: every figure computed from the pathway tables by the pure
 * $lib/domain/outcomes, so page, PDF and CSV agree.
 */

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
