import { sql } from 'kysely';
import { guestWindow, type GuestWindow } from '$lib/domain/guest';
import type { Executor } from '../db';

/**
 * Outer-wheel guests: the meeting leader invites a guest to one borger's agenda item
 * under one named consent (or a legal-basis disclosure). The guest gets a personal link
 * (token stored as SHA-256, like sessions), bound to the first device that opens it,
 * optionally with a one-time code, and valid only around the slot. This module: the slot
 * an invitation belongs to and its time window.
 */

export interface Slot {
	teamId: string;
	meetingId: string;
	itemId: string;
	borgerId: string | null;
	title: string;
	status: string;
	plannedMinutes: number;
	extendedMinutes: number;
	startedAt: Date | null;
	notes: string;
	window: GuestWindow;
}

export async function loadSlot(db: Executor, agendaItemId: string): Promise<Slot | null> {
	const row = await db
		.selectFrom('agenda_item as a')
		.innerJoin('meeting as m', 'm.id', 'a.meeting_id')
		.select([
			'a.id',
			'a.meeting_id',
			'a.borger_id',
			'a.title',
			'a.status',
			'a.position',
			'a.planned_minutes',
			'a.extended_minutes',
			'a.fixed_time',
			'a.started_at',
			'a.ended_at',
			'a.notes',
			'm.team_id',
			sql<string>`m.meeting_date::text`.as('meeting_date'),
			'm.start_time',
			(eb) =>
				eb
					.selectFrom('agenda_item as p')
					.select(sql<number>`coalesce(sum(p.planned_minutes), 0)::int`.as('n'))
					.whereRef('p.meeting_id', '=', 'a.meeting_id')
					.whereRef('p.position', '<', 'a.position')
					.as('minutes_before')
		])
		.where('a.id', '=', agendaItemId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		teamId: row.team_id,
		meetingId: row.meeting_id,
		itemId: row.id,
		borgerId: row.borger_id,
		title: row.title,
		status: row.status,
		plannedMinutes: row.planned_minutes,
		extendedMinutes: row.extended_minutes,
		startedAt: row.started_at,
		notes: row.notes,
		window: guestWindow({
			meetingDate: row.meeting_date,
			meetingStart: row.start_time,
			fixedTime: row.fixed_time,
			minutesBefore: row.minutes_before ?? 0,
			plannedMinutes: row.planned_minutes,
			extendedMinutes: row.extended_minutes,
			startedAt: row.started_at,
			endedAt: row.ended_at
		})
	};
}
