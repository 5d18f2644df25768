import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { addDays, format, parseISO, subDays } from 'date-fns';
import { toIsoDate } from '$lib/domain/scaling';
import {
	DEFAULT_INSTRUMENTS,
	DEFAULT_SCHEDULE,
	DISCHARGE,
	WHO5_INSTRUMENT,
	scheduleOccasions,
	scoreInstrument,
	type Instrument
} from '$lib/domain/measurements';
import {
	DEFAULT_REFERRAL_CRITERIA,
	type DischargeReason,
	type ReferrerKind
} from '$lib/domain/pathway';
import type { Database } from '../db/schema';
import type { Executor } from '../db';
import { goalSnapshot } from '../pathway/shared-plan';
import { syncMeasurementTask } from '../pathway/measurements';
import type { DemoBorgerContext } from './demo-borgere';

/**
 * The care pathway of the demo team over two years: a referral and a visitation behind
 * every course, startup meetings, shared plan versions, measurement series (WHO-5,
 * Recovery Star, admission days, coercion), discharges, rejected and pending referrals,
 * and a few earlier courses that ended, so the outcomes dashboard has a story to tell.
 * Deterministic (no randomness): values come from each borger's position in the list.
 * Every person and place is invented.
 */

type Row<T extends keyof Database> = Insertable<Database[T]>;

const KINDS: ReferrerKind[] = [
	'psykiatri',
	'psykiatri',
	'kommune',
	'egen_laege',
	'psykiatri',
	'borger'
];
const REFERRERS: Record<ReferrerKind, string> = {
	psykiatri: 'Distriktspsykiatrien Åbakke',
	kommune: 'Socialafdelingen, Åbakke Kommune',
	egen_laege: 'Lægehuset Torvet',
	borger: '',
	paaroerende: '',
	andet: ''
};
const PLACES = [
	'Hjemme hos borgeren',
	'Distriktspsykiatrien',
	'Rusmiddelcentret',
	'Bostøttens kontor'
];
const INSIDE = DEFAULT_REFERRAL_CRITERIA.map((c) => ({
	key: c.key,
	label: c.label,
	met: !c.exclusion
}));

/** Earlier courses that ended before today's caseload: the dashboard's history. */
const EARLIER: {
	name: string;
	born: number;
	cm: string;
	start: number;
	end: number;
	reason: DischargeReason;
	text: string;
	bridge?: string;
	receiver?: string;
}[] = [
	{
		name: 'Henrik Mose',
		born: 1970,
		cm: 'jonas',
		start: 720,
		end: 250,
		reason: 'maal_naaet',
		text: 'Stabil i egen bolig',
		bridge: 'Individuel opfølgning i distriktspsykiatrien',
		receiver: 'Sygeplejerske Ulla Brix'
	},
	{
		name: 'Jette Riis',
		born: 1966,
		cm: 'mette',
		start: 690,
		end: 380,
		reason: 'overfoert',
		text: 'Flyttet på plejehjem',
		bridge: 'Plejecenter Engly',
		receiver: 'Kontaktperson Bent Lauritsen'
	},
	{
		name: 'Ali Yousef',
		born: 1991,
		cm: 'rasmus',
		start: 600,
		end: 160,
		reason: 'maal_naaet',
		text: 'Afsluttet rusmiddelbehandling',
		bridge: 'Bostøtte § 85',
		receiver: 'Bostøtte Lone Kirk'
	},
	{
		name: 'Pernille Gade',
		born: 1984,
		cm: 'camilla',
		start: 560,
		end: 90,
		reason: 'ingen_effekt',
		text: 'Ingen bedring efter et år; anden indsats aftalt',
		bridge: 'Herberget Åbakke',
		receiver: 'Socialrådgiver Ib Holt'
	},
	{
		name: 'Morten Due',
		born: 1959,
		cm: 'thomas',
		start: 480,
		end: 200,
		reason: 'fravalgt',
		text: 'Ønskede ikke at fortsætte'
	}
];

