import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db';
import { analyze, seedBoardData, type SeedSpec } from './seed-board';

/** The data of `bench:meeting`: a 60-borger team with three years of records and meetings. */

export const REF_DATE = '2026-11-23';
export const NOW = new Date(`${REF_DATE}T08:00:00Z`);
/** The meeting being planned: the reference day; the history is the 156 weeks before it. */
export const MEETING_DATE = REF_DATE;
export const WEEKS = 156;
export const BORGERE = 60;
const MEMBERS = 12;

const SPEC: SeedSpec = {
	teams: 1,
	borgerePerTeam: BORGERE,
	membersPerTeam: MEMBERS,
	changeLogRows: BORGERE * 1000,
	allActive: true,
	refDate: REF_DATE
};

const H = (key: string) => `(hashtext(${key})::bigint + 2147483648)`;

/**
 * Three years of weekly meetings for team 1, set-based and deterministic (ids are md5 of a
 * stable key, choices are hashes), so both databases hold the same rows. Each meeting has two
 * fixed items and twelve cases rotating through the caseload; about one case in eight was not
 * reached; a third of the cases got a decision and half a task (open when recent).
 */
function meetingHistory(): { step: string; sql: string }[] {
	const ref = `date '${REF_DATE}'`;
	const team = `md5('team:1')::uuid`;
	const user = (h: string) => `md5('user:1:' || (1 + ${h} % ${MEMBERS}))::uuid`;
	const member = (h: string) => `md5('membership:1:' || (1 + ${h} % ${MEMBERS}))::uuid`;
	const day = (w: string) => `(${ref} - 7 * ${w})`;
	const at = (w: string, minutes: string) =>
		`((${day(w)})::timestamp + interval '9 hours' + (${minutes}) * interval '1 minute') at time zone 'UTC'`;
	return [
		{
			step: 'meeting',
			sql: `insert into meeting (id, team_id, meeting_date, start_time, length_minutes, status,
				started_at, ended_at, finalized_at, finalized_by, created_at)
			select md5('meeting:' || w)::uuid, ${team}, ${day('w')}, '09:00', 120, 'afsluttet',
				${at('w', '0')}, ${at('w', `105 + ${H(`'md:' || w`)} % 30`)},
				${at('w', '240')}, ${user(H(`'mf:' || w`))}, ${at('w', '-1440')}
			from generate_series(1, ${WEEKS}) w`
		},
		{
			step: 'agenda_item',
			sql: `insert into agenda_item (id, meeting_id, position, kind, borger_id, title,
				planned_minutes, reasons, status, started_at, ended_at, notes, created_at)
			select md5('item:' || w || ':' || p)::uuid, md5('meeting:' || w)::uuid, p,
				case when p < 2 then 'fixed' else 'case' end,
				case when p >= 2 then md5('borger:' || (1 + (w * 12 + p) % ${BORGERE}))::uuid end,
				case p when 0 then 'Nye henvisninger' when 1 then 'Meddelelser' else 'Borger ' || (1 + (w * 12 + p) % ${BORGERE}) end,
				case when p < 2 then 5 else 8 + (h % 3)::int * 2 end,
				'[{"kind":"cadence","label":"Til gennemgang efter kadence"}]'::jsonb,
				case when p >= 12 and h % 4 = 0 then 'ikke_naaet' else 'afsluttet' end,
				${at('w', 'p * 8')}, ${at('w', 'p * 8 + 7 + h % 5')},
				case when h % 3 = 0 then 'Drøftet. Kontaktpersonen følger op inden næste møde.' else '' end,
				${at('w', '-1440')}
			from generate_series(1, ${WEEKS}) w, generate_series(0, 13) p,
				lateral (select ${H(`'ai:' || w || ':' || p`)} as h) k`
		},
		{
			step: 'attendance',
			sql: `insert into attendance (meeting_id, membership_id, mode)
			select md5('meeting:' || w)::uuid, md5('membership:1:' || m)::uuid,
				(array['fremmoedt', 'fremmoedt', 'fremmoedt', 'online', 'fravaerende'])[1 + (${H(`'at:' || w || ':' || m`)} % 5)::int]
			from generate_series(1, ${WEEKS}) w, generate_series(1, ${MEMBERS}) m`
		},
		{
			step: 'decision',
			sql: `insert into decision (id, meeting_id, agenda_item_id, borger_id, kind, text, created_by, created_at)
			select md5('decision:' || a.id)::uuid, a.meeting_id, a.id, a.borger_id,
				(array['skalering', 'risiko', 'behandling', 'stoette', 'andet'])[1 + (${H(`'dk:' || a.id`)} % 5)::int],
				'Fortsat tæt opfølgning; kontaktperson tager kontakt til netværket.',
				${user(H(`'du:' || a.id`))}, a.started_at + interval '5 minutes'
			from agenda_item a
			where a.borger_id is not null and a.status = 'afsluttet' and ${H(`'dd:' || a.id`)} % 3 = 0`
		},
		{
			step: 'task',
			sql: `insert into task (id, team_id, borger_id, meeting_id, agenda_item_id, owner_id,
				description, due_on, status, created_by, created_at, completed_at)
			select md5('task:' || a.id)::uuid, ${team}, a.borger_id, a.meeting_id, a.id,
				${member(H(`'to:' || a.id`))}, 'Ringe til egen læge om medicin',
				m.meeting_date + 14, s.status, ${user(H(`'tu:' || a.id`))},
				a.started_at + interval '6 minutes',
				case when s.status <> 'aaben' then a.started_at + interval '10 days' end
			from agenda_item a join meeting m on m.id = a.meeting_id
			cross join lateral (select case
				when m.meeting_date > ${ref} - 42 or ${H(`'ts:' || a.id`)} % 25 = 0 then 'aaben'
				when ${H(`'ts:' || a.id`)} % 10 = 1 then 'annulleret' else 'udfoert' end as status) s
			where a.borger_id is not null and a.status = 'afsluttet' and ${H(`'tt:' || a.id`)} % 2 = 0`
		},
		{
			step: 'case_request',
			sql: `insert into case_request (id, team_id, borger_id, reason, requested_by, created_at, meeting_id)
			select md5('request:' || w || ':' || r)::uuid, ${team},
				md5('borger:' || (1 + ${H(`'rb:' || w || ':' || r`)} % ${BORGERE}))::uuid,
				'Forværring siden sidst; ønsker drøftelse', ${user(H(`'ru:' || w || ':' || r`))},
				${at('w', '-2880')}, case when w > 0 then md5('meeting:' || w)::uuid end
			from generate_series(0, ${WEEKS}) w, generate_series(1, 2) r`
		},
		{
			step: 'borger (last discussed)',
			sql: `update borger b set last_discussed_on = x.d
			from (select a.borger_id, max(m.meeting_date) as d from agenda_item a
				join meeting m on m.id = a.meeting_id where a.status = 'afsluttet' and a.borger_id is not null
				group by a.borger_id) x
			where b.id = x.borger_id`
		}
	];
}

export async function seedMeetingBench(
	db: DB
): Promise<{ seedMs: number; counts: Record<string, number> }> {
	const t0 = performance.now();
	await seedBoardData(db, SPEC);
	for (const s of meetingHistory()) await sql.raw(s.sql).execute(db);
	const seedMs = Math.round(performance.now() - t0);
	await analyze(db);
	const counts: Record<string, number> = {};
	for (const t of [
		'borger',
		'change_log',
		'meeting',
		'agenda_item',
		'attendance',
		'decision',
		'task',
		'case_request'
	] as const) {
		const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
		counts[t] = r.rows[0]!.n;
	}
	const open = await sql<{
		n: number;
	}>`select count(*)::int as n from task where status = 'aaben'`.execute(db);
	counts.open_tasks = open.rows[0]!.n;
	return { seedMs, counts };
}
