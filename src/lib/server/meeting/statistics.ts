import { sql } from 'kysely';
import {
	meetingStats,
	monthRange,
	type StatsAttendance,
	type StatsMeeting
} from '$lib/domain/meeting-stats';
import { toIsoDate } from '$lib/domain/scaling';
import type { Executor } from '../db';
import { teamSettings } from '../team-settings';
import { loadPlannerInputs } from './planning';

/** Meeting statistics over per-meeting aggregates; the figures come from $lib/domain/meeting-stats. */

/**
 * The team's meeting statistics for the last `months` calendar months: per meeting the
 * counts of planned/reached items and overruns (aggregated in SQL, one row per meeting),
 * attendance with profession and sector, and how many borgere are overdue now. The
 * computation itself is `meetingStats` (pure, unit-tested).
 */
export async function loadMeetingStats(
	db: Executor,
	teamId: string,
	months: number,
	now = new Date()
) {
	const today = toIsoDate(now);
	const from = `${monthRange(today, months)[0]}-01`;
	const [settings, meetings, attendance, board] = await Promise.all([
		teamSettings(db, teamId),
		sql<{
			id: string;
			meeting_date: string;
			status: StatsMeeting['status'];
			length_minutes: number;
			started_at: Date | null;
			ended_at: Date | null;
			planned_cases: number;
			reached_cases: number;
			planned_items: number;
			reached_items: number;
			overrun_items: number;
			case_minutes: number;
		}>`
			select m.id, m.meeting_date, m.status, m.length_minutes, m.started_at, m.ended_at,
				(count(a.id) filter (where a.kind = 'case'))::int as planned_cases,
				(count(a.id) filter (where a.kind = 'case' and a.status = 'afsluttet'))::int as reached_cases,
				count(a.id)::int as planned_items,
				(count(a.id) filter (where a.status = 'afsluttet'))::int as reached_items,
				(count(a.id) filter (where a.status = 'afsluttet' and a.ended_at - a.started_at
					> (a.planned_minutes + a.extended_minutes) * interval '1 minute'))::int as overrun_items,
				coalesce(sum(extract(epoch from a.ended_at - a.started_at) / 60)
					filter (where a.kind = 'case' and a.status = 'afsluttet'), 0)::float8 as case_minutes
			from meeting m
			left join agenda_item a on a.meeting_id = m.id
			where m.team_id = ${teamId} and m.meeting_date >= ${from}::date and m.meeting_date <= ${today}::date
			group by m.id
			order by m.meeting_date
		`.execute(db),
		db
			.selectFrom('attendance as at')
			.innerJoin('meeting as m', 'm.id', 'at.meeting_id')
			.innerJoin('membership as mm', 'mm.id', 'at.membership_id')
			.innerJoin('organisation as o', 'o.id', 'mm.organisation_id')
			.select(['at.meeting_id', 'mm.profession', 'o.kind as sector', 'at.mode'])
			.where('m.team_id', '=', teamId)
			.where('m.meeting_date', '>=', from)
			.where('m.meeting_date', '<=', today)
			.execute(),
		loadPlannerInputs(db, teamId, today, now)
	]);
	const stats = meetingStats({
		today,
		weekday: settings.meeting.weekday,
		months,
		meetings: meetings.rows.map((m) => ({
			id: m.id,
			date: m.meeting_date,
			status: m.status,
			lengthMinutes: m.length_minutes,
			startedAt: m.started_at,
			endedAt: m.ended_at,
			plannedCases: m.planned_cases,
			reachedCases: m.reached_cases,
			plannedItems: m.planned_items,
			reachedItems: m.reached_items,
			overrunItems: m.overrun_items,
			caseMinutes: Number(m.case_minutes)
		})),
		attendance: attendance.map((a) => ({
			meetingId: a.meeting_id,
			profession: a.profession,
			sector: a.sector as StatsAttendance['sector'],
			mode: a.mode
		}))
	});
	const overdue = board.borgere.filter(
		(b) => b.status.nextDue !== null && b.status.nextDue < today
	);
	return {
		...stats,
		overdueNow: overdue.length,
		activeBorgere: board.borgere.length,
		weekday: settings.meeting.weekday
	};
}

export type MeetingStatsView = Awaited<ReturnType<typeof loadMeetingStats>>;