/** What the three closed demo courses in demo-borgere.ts ended with. */
const CLOSED: Record<
	string,
	{ reason: DischargeReason; bridge: string; receiver: string; wayBack: string }
> = {
	'Signe Vad': {
		reason: 'maal_naaet',
		bridge: 'Distriktspsykiatrien Åbakke',
		receiver: 'Psykiater Amira Haddad',
		wayBack: 'Ved tegn på tilbagefald kontakter egen læge teamet.'
	},
	'Torben Ravn': {
		reason: 'flyttet',
		bridge: 'FACT Vesterlund',
		receiver: 'Teamleder i FACT Vesterlund',
		wayBack: 'Kan henvises igen ved tilbageflytning.'
	},
	'Vibeke Ladefoged': {
		reason: 'fravalgt',
		bridge: 'Egen læge',
		receiver: 'Lægehuset Torvet',
		wayBack:
			'Vejen tilbage: ring til teamet eller egen læge; ingen ny visitation nødvendig i et år.'
	}
};

const OTHER_REFERRALS: {
	name: string;
	born: number;
	ago: number;
	kind: ReferrerKind;
	status: 'afvist' | 'videresendt' | 'modtaget';
	reason: string;
	decision?: string;
	to?: string;
	botilbud?: boolean;
}[] = [
	{
		name: 'Kurt Ibsen',
		born: 1958,
		ago: 610,
		kind: 'kommune',
		status: 'afvist',
		reason: 'Behov for mere støtte i hverdagen',
		decision: 'Bor på botilbud; uden for målgruppen',
		botilbud: true
	},
	{
		name: 'Sanne Holt',
		born: 1995,
		ago: 470,
		kind: 'psykiatri',
		status: 'videresendt',
		reason: 'Angst og isolation',
		decision: 'Behov for psykologbehandling frem for et tværsektorielt team',
		to: 'Psykiatrisk ambulatorium, angstklinikken'
	},
	{
		name: 'Leo Krogh',
		born: 1987,
		ago: 330,
		kind: 'egen_laege',
		status: 'afvist',
		reason: 'Alkoholforbrug',
		decision: 'Ingen psykisk lidelse; henvist til rusmiddelcentret af egen læge',
		botilbud: false
	},
	{
		name: 'Dorthe Wulff',
		born: 1972,
		ago: 150,
		kind: 'kommune',
		status: 'videresendt',
		reason: 'Hjemløs, psykisk skrøbelig',
		decision: 'Akut boligbehov først',
		to: 'Herberget Åbakke og gadeteamet'
	},
	{
		name: 'Bjarne Strand',
		born: 1963,
		ago: 60,
		kind: 'psykiatri',
		status: 'afvist',
		reason: 'Mange indlæggelser',
		decision: 'Bor på botilbud med egen psykiatrisk støtte',
		botilbud: true
	},
	{
		name: 'Ida Munk',
		born: 2001,
		ago: 9,
		kind: 'psykiatri',
		status: 'modtaget',
		reason: 'Psykose og hashbrug; falder ud af ambulant behandling'
	},
	{
		name: 'Ole Kragh',
		born: 1976,
		ago: 3,
		kind: 'borger',
		status: 'modtaget',
		reason: 'Ønsker selv hjælp; har haft mange forskellige kontakter'
	}
];

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Five WHO-5 answers (0–5) summing to `raw`, spread evenly with a fixed pattern. */
function who5Answers(raw: number): Record<string, number> {
	const r = clamp(Math.round(raw), 0, 25);
	const base = Math.floor(r / 5);
	const extra = r - base * 5;
	return Object.fromEntries(
		['q1', 'q2', 'q3', 'q4', 'q5'].map((k, i) => [k, clamp(base + (i < extra ? 1 : 0), 0, 5)])
	);
}

