import { addDays, format, parseISO } from 'date-fns';
import type { Insertable } from 'kysely';
import { toIsoDate } from '$lib/domain/scaling';
import type { Database } from '../db/schema';
import type { Executor } from '../db';
import { teamSettings } from '../team-settings';

/**
 * A year of past tavlemøder for the demo team, so the meeting history, statistics and the
 * audit have something to show: weekly on the team's weekday (with a few holiday weeks
 * skipped), two fixed items and eight cases, now and then a GP at a fixed time, attendance
 * per member, notes, decisions and tasks, overrunning items, and cases not reached that
 * come back first the week after. Every minutes approved except the latest (a draft).
 *
 * Consistent with the board: a case counts as discussed at a meeting only if the borger's
 * "last discussed" date is on or after that meeting, so the history never contradicts the
 * tavle. Deterministic (a fixed pseudo-random sequence), and inserted in a handful of bulk
 * statements so the demo seed stays fast.
 */

type Row<T extends keyof Database> = Insertable<Database[T]>;

interface DemoMeetingContext {
	teamId: string;
	userIds: Record<string, string>;
	membershipIds: Record<string, string>;
}

const WEEKS = 52;
/** Weeks left out (counted back from the latest): Christmas and summer holidays. */
const SKIPPED_WEEKS = new Set([5, 28, 29, 30]);
const CASES_PER_MEETING = 8;

/** A small deterministic generator (mulberry32), so the demo is the same on every seed. */
function random(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The UTC instant of a Copenhagen wall-clock time on a date (summer and winter time). */
function copenhagen(date: string, hhmm: string): Date {
	const guess = new Date(`${date}T${hhmm}:00Z`);
	const part = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Copenhagen',
		timeZoneName: 'shortOffset'
	})
		.formatToParts(guess)
		.find((p) => p.type === 'timeZoneName')?.value;
	const hours = Number(/GMT([+-]\d+)/.exec(part ?? '')?.[1] ?? 1);
	return new Date(guess.getTime() - hours * 3_600_000);
}

const NOTES = [
	'Stabil periode. Kommer til aftaler og tager medicin. Fortsætter som nu.',
	'Øget forbrug siden sidst og aflyste to aftaler. Kontaktpersonen tager hjem til borgeren i denne uge.',
	'Har fået lejlighed via boligsocialt netværk. Flytning planlægges med bostøtten.',
	'Pårørende har ringet bekymret. Vi afstemmer kriseplanen med borgeren.',
	'Søvnproblemer og mere isolation. Psykiateren ser på medicinen.',
	'God udvikling: i gang med ressourceforløb og møder stabilt op.',
	'Uenighed om behandlingsmål; vi tager det op med borgeren på næste fællesmøde.',
	'Kort status: ingen ændringer siden sidste gennemgang.'
];
const DECISIONS: { kind: string; text: string }[] = [
	{ kind: 'behandling', text: 'Psykiateren vurderer medicinen inden næste møde.' },
	{ kind: 'stoette', text: 'Bostøtten øges til tre besøg om ugen i en måned.' },
	{
		kind: 'risiko',
		text: 'Risiko for overdosis vurderet moderat; kriseplanen gennemgås med borgeren.'
	},
	{ kind: 'andet', text: 'Netværksmøde med søsteren og jobcentret inden for to uger.' },
	{ kind: 'skalering', text: 'Fastholdes på nuværende niveau; drøftes igen om to uger.' },
	{ kind: 'stoette', text: 'Følges til lægen; kontaktpersonen booker tid.' }
];
const TASKS = [
	'Ringe til egen læge om medicinen',
	'Aftale hjemmebesøg sammen med bostøtten',
	'Søge om enkeltydelse til depositum',
	'Booke tid i misbrugsbehandlingen',
	'Indkalde til netværksmøde',
	'Opdatere kriseplanen med borgeren',
	'Følge op på huslejerestance med udlejer'
];
const MEMBER_KEYS = ['birgitte', 'jonas', 'mette', 'thomas', 'lene', 'sara', 'kasper', 'amira'];

