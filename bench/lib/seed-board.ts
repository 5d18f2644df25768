import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db';

/**
 * Set-based seeding for the board benchmark: every table is filled by a handful of
 * `insert … select … from generate_series(…)` statements, so a million history rows take
 * seconds, not minutes.
 *
 * The data is deterministic: ids are `md5(…)::uuid` of a stable key and every "random"
 * choice is `hashtext()` of a stable key, so PGlite and PostgreSQL get exactly the same
 * rows (and the benchmark can check that both render the same board).
 */

export interface SeedSpec {
	teams: number;
	borgerePerTeam: number;
	membersPerTeam: number;
	/** Total change_log rows, spread at random over all borgere. */
	changeLogRows: number;
	/** Every borger 'aktiv' (otherwise a few are 'henvist' or 'venter'). */
	allActive: boolean;
	/** Reference "today" (YYYY-MM-DD); history reaches back up to three years from here. */
	refDate: string;
}

export interface SeedStep {
	step: string;
	rows: number;
	ms: number;
}

function md5Uuid(key: string): string {
	const hex = createHash('md5').update(key).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of team number `team` (1-based), as the seed computes it in SQL. */
export function benchTeamId(team: number): string {
	return md5Uuid(`team:${team}`);
}

// --- SQL fragments ---------------------------------------------------------------------

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A non-negative pseudo-random bigint (0 … 2^32-1) from a text key expression. */
const H = (key: string) => `(hashtext(${key})::bigint + 2147483648)`;

/** One element of `list`, chosen by a non-negative integer expression. */
const pick = (list: readonly string[], n: string) =>
	`(array[${list.map(q).join(', ')}])[1 + ((${n}) % ${list.length})::int]`;

const isoText = (dateExpr: string) => `to_char(${dateExpr}, 'YYYY-MM-DD')`;

const FIRST_NAMES = [
	'Anders',
	'Birgitte',
	'Camilla',
	'Dennis',
	'Emil',
	'Frederikke',
	'Gitte',
	'Henrik',
	'Ida',
	'Jesper',
	'Karina',
	'Lars',
	'Mette',
	'Niels',
	'Oliver',
	'Pernille',
	'Rasmus',
	'Sofie',
	'Thomas',
	'Ulla',
	'Vibeke',
	'Åse',
	'Søren',
	'Jørgen'
];
const LAST_NAMES = [
	'Andersen',
	'Christensen',
	'Hansen',
	'Jensen',
	'Johansen',
	'Jørgensen',
	'Larsen',
	'Madsen',
	'Mortensen',
	'Nielsen',
	'Olsen',
	'Pedersen',
	'Petersen',
	'Poulsen',
	'Rasmussen',
	'Sørensen',
	'Thomsen',
	'Kristensen',
	'Møller',
	'Holm'
];
const PROFESSIONS = ['sygeplejerske', 'socialraadgiver', 'psykolog', 'laege', 'paedagog'];
const RISK_CATEGORIES = [
	'selvmord',
	'selvskade',
	'overdosis',
	'psykose',
	'vold_mod_andre',
	'trusler_fra_andre',
	'kriminalitet',
	'bolig',
	'oekonomi',
	'somatisk_helbred',
	'social_isolation',
	'egenomsorg',
	'rusmiddelbrug',
	'frafald'
];
const RISK_LEVELS = ['ingen', 'lav', 'lav', 'moderat', 'moderat', 'hoej'];
/** Weighted: most borgere are stable; the board levels (intensiv, skærpet) are common too. */
const SCALING_LEVELS = [
	'intensiv',
	'skaerpet',
	'skaerpet',
	'stabil',
	'stabil',
	'stabil',
	'ikke_paa_tavlen'
];
const LEVEL_RANK = `array['ikke_paa_tavlen', 'stabil', 'skaerpet', 'intensiv']`;
/** Weighted like a real record: many network entries, goals and agreements. */
const ITEM_KINDS = [
	'netvaerk',
	'netvaerk',
	'netvaerk',
	'misbrug',
	'retslige',
	'maal',
	'maal',
	'plan',
	'indsatser',
	'indsatser',
	'sikkerhed',
	'aftaler',
	'aftaler'
];

/** The kind of item number `g` of borger number `n`: used by items and by change_log. */
const itemKind = (n: string, g: string) => pick(ITEM_KINDS, H(`'ik:' || ${n} || ':' || ${g}`));

function itemData(
	ref: string,
	h: string,
	ha: string,
	hb: string,
	hc: string,
	owner: string
): string {
	return `jsonb_strip_nulls(case k.kind
		when 'netvaerk' then jsonb_build_object(
			'name', ${pick(FIRST_NAMES, ha)} || ' ' || ${pick(LAST_NAMES, hb)},
			'relation', ${pick(['mor', 'far', 'søster', 'bror', 'ven', 'nabo', 'egen læge', 'bostøtte', 'kæreste', 'misbrugsbehandler'], hc)},
			'kind', case when ${h} % 3 = 0 then 'professionel' else 'privat' end,
			'organisation', case when ${h} % 3 = 0 then ${pick(['Rusmiddelcenter', 'Distriktspsykiatri', 'Jobcenter', 'Egen læge', 'Bostøtten'], ha)} end,
			'phone', case when ${hb} % 2 = 0 then '2' || lpad((${hc} % 10000000)::text, 7, '0') end,
			'role', ${pick(['ressource', 'ressource', 'belastning', 'begge', 'neutral'], hb)},
			'closeness', 1 + ${hc} % 3,
			'mayInvolve', ${ha} % 2 = 0,
			'note', case when ${hc} % 4 = 0 then 'Ses en gang om ugen; kan kontaktes ved krise.' end)
		when 'misbrug' then jsonb_build_object(
			'substance', ${pick(['Alkohol', 'Cannabis', 'Kokain', 'Amfetamin', 'Benzodiazepiner', 'Opioider'], ha)},
			'pattern', ${pick(['Dagligt forbrug', 'Weekendforbrug', 'Periodevis, i perioder med tilbagefald', 'Stabilt lavt forbrug'], hb)},
			'recentChange', case when ${hc} % 3 = 0 then 'Øget forbrug den seneste måned' end,
			'treatmentStatus', ${pick(['ingen', 'venter', 'i_behandling', 'afsluttet'], hc)},
			'goal', ${pick(['stop', 'reducer', 'stabiliser', 'ikke_afklaret'], h)})
		when 'retslige' then jsonb_build_object(
			'kind', ${pick(['dom', 'behandlingsdom', 'vilkaar', 'retsmoede', 'sigtelse', 'tilsyn', 'andet'], ha)},
			'description', ${pick(['Dom til ambulant behandling', 'Vilkår om misbrugsbehandling', 'Retsmøde om forlængelse', 'Sigtelse for butikstyveri'], hb)},
			'date', case when ${hc} % 10 < 7 then ${isoText(`${ref} + (${hc} % 400 - 200)::int`)} end,
			'contact', case when ${h} % 2 = 0 then 'Kriminalforsorgen, tilsynsførende' end)
		when 'maal' then jsonb_build_object(
			'text', ${pick(['Have en fast bolig inden sommer', 'Komme i gang med behandling', 'Se min datter hver uge', 'Få styr på økonomien', 'Skære ned på forbruget', 'Komme i arbejde eller uddannelse'], ha)},
			'ownerId', ${owner},
			'followUpOn', case when ${hb} % 10 < 8 then ${isoText(`${ref} + (${hb} % 120 - 40)::int`)} end,
			'status', ${pick(['aktiv', 'aktiv', 'aktiv', 'naaet', 'opgivet'], hc)},
			'progress', (${h} % 11) * 10)
		when 'plan' then jsonb_build_object(
			'kind', ${pick(['faelles_plan', 'handleplan', 'behandlingsplan', 'andet'], ha)},
			'title', ${pick(['Fælles plan', 'Handleplan efter SEL § 141', 'Behandlingsplan', 'Koordinerende indsatsplan'], hb)},
			'reference', case when ${hc} % 2 = 0 then 'Journal, dokument ' || (${hc} % 100000) end,
			'date', ${isoText(`${ref} - (${hc} % 700)::int`)})
		when 'indsatser' then jsonb_build_object(
			'provider', ${pick(['Bostøtten', 'Rusmiddelcenter', 'Distriktspsykiatri', 'Jobcenter', 'Botilbud Lyngen', 'Værested'], ha)},
			'description', ${pick(['Bostøtte to gange om ugen', 'Ambulant misbrugsbehandling', 'Samtaleforløb', 'Ressourceforløb', 'Substitutionsbehandling'], hb)},
			'legalBasis', ${pick(['SEL § 85', 'SEL § 101', 'SEL § 107', 'SUL § 142', 'LAB § 68'], hc)},
			'startDate', ${isoText(`${ref} - (${hc} % 900)::int`)},
			'endDate', case ${h} % 10 when 0 then ${isoText(`${ref} - (${hb} % 200 + 1)::int`)} when 1 then ${isoText(`${ref} - (${hb} % 60 + 1)::int`)} when 2 then ${isoText(`${ref} + (${hb} % 200)::int`)} when 3 then ${isoText(`${ref} + (${hb} % 365)::int`)} end)
		when 'sikkerhed' then jsonb_build_object(
			'description', ${pick(['Altid to ved hjemmebesøg', 'Møde på neutral adresse', 'Fjern skarpe genstande', 'Aftale om daglig kontakt'], ha)},
			'categories', jsonb_build_array(${pick(RISK_CATEGORIES, hb)}),
			'ownerId', ${owner},
			'validUntil', case when ${hc} % 3 = 0 then ${isoText(`${ref} + (${hc} % 240 - 90)::int`)} end,
			'staffSafety', ${h} % 5 = 0)
		when 'aftaler' then jsonb_build_object(
			'description', ${pick(['Ring til egen læge om medicin', 'Følg med til jobcenter', 'Søg om enkeltydelse', 'Book tid i misbrugsbehandling', 'Tal med udlejer om restance'], ha)},
			'ownerId', ${owner},
			'dueOn', case when ${hb} % 10 < 9 then ${isoText(`${ref} + (${hb} % 60 - 20)::int`)} end,
			'status', ${pick(['aaben', 'aaben', 'aaben', 'udfoert', 'annulleret'], hc)})
	end)`;
}

// --- Seeding -------------------------------------------------------------------------

export interface SeedStatement {
	step: string;
	sql: string;
	/** `set local` settings for the statement's transaction. */
	settings: string[];
}

export interface SeedOptions {
	/**
	 * Bulk-load mode (needs a superuser): foreign key triggers off during the seed (every
	 * foreign key is checked set-based afterwards), and change_log's indexes and primary
	 * key built after the load instead of maintained row by row.
	 */
	bulk: boolean;
	/** change_log's indexes other than the primary key, as the migrations made them. */
	changeLogIndexes: { name: string; definition: string }[];
	/** change_log's primary key constraint. */
	changeLogPrimaryKey: { name: string; definition: string } | null;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The seed as an ordered list of SQL statements (pure: handy to inspect or EXPLAIN). */
export function seedStatements(spec: SeedSpec, opts: SeedOptions): SeedStatement[] {
	const T = spec.teams;
	const B = spec.borgerePerTeam;
	const M = spec.membersPerTeam;
	const N = T * B;
	const REF = spec.refDate;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(REF)) throw new Error(`refDate must be YYYY-MM-DD: ${REF}`);
	const ref = `date '${REF}'`;
	const refTs = `timestamptz '${REF}T12:00:00Z'`;
	const out: SeedStatement[] = [];
	const add = (step: string, statement: string, settings: string[] = []) =>
		out.push({
			step,
			sql: statement,
			// JIT would spend seconds compiling these long expressions for a one-off run.
			settings: [
				'jit = off',
				...(opts.bulk ? ['session_replication_role = replica'] : []),
				...settings
			]
		});

	/** Borger number n started 6 months to 3 years before the reference date. */
	const startDate = (n: string) => `(${ref} - (180 + ${H(`'b3:' || ${n}`)} % 915)::int)`;
	/** Borger numbers, with their team number and id (a CTE for every per-borger insert). */
	const bn = `bn as (select n, (n - 1) / ${B} + 1 as t, md5('borger:' || n)::uuid as id from generate_series(1, ${N}) n)`;
	const member = (t: string, hash: string) =>
		`md5('membership:' || ${t} || ':' || (1 + ${hash} % ${M}))::uuid`;
	const user = (t: string, hash: string) =>
		`md5('user:' || ${t} || ':' || (1 + ${hash} % ${M}))::uuid`;

	add(
		'organisation',
		`insert into organisation (id, name, kind)
		select md5('org:region')::uuid, 'Region Bench', 'region'
		union all
		select md5('org:kommune:' || t)::uuid, 'Bench Kommune ' || t, 'kommune' from generate_series(1, ${T}) t`
	);
	add(
		'team',
		`insert into team (id, slug, name, municipality_id, region_id, settings)
		select md5('team:' || t)::uuid, 'bench-team-' || t, 'Bench team ' || t,
			md5('org:kommune:' || t)::uuid, md5('org:region')::uuid, '{}'::jsonb
		from generate_series(1, ${T}) t`
	);
	add(
		'app_user',
		`insert into app_user (id, email, name, initials, password_hash)
		select md5('user:' || t || ':' || m)::uuid, 'bruger-' || t || '-' || m || '@bench.invalid',
			fn || ' ' || ln, left(fn, 1) || left(ln, 1), null
		from (select t, m,
			${pick(FIRST_NAMES, H(`'uf:' || t || ':' || m`))} as fn,
			${pick(LAST_NAMES, H(`'ul:' || t || ':' || m`))} as ln
			from generate_series(1, ${T}) t, generate_series(1, ${M}) m) x`
	);
	add(
		'membership',
		`insert into membership (id, team_id, user_id, organisation_id, profession, role)
		select md5('membership:' || t || ':' || m)::uuid, md5('team:' || t)::uuid,
			md5('user:' || t || ':' || m)::uuid, md5('org:kommune:' || t)::uuid,
			${pick(PROFESSIONS, H(`'mp:' || t || ':' || m`))},
			case m when 1 then 'teamleder' when 2 then 'moedeleder' else 'medlem' end
		from generate_series(1, ${T}) t, generate_series(1, ${M}) m`
	);
	add(
		'borger',
		`insert into borger (id, team_id, name, initials, birth_year, case_manager_id, start_date,
			status, scaling_level, last_discussed_on, staff_safety, version, created_at, updated_at)
		select md5('borger:' || n)::uuid, md5('team:' || t)::uuid, fn || ' ' || ln,
			left(fn, 1) || left(ln, 1), 1950 + (h1 % 55)::int,
			case when h2 % 10 = 0 then null else ${member('t', 'h2')} end,
			start_date, status, 'stabil',
			case when status = 'aktiv' then ${ref} - (h4 % 70)::int end,
			case when h5 % 8 = 0 then 'Kom to; tidligere trusler mod personale' end,
			1 + (h5 % 40)::int, start_date::timestamptz, ${refTs}
		from (select n, (n - 1) / ${B} + 1 as t,
			${pick(FIRST_NAMES, H(`'bf:' || n`))} as fn,
			${pick(LAST_NAMES, H(`'bl:' || n`))} as ln,
			${H(`'b1:' || n`)} as h1, ${H(`'b2:' || n`)} as h2, ${H(`'b4:' || n`)} as h4,
			${H(`'b5:' || n`)} as h5,
			${startDate('n')} as start_date,
			${
				spec.allActive
					? `'aktiv'`
					: pick([...Array(17).fill('aktiv'), 'henvist', 'henvist', 'venter'], H(`'bs:' || n`))
			} as status
			from generate_series(1, ${N}) n) x`
	);

	// 8–15 live items per borger, plus 0–2 removed ones (kept for history).
	add(
		'borger_item',
		`with ${bn}
		insert into borger_item (id, borger_id, kind, data, position, version, created_at, updated_at, deleted_at)
		select md5('item:' || bn.n || ':' || g)::uuid, b.id, k.kind,
			${itemData(ref, 'k.h', 'k.ha', 'k.hb', 'k.hc', `case when k.h % 2 = 0 then ${member('bn.t', 'k.hc')} end`)},
			g, 1 + (k.h % 4)::int, k.created, k.created + interval '3 days',
			case when g > c.live then least(k.created + interval '30 days', ${refTs}) end
		from bn join borger b on b.id = bn.id
		cross join lateral (select 8 + ${H(`'il:' || bn.n`)} % 8 as live, ${H(`'id:' || bn.n`)} % 3 as dead) c
		cross join lateral generate_series(1, (c.live + c.dead)::int) g
		cross join lateral (select ${itemKind('bn.n', 'g')} as kind,
			${H(`'ih:' || bn.n || ':' || g`)} as h,
			${H(`'ih:' || bn.n || ':' || g`)} / 13 as ha,
			${H(`'ih:' || bn.n || ':' || g`)} / 1009 as hb,
			${H(`'ih:' || bn.n || ':' || g`)} / 100003 as hc,
			(b.start_date + ((${ref} - b.start_date) * (${H(`'ic:' || bn.n || ':' || g`)} % 1000) / 1000)::int)::timestamptz
				+ interval '9 hours' as created) k`
	);

	// 5–30 assessments per borger over the course, each borger in about five categories.
	add(
		'risk_assessment',
		`with ${bn}
		insert into risk_assessment (id, borger_id, category, level, rationale, assessed_by, assessed_on, review_by, created_at)
		select md5('risk:' || bn.n || ':' || g)::uuid, b.id,
			${pick(RISK_CATEGORIES, `c.base + k.h % 5`)},
			${pick(RISK_LEVELS, 'k.h / 7')},
			${pick(['Vurderet på tavlemøde', 'Ny oplysning fra pårørende', 'Stabil periode, ingen tegn', 'Øget forbrug og isolation', 'Efter indlæggelse'], 'k.h / 101')},
			${user('bn.t', 'k.h / 1009')}, d.on_date,
			case when k.h % 5 < 3 then d.on_date + 90 end,
			-- Unique per borger, so "latest per category" never depends on a tie.
			d.on_date::timestamptz + interval '10 hours' + g * interval '1 minute'
		from bn join borger b on b.id = bn.id
		cross join lateral (select 5 + ${H(`'rn:' || bn.n`)} % 26 as cnt, ${H(`'rc:' || bn.n`)} as base) c
		cross join lateral generate_series(1, c.cnt::int) g
		cross join lateral (select ${H(`'rh:' || bn.n || ':' || g`)} as h) k
		cross join lateral (select greatest(b.start_date,
			b.start_date + ((${ref} - b.start_date) * g / c.cnt)::int - (k.h % 20)::int) as on_date) d`
	);

	// Most borgere have a crisis plan, in 1–4 versions.
	add(
		'crisis_plan',
		`with ${bn}
		insert into crisis_plan (id, borger_id, version, early_signs, what_helps, what_to_avoid, contacts, plan_b, created_by, created_at)
		select md5('crisis:' || bn.n || ':' || g)::uuid, b.id, g,
			'Trækker sig fra kontakt, sover dårligt, aflyser aftaler. Øget forbrug i weekenderne (version ' || g || ').',
			'Rolig samtale, gåtur, kontakt til søsteren. Faste aftaler om morgenen.',
			'Konfrontation i større grupper. Uanmeldte besøg sent på dagen.',
			'Kontaktperson i teamet; søster (mobil i journalen); psykiatrisk akutmodtagelse.',
			'Ring til akutteamet; ved akut fare 112.',
			${user('bn.t', `${H(`'cu:' || bn.n || ':' || g`)}`)},
			(b.start_date + ((${ref} - b.start_date) * g / (c.cnt + 1))::int)::timestamptz + interval '14 hours'
		from bn join borger b on b.id = bn.id
		cross join lateral (select case when ${H(`'cn:' || bn.n`)} % 100 < 15 then 0
			else 1 + ${H(`'cc:' || bn.n`)} % 4 end as cnt) c
		cross join lateral generate_series(1, c.cnt::int) g`
	);

	// 3–10 scaling events: the first places the borger, later ones move up or down.
	const level = (n: string, g: string) => pick(SCALING_LEVELS, H(`'sl:' || ${n} || ':' || ${g}`));
	add(
		'scaling_event',
		`with ${bn}
		insert into scaling_event (id, borger_id, from_level, to_level, direction, reason_category, reason_text, decided_by, decided_at)
		select md5('scaling:' || bn.n || ':' || g)::uuid, b.id, l.from_level, l.to_level,
			case when g = 1 then 'initial'
				when array_position(${LEVEL_RANK}, l.to_level) > array_position(${LEVEL_RANK}, l.from_level) then 'up'
				when array_position(${LEVEL_RANK}, l.to_level) < array_position(${LEVEL_RANK}, l.from_level) then 'down'
				else 'same' end,
			case when g > 1 then ${pick(['forvaerring', 'bedring', 'krise', 'stabilisering'], `${H(`'sr:' || bn.n || ':' || g`)}`)} end,
			case when g = 1 then 'Oprettet' else 'Drøftet på tavlemødet' end,
			${user('bn.t', `${H(`'su:' || bn.n || ':' || g`)}`)},
			(b.start_date + ((${ref} - b.start_date) * (g - 1) / c.cnt)::int)::timestamptz + interval '11 hours'
		from bn join borger b on b.id = bn.id
		cross join lateral (select 3 + ${H(`'sn:' || bn.n`)} % 8 as cnt) c
		cross join lateral generate_series(1, c.cnt::int) g
		cross join lateral (select case when g = 1 then null else ${level('bn.n', 'g - 1')} end as from_level,
			${level('bn.n', 'g')} as to_level) l`
	);
	add(
		'borger (scaling, crisis plan)',
		`update borger b set scaling_level = s.to_level, last_scaled_at = s.decided_at,
			last_scaled_from = s.from_level, crisis_plan_updated_at = cp.at
		from (select distinct on (borger_id) borger_id, to_level, from_level, decided_at
			from scaling_event order by borger_id, decided_at desc) s
		left join (select borger_id, max(created_at) as at from crisis_plan group by borger_id) cp
			on cp.borger_id = s.borger_id
		where b.id = s.borger_id`
	);

	// The history: changeLogRows rows, each for a random borger, at a random moment of
	// that borger's course. A million rows is most of the seed, so the per-row work is kept
	// small: the expensive values (ids, jsonb, texts) come from small helper tables by hash
	// join; foreign key triggers are skipped when allowed (references are checked
	// set-based afterwards); and the secondary indexes are rebuilt after the load instead
	// of maintained row by row. The helper tables are dropped again.
	const P = 10007; // distinct change "patterns" (entity, field, values, source, actor)
	add(
		'change_log (helpers)',
		`create table bench_cl_borger as
		select n, (n - 1) / ${B} + 1 as t, md5('borger:' || n)::uuid as borger_id,
			md5('team:' || ((n - 1) / ${B} + 1))::uuid as team_id, md5('risk:' || n || ':1')::uuid as risk_id,
			${startDate('n')}::timestamptz as start_ts,
			${refTs} - ${startDate('n')}::timestamptz as span
		from generate_series(1, ${N}) n`
	);
	add(
		'change_log (helpers)',
		`create table bench_cl_item as
		select n, i as item, 'item:' || ${itemKind('n', 'i')} as entity, md5('item:' || n || ':' || i)::uuid as id
		from generate_series(1, ${N}) n, generate_series(1, 8) i`
	);
	add(
		'change_log (helpers)',
		`create table bench_cl_user as
		select t, m, md5('user:' || t || ':' || m)::uuid as id
		from generate_series(1, ${T}) t, generate_series(1, ${M}) m`
	);
	add(
		'change_log (helpers)',
		`create table bench_cl_pattern as
		select p, e.what, case when e.what = 'item' then 1 + (k.h / 7 % 8)::int end as item,
			case e.what
				when 'item' then case when k.hb % 5 = 0 then '*' else ${pick(['status', 'note', 'description', 'dueOn', 'role', 'followUpOn'], 'k.hc')} end
				when 'borger' then ${pick(['lastDiscussedOn', 'status', 'caseManagerId', 'staffSafety', 'name'], 'k.hc')}
				when 'risk' then ${pick(RISK_CATEGORIES, 'k.hc')}
				when 'note' then ${pick(['netvaerk', 'misbrug', 'maal', 'risiko', 'aftaler'], 'k.hc')}
				else ${pick(['earlySigns', 'whatHelps', 'whatToAvoid', 'contacts', 'planB'], 'k.hc')} end as field,
			case when e.what in ('item', 'borger', 'kriseplan') then 1 + (k.hb % 12)::int end as entity_version,
			case when k.hb % 5 = 0 then null
				when e.what = 'risk' then to_jsonb(${pick(RISK_LEVELS, 'k.ha')})
				else to_jsonb(${pick(['aaben', 'Ringer i morgen', '2026-03-01', 'ressource', 'Bostøtte to gange om ugen'], 'k.ha')}) end as old_value,
			case when e.what = 'risk' then to_jsonb(${pick(RISK_LEVELS, 'k.hc')})
				when e.what = 'note' then to_jsonb('Drøftet på mødet. Aftalt at kontaktpersonen følger op med borgeren og netværket inden næste møde.'::text)
				else to_jsonb(${pick(['udfoert', 'Har talt med lægen', '2026-04-15', 'begge', 'Ambulant behandling'], 'k.hc')}) end as new_value,
			${pick(['web', 'web', 'web', 'meeting', 'live', 'import'], 'k.ha / 7')} as source,
			1 + (k.hb / 13 % ${M})::int as actor
		from generate_series(0, ${P - 1}) p
		cross join lateral (select ${H(`'cm:' || p`)} as h) k0
		cross join lateral (select k0.h as h, k0.h / 11 as ha, k0.h / 1021 as hb, k0.h / 65537 as hc) k
		cross join lateral (select ${pick(['item', 'item', 'item', 'item', 'borger', 'borger', 'risk', 'risk', 'note', 'kriseplan'], 'k.h')} as what) e`
	);
	for (const t of ['bench_cl_borger', 'bench_cl_item', 'bench_cl_user', 'bench_cl_pattern'])
		add('change_log (helpers)', `analyze ${t}`);
	const pk = opts.bulk ? opts.changeLogPrimaryKey : null;
	const indexes = opts.bulk ? opts.changeLogIndexes : [];
	for (const i of indexes) add('change_log (drop indexes)', `drop index ${ident(i.name)}`);
	if (pk)
		add('change_log (drop indexes)', `alter table change_log drop constraint ${ident(pk.name)}`);
	const batch = 250_000;
	for (let lo = 1; lo <= spec.changeLogRows; lo += batch) {
		const hi = Math.min(spec.changeLogRows, lo + batch - 1);
		add(
			'change_log',
			`insert into change_log (team_id, borger_id, entity, entity_id, field, entity_version, old_value, new_value, actor_id, source, at)
			select b.team_id, b.borger_id, coalesce(i.entity, p.what),
				case p.what when 'item' then i.id when 'borger' then b.borger_id when 'risk' then b.risk_id end,
				p.field, p.entity_version, p.old_value, p.new_value, u.id, p.source,
				b.start_ts + b.span * ((k.g * 2654435761 % 1000003) / 1000003.0)::float8
			from (select g::bigint as g, ${H(`'cl:' || g`)} as h from generate_series(${lo}, ${hi}) g) k
			join bench_cl_pattern p on p.p = k.h % ${P}
			join bench_cl_borger b on b.n = 1 + k.h / ${P} % ${N}
			join bench_cl_user u on u.t = b.t and u.m = p.actor
			left join bench_cl_item i on i.n = b.n and i.item = p.item`
		);
	}
	const mem = [`maintenance_work_mem = '256MB'`];
	if (pk)
		add(
			'change_log (build indexes)',
			`alter table change_log add constraint ${ident(pk.name)} ${pk.definition}`,
			mem
		);
	for (const i of indexes) add('change_log (build indexes)', i.definition, mem);
	for (const t of ['bench_cl_borger', 'bench_cl_item', 'bench_cl_user', 'bench_cl_pattern'])
		add('change_log (helpers)', `drop table ${t}`);
	return out;
}

export async function seedBoardData(
	db: DB,
	spec: SeedSpec,
	onStep?: (s: SeedStep) => void
): Promise<{ steps: SeedStep[]; bulk: boolean }> {
	const su = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(db);
	const bulk = su.rows[0]!.su === 'on';
	const indexes = await sql<{ name: string; definition: string }>`
		select indexname as name, indexdef as definition from pg_indexes
		where schemaname = current_schema() and tablename = 'change_log'
			and indexname not in (select conname from pg_constraint where conrelid = 'change_log'::regclass)
		order by indexname`.execute(db);
	const pk = await sql<{ name: string; definition: string }>`
		select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
		where conrelid = 'change_log'::regclass and contype = 'p'`.execute(db);
	const statements = seedStatements(spec, {
		bulk,
		changeLogIndexes: indexes.rows,
		changeLogPrimaryKey: pk.rows[0] ?? null
	});

	const steps: SeedStep[] = [];
	const record = (s: SeedStep) => {
		const prev = steps.find((x) => x.step === s.step);
		if (prev) {
			prev.rows += s.rows;
			prev.ms += s.ms;
		} else steps.push({ ...s });
		onStep?.(s);
	};
	for (const st of statements) {
		const t0 = performance.now();
		const r =
			st.settings.length > 0
				? await db.transaction().execute(async (trx) => {
						for (const setting of st.settings) await sql.raw(`set local ${setting}`).execute(trx);
						return sql.raw(st.sql).execute(trx);
					})
				: await sql.raw(st.sql).execute(db);
		record({
			step: st.step,
			rows: Number(r.numAffectedRows ?? 0),
			ms: Math.round(performance.now() - t0)
		});
	}
	if (bulk) {
		const t0 = performance.now();
		const checked = await checkForeignKeys(db);
		record({ step: 'foreign key check', rows: checked, ms: Math.round(performance.now() - t0) });
	}
	return { steps, bulk };
}

/**
 * Every foreign key of the schema, checked set-based (the bulk seed ran with the per-row
 * triggers off). Throws on the first broken reference; returns the number of keys checked.
 */
export async function checkForeignKeys(db: DB): Promise<number> {
	const fks = await sql<{
		name: string;
		child: string;
		parent: string;
		cols: string[];
		pcols: string[];
	}>`
		select c.conname as name, cr.relname as child, pr.relname as parent,
			array(select a.attname::text from unnest(c.conkey) with ordinality k(num, ord)
				join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num order by k.ord) as cols,
			array(select a.attname::text from unnest(c.confkey) with ordinality k(num, ord)
				join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.num order by k.ord) as pcols
		from pg_constraint c
		join pg_class cr on cr.oid = c.conrelid
		join pg_class pr on pr.oid = c.confrelid
		join pg_namespace ns on ns.oid = cr.relnamespace
		where c.contype = 'f' and ns.nspname = current_schema()
		order by c.conname`.execute(db);
	for (const fk of fks.rows) {
		const notNull = fk.cols.map((c) => `c.${ident(c)} is not null`).join(' and ');
		const match = fk.cols.map((c, i) => `p.${ident(fk.pcols[i]!)} = c.${ident(c)}`).join(' and ');
		const r = await sql
			.raw<{ n: number }>(
				`select count(*)::int as n from ${ident(fk.child)} c
			where ${notNull} and not exists (select 1 from ${ident(fk.parent)} p where ${match})`
			)
			.execute(db);
		if (r.rows[0]!.n !== 0)
			throw new Error(`Seed broke foreign key ${fk.name}: ${r.rows[0]!.n} rows in ${fk.child}`);
	}
	return fks.rows.length;
}

/** Planner statistics after the bulk load (and a vacuum, as autovacuum would have done). */
export async function analyze(db: DB): Promise<number> {
	const t0 = performance.now();
	await sql`vacuum analyze`.execute(db);
	return Math.round(performance.now() - t0);
}

/** Row counts of the seeded tables, to record and to check that both databases agree. */
export async function rowCounts(db: DB): Promise<Record<string, number>> {
	const tables = [
		'organisation',
		'team',
		'app_user',
		'membership',
		'borger',
		'borger_item',
		'risk_assessment',
		'crisis_plan',
		'scaling_event',
		'change_log'
	] as const;
	const out: Record<string, number> = {};
	for (const t of tables) {
		const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
		out[t] = r.rows[0]!.n;
	}
	return out;
}