export async function seedDemoPathway(
	db: Executor,
	ctx: DemoBorgerContext,
	now = new Date()
): Promise<{ borgere: number }> {
	const today = parseISO(toIsoDate(now));
	const day = (ago: number) => format(subDays(today, ago), 'yyyy-MM-dd');
	const plus = (d: string, n: number) => format(addDays(parseISO(d), n), 'yyyy-MM-dd');
	const todayIso = day(0);
	const lead = ctx.userIds['lene@demo.tavla.test']!;
	const nurse = ctx.userIds['birgitte@demo.tavla.test']!;
	const instruments: Record<string, Instrument> = Object.fromEntries(
		[WHO5_INSTRUMENT, ...DEFAULT_INSTRUMENTS].map((i) => [i.key, i])
	);

	const rows = {
		borger: [] as Row<'borger'>[],
		scaling_event: [] as Row<'scaling_event'>[],
		change_log: [] as Row<'change_log'>[],
		referral: [] as Row<'referral'>[],
		startup_meeting: [] as Row<'startup_meeting'>[],
		shared_plan: [] as Row<'shared_plan'>[],
		measurement: [] as Row<'measurement'>[],
		discharge: [] as Row<'discharge'>[]
	};

	// Earlier courses that have ended (borger rows of their own).
	EARLIER.forEach((e) => {
		const id = randomUUID();
		const cm = ctx.membershipIds[`${e.cm}@demo.tavla.test`]!;
		const scaledAt = subDays(now, e.start - 120);
		rows.borger.push({
			id,
			team_id: ctx.teamId,
			name: e.name,
			initials: e.name
				.split(' ')
				.map((p) => p[0])
				.join(''),
			birth_year: e.born,
			case_manager_id: cm,
			start_date: day(e.start),
			status: 'afsluttet',
			scaling_level: 'stabil',
			last_scaled_at: scaledAt,
			last_scaled_from: 'skaerpet',
			last_discussed_on: day(e.end + 7),
			closed_at: subDays(now, e.end),
			closed_reason: e.text,
			created_at: subDays(now, e.start)
		});
		rows.scaling_event.push(
			{
				borger_id: id,
				from_level: null,
				to_level: 'skaerpet',
				direction: 'initial',
				reason_text: 'Oprettet',
				decided_by: lead,
				decided_at: subDays(now, e.start)
			},
			{
				borger_id: id,
				from_level: 'skaerpet',
				to_level: 'stabil',
				direction: 'down',
				reason_category: 'stabilisering',
				reason_text: 'Stabil periode',
				decided_by: nurse,
				decided_at: scaledAt
			}
		);
		rows.change_log.push(
			{
				team_id: ctx.teamId,
				borger_id: id,
				entity: 'borger',
				entity_id: id,
				field: '*',
				entity_version: 1,
				old_value: null,
				new_value: JSON.stringify({ name: e.name }),
				actor_id: lead,
				source: 'web',
				at: subDays(now, e.start)
			},
			{
				team_id: ctx.teamId,
				borger_id: id,
				entity: 'borger',
				entity_id: id,
				field: 'status',
				entity_version: 2,
				old_value: JSON.stringify('aktiv'),
				new_value: JSON.stringify('afsluttet'),
				actor_id: lead,
				source: 'web',
				at: subDays(now, e.end)
			}
		);
	});
	if (rows.borger.length > 0) await db.insertInto('borger').values(rows.borger).execute();

	const borgere = await db
		.selectFrom('borger')
		.select([
			'id',
			'name',
			'initials',
			'birth_year',
			'status',
			'case_manager_id',
			'start_date',
			'closed_at'
		])
		.where('team_id', '=', ctx.teamId)
		.orderBy('created_at')
		.orderBy('name')
		.execute();

	for (const [i, b] of borgere.entries()) {
		const kind = KINDS[i % KINDS.length]!;
		const started = b.status === 'aktiv' || b.status === 'afsluttet';
		const start = b.start_date;
		const referredOn = started ? plus(start, -(14 + ((i * 11) % 50))) : plus(start, -(3 + (i % 5)));
		const visitedOn = started ? plus(start, -(4 + (i % 6))) : start;
		rows.referral.push({
			team_id: ctx.teamId,
			borger_id: b.id,
			name: b.name,
			initials: b.initials,
			birth_year: b.birth_year,
			referrer_kind: kind,
			referrer_name: REFERRERS[kind],
			referred_on: referredOn < todayIso ? referredOn : todayIso,
			reason: 'Svær psykisk lidelse med rusmiddelbrug; falder ud af de eksisterende tilbud.',
			criteria: JSON.stringify(INSIDE),
			documents: JSON.stringify(
				i % 3 === 0 ? [{ title: 'Epikrise', reference: 'Sundhedsplatformen' }] : []
			),
			status: 'optaget',
			visitation_on: visitedOn,
			visitation_participants: JSON.stringify([
				'Lene Holm Madsen (kommune)',
				'Karsten Vinther (region)'
			]),
			decided_by: lead,
			created_by: nurse,
			created_at: parseISO(`${referredOn}T09:00:00`)
		});
		if (!started) {
			// One of the borgere waiting for a startup meeting has a date already.
			if (b.status === 'henvist' && i % 2 === 0)
				rows.startup_meeting.push({
					borger_id: b.id,
					team_id: ctx.teamId,
					held_on: day(-4),
					place: PLACES[i % PLACES.length]!,
					participants: JSON.stringify(['Borgeren', 'Bostøtten', 'Sygeplejersken']),
					agreed_actors: ''
				});
			continue;
		}
		rows.startup_meeting.push({
			borger_id: b.id,
			team_id: ctx.teamId,
			held_on: start,
			place: PLACES[i % PLACES.length]!,
			participants: JSON.stringify([
				'Borgeren',
				'Bostøtten',
				'Sygeplejersken',
				'Rusmiddelbehandleren'
			]),
			agreed_actors: 'Egen læge, bostøtten og distriktspsykiatrien.',
			completed_at: parseISO(`${start}T12:00:00`),
			completed_by: nurse
		});

		const end = b.closed_at ? toIsoDate(b.closed_at) : todayIso;
		// Shared plan: version 1 at the start, a new version about every six months.
		const snapshot = await goalSnapshot(db, b.id);
		const goals = JSON.stringify(
			snapshot.length > 0
				? snapshot
				: [
						{
							text: 'En stabil hverdag i egen bolig',
							followUpOn: null,
							subGoals: [{ text: 'Fast kontakt til egen læge', followUpOn: null, status: 'naaet' }]
						}
					]
		);
		for (let v = 1, from = start; from <= end; v++, from = plus(from, 182)) {
			rows.shared_plan.push({
				team_id: ctx.teamId,
				borger_id: b.id,
				version: v,
				valid_from: from,
				follow_up_on: plus(from, 182),
				borger_words: v === 1 ? 'Det vigtigste for mig er ro og mit eget sted at bo.' : '',
				goals,
				handleplan_ref: i % 2 === 0 ? `Handleplan § 141, Åbakke Kommune (${from.slice(0, 4)})` : '',
				handleplan_on: i % 2 === 0 ? from : null,
				created_by: nurse,
				created_at: parseISO(`${from}T12:00:00`)
			});
		}

		// Measurements on schedule (a few days late now and then); some borgere miss the
		// latest occasion so the board and the tasks show due and overdue measurements.
		const occasions = scheduleOccasions(DEFAULT_SCHEDULE, start, end, b.closed_at ? end : null);
		const skipLatest = b.status === 'aktiv' && i % 4 === 1;
		const trend = i % 7 === 3 ? -1 : 1; // one in seven does not get better
		const baseWho = 5 + (i % 6); // raw 5–10 = 20–40 points
		occasions.forEach((o, n) => {
			if (o.dueOn > todayIso) return;
			if (skipLatest && n === occasions.length - 1 && n > 0) return;
			const measuredOn = [plus(o.dueOn, (i + n) % 9), todayIso, end].sort()[0]!;
			const step = Math.min(n, 5);
			const answers: Record<string, Record<string, number>> = {
				who5: who5Answers(baseWho + trend * step * (2 + (i % 2))),
				recovery_star: Object.fromEntries(
					Array.from({ length: 10 }, (_, k) => [
						`o${k + 1}`,
						clamp(3 + ((i + k) % 3) + trend * Math.floor(step / 2) + (k % 2), 1, 10)
					])
				),
				indlaeggelsesdage: {
					dage: clamp(
						(n === 0 ? 40 : 18) - step * 3 + ((i * 7 + n) % 9) - (trend < 0 ? -6 : 0),
						0,
						120
					)
				},
				tvang: {
					indlaeggelser: n === 0 ? 1 + (i % 2) : Number(trend < 0 && n % 2 === 1),
					andre: n === 0 ? i % 3 : 0
				}
			};
			for (const key of DEFAULT_SCHEDULE.instruments) {
				const ans = answers[key]!;
				rows.measurement.push({
					team_id: ctx.teamId,
					borger_id: b.id,
					instrument: key,
					occasion: o.key,
					due_on: o.dueOn,
					measured_on: o.key === DISCHARGE ? end : measuredOn,
					answers: JSON.stringify(ans),
					score: scoreInstrument(instruments[key]!, ans).score,
					created_by: nurse,
					created_at: parseISO(`${measuredOn}T13:00:00`)
				});
			}
		});

		if (b.status === 'afsluttet') {
			const earlier = EARLIER.find((e) => e.name === b.name);
			const closed = CLOSED[b.name];
			rows.discharge.push({
				borger_id: b.id,
				team_id: ctx.teamId,
				discharged_on: end,
				reason: earlier?.reason ?? closed?.reason ?? 'andet',
				reason_text: earlier?.text ?? '',
				bridge: earlier?.bridge ?? closed?.bridge ?? '',
				receiving_person: earlier?.receiver ?? closed?.receiver ?? '',
				way_back: closed?.wayBack ?? 'Kan henvises igen via egen læge eller kommunen.',
				summary: `Forløb fra ${start} til ${end}. Se den fælles plan og målingerne for udviklingen.`,
				created_by: lead,
				created_at: parseISO(`${end}T14:00:00`)
			});
		}
	}

	for (const r of OTHER_REFERRALS) {
		rows.referral.push({
			team_id: ctx.teamId,
			name: r.name,
			initials: r.name
				.split(' ')
				.map((p) => p[0])
				.join(''),
			birth_year: r.born,
			referrer_kind: r.kind,
			referrer_name: REFERRERS[r.kind],
			referred_on: day(r.ago),
			reason: r.reason,
			criteria: JSON.stringify(
				DEFAULT_REFERRAL_CRITERIA.map((c) => ({
					key: c.key,
					label: c.label,
					met:
						r.status === 'modtaget' && c.exclusion
							? null
							: c.key === 'botilbud'
								? Boolean(r.botilbud)
								: !c.exclusion
				}))
			),
			documents: '[]',
			status: r.status,
			visitation_on: r.status === 'modtaget' ? null : day(r.ago - 7),
			visitation_participants: JSON.stringify(
				r.status === 'modtaget' ? [] : ['Lene Holm Madsen (kommune)', 'Karsten Vinther (region)']
			),
			decision_reason: r.decision ?? null,
			referred_to: r.to ?? null,
			decided_by: r.status === 'modtaget' ? null : lead,
			created_by: nurse,
			created_at: subDays(now, r.ago)
		});
	}

	for (const table of [
		'scaling_event',
		'change_log',
		'referral',
		'startup_meeting',
		'shared_plan',
		'measurement',
		'discharge'
	] as const) {
		const list: unknown[] = rows[table];
		// In chunks, so no statement gets too many parameters. The rows were typed per
		// table above; the loop over table names cannot carry that type through.
		for (let k = 0; k < list.length; k += 500) {
			await db
				.insertInto(table)
				.values(list.slice(k, k + 500) as never)
				.execute();
		}
	}

	// Reminder tasks for the next measurement of every active course.
	for (const b of borgere) if (b.status === 'aktiv') await syncMeasurementTask(db, b.id, now);
	return { borgere: EARLIER.length };
}