export async function seedDemoMeetings(
	db: Executor,
	ctx: DemoMeetingContext,
	now = new Date()
): Promise<{ meetings: number }> {
	const rnd = random(20261123);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
	const today = toIsoDate(now);
	const series = (await teamSettings(db, ctx.teamId)).meeting;
	const [members, borgere] = await Promise.all([
		db
			.selectFrom('membership')
			.select(['id', 'user_id', 'profession'])
			.where('team_id', '=', ctx.teamId)
			.where('deactivated_at', 'is', null)
			.where('role', '!=', 'auditor')
			.execute(),
		db
			.selectFrom('borger')
			.select(['id', 'name', 'start_date', 'last_discussed_on'])
			.where('team_id', '=', ctx.teamId)
			.where('status', '=', 'aktiv')
			.orderBy('name')
			.execute()
	]);
	if (members.length === 0 || borgere.length === 0) return { meetings: 0 };
	// Staff who own tasks: the demo's named members where present, else anyone on the team.
	const owners = MEMBER_KEYS.map((k) => ctx.membershipIds[`${k}@demo.tavla.test`]).filter(
		(id): id is string => Boolean(id && members.some((m) => m.id === id))
	);
	const ownerPool = owners.length > 0 ? owners : members.map((m) => m.id);
	const leaderUser = ctx.userIds['birgitte@demo.tavla.test'] ?? members[0]!.user_id;

	// The series' meeting days of the past year, oldest first, strictly before today.
	const isoToday = parseISO(today);
	const todayIso = ((isoToday.getDay() + 6) % 7) + 1;
	const last = addDays(isoToday, -((todayIso - series.weekday + 7) % 7 || 7));
	const dates: string[] = [];
	for (let w = WEEKS - 1; w >= 0; w--)
		if (!SKIPPED_WEEKS.has(w)) dates.push(format(addDays(last, -7 * w), 'yyyy-MM-dd'));

	const rows = {
		meeting: [] as Row<'meeting'>[],
		agenda_item: [] as Row<'agenda_item'>[],
		attendance: [] as Row<'attendance'>[],
		decision: [] as Row<'decision'>[],
		task: [] as Row<'task'>[],
		minutes_correction: [] as Row<'minutes_correction'>[]
	};
	let carried: string[] = [];
	let rotation = 0;
	const [sh, sm] = series.startTime.split(':').map(Number) as [number, number];
	const clock = (minutes: number) => {
		const total = sh * 60 + sm + minutes;
		return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
	};

	dates.forEach((date, index) => {
		const meetingId = crypto.randomUUID();
		const latest = index === dates.length - 1;
		const startedAt = copenhagen(date, series.startTime);
		const length = series.lengthMinutes;

		// Cases: last week's not reached first, then the caseload in rotation, preferring
		// borgere the board says were discussed on or after this day (so most planned cases
		// can be reached without contradicting the tavle); the rest fill up the agenda.
		const eligible = borgere.filter((b) => b.start_date <= date);
		const cases: string[] = [...carried.filter((id) => eligible.some((b) => b.id === id))];
		const discussedLater = (b: (typeof borgere)[number]) => (b.last_discussed_on ?? '') >= date;
		for (const preferLater of [true, false]) {
			for (let n = 0; cases.length < CASES_PER_MEETING && n < eligible.length; n++) {
				const b = eligible[(rotation + n) % eligible.length]!;
				if (cases.includes(b.id) || (preferLater && !discussedLater(b))) continue;
				cases.push(b.id);
			}
		}
		rotation += CASES_PER_MEETING;
		const guest = index % 6 === 3;
		type Plan = {
			kind: 'fixed' | 'case' | 'guest';
			borgerId: string | null;
			title: string;
			minutes: number;
			fixed?: string;
			reasons: { kind: string; label: string }[];
		};
		const plan: Plan[] = [
			{
				kind: 'fixed',
				borgerId: null,
				title: 'Nye henvisninger og visitation',
				minutes: 10,
				reasons: []
			},
			...cases.map((id): Plan => ({
				kind: 'case',
				borgerId: id,
				title: borgere.find((b) => b.id === id)!.name,
				minutes: 12,
				reasons: carried.includes(id)
					? [{ kind: 'carried_over', label: 'Ikke nået på sidste møde' }]
					: [{ kind: 'due', label: 'Til gennemgang efter kadence' }]
			})),
			{ kind: 'fixed', borgerId: null, title: 'Meddelelser', minutes: 5, reasons: [] }
		];
		if (guest)
			plan.splice(3, 0, {
				kind: 'guest',
				borgerId: null,
				title: 'Egen læge: samarbejde om fælles borgere',
				minutes: 15,
				fixed: clock(90),
				reasons: [{ kind: 'guest', label: 'Gæst på fast tid' }]
			});

		// Run it: actual minutes vary around the slot; what does not fit in the meeting
		// (plus ten minutes' grace) is not reached, and now and then a case is moved on purpose.
		let at = 0;
		const notReached: string[] = [];
		plan.forEach((p, position) => {
			const itemId = crypto.randomUUID();
			const borger = p.borgerId ? borgere.find((b) => b.id === p.borgerId)! : null;
			const actual = Math.max(3, Math.round(p.minutes * (0.7 + rnd() * 0.75)));
			const postponed = p.kind === 'case' && rnd() < 0.05;
			// The board's "last discussed" must not predate a meeting that discussed the borger.
			const mayBeDiscussed = !borger || (borger.last_discussed_on ?? '') >= date;
			const fits = at + actual <= length + 10;
			const reached = fits && !postponed && mayBeDiscussed;
			const status = reached ? 'afsluttet' : postponed ? 'udskudt' : 'ikke_naaet';
			const started = new Date(startedAt.getTime() + at * 60_000);
			if (reached) at += actual;
			else if (p.borgerId) notReached.push(p.borgerId);
			rows.agenda_item.push({
				id: itemId,
				meeting_id: meetingId,
				position,
				kind: p.kind,
				borger_id: p.borgerId,
				title: p.title,
				planned_minutes: p.minutes,
				fixed_time: p.fixed ?? null,
				guest_label: p.kind === 'guest' ? 'Egen læge' : null,
				reasons: JSON.stringify(p.reasons),
				status,
				started_at: reached ? started : null,
				ended_at: reached ? new Date(started.getTime() + actual * 60_000) : null,
				extended_minutes: reached && actual > p.minutes + 4 ? 5 : 0,
				notes: reached && p.kind === 'case' ? pick(NOTES) : ''
			});
			if (!reached || p.kind !== 'case') return;
			if (rnd() < 0.45) {
				const d = pick(DECISIONS);
				rows.decision.push({
					meeting_id: meetingId,
					agenda_item_id: itemId,
					borger_id: p.borgerId,
					kind: d.kind,
					text: d.text,
					created_by: leaderUser,
					created_at: new Date(started.getTime() + 5 * 60_000)
				});
			}
			if (rnd() < 0.5) {
				const recent = index >= dates.length - 3;
				const status = recent || rnd() < 0.04 ? 'aaben' : rnd() < 0.1 ? 'annulleret' : 'udfoert';
				rows.task.push({
					team_id: ctx.teamId,
					borger_id: p.borgerId,
					meeting_id: meetingId,
					agenda_item_id: itemId,
					owner_id: pick(ownerPool),
					description: pick(TASKS),
					due_on: format(addDays(parseISO(date), 14), 'yyyy-MM-dd'),
					status,
					created_by: leaderUser,
					created_at: new Date(started.getTime() + 6 * 60_000),
					completed_at:
						status === 'aaben'
							? null
							: new Date(startedAt.getTime() + (3 + rnd() * 10) * 86_400_000)
				});
			}
		});
		carried = notReached;

		const endedAt = new Date(startedAt.getTime() + Math.max(at, 45) * 60_000);
		rows.meeting.push({
			id: meetingId,
			team_id: ctx.teamId,
			meeting_date: date,
			start_time: series.startTime,
			length_minutes: length,
			room: series.room || 'Mødelokale 2, Åbakke Sundhedshus',
			online_link: series.onlineLink || null,
			status: 'afsluttet',
			started_at: startedAt,
			ended_at: endedAt,
			finalized_at: latest ? null : new Date(endedAt.getTime() + 3 * 3_600_000),
			finalized_by: latest ? null : leaderUser,
			version: 1,
			created_at: new Date(startedAt.getTime() - 6 * 86_400_000)
		});
		for (const m of members) {
			// The psychiatrist is shared with other teams and misses meetings more often.
			const away = m.profession === 'psykiater' ? 0.3 : 0.1;
			const r = rnd();
			rows.attendance.push({
				meeting_id: meetingId,
				membership_id: m.id,
				mode: r < away ? 'fravaerende' : r < away + 0.2 ? 'online' : 'fremmoedt'
			});
		}
		if (index % 17 === 5 && !latest)
			rows.minutes_correction.push({
				meeting_id: meetingId,
				text: 'Rettelse: opgavens frist er flyttet en uge efter aftale med borgeren.',
				created_by: leaderUser,
				created_at: new Date(endedAt.getTime() + 2 * 86_400_000)
			});
	});

	for (const table of [
		'meeting',
		'agenda_item',
		'attendance',
		'decision',
		'task',
		'minutes_correction'
	] as const) {
		const list = rows[table] as Row<typeof table>[];
		for (let i = 0; i < list.length; i += 500)
			await db
				.insertInto(table)
				.values(list.slice(i, i + 500) as never)
				.execute();
	}
	return { meetings: rows.meeting.length };
}
