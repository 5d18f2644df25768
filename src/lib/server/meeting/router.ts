import { SECTION_KEYS } from '$lib/domain/sections';
import { CASE_TEXT } from '$lib/domain/borger-data';
import { z } from '$lib/zod';
import {
	attendanceInput,
	caseRequestInput,
	correctionInput,
	createMeetingInput,
	decisionInput,
	extendInput,
	itemNotesInput,
	meetingIdInput,
	saveAgendaInput,
	taskInput,
	taskStatusInput
} from '$lib/schemas/meeting';
import { isoDate } from '$lib/schemas/borger';
import { borgerScoped, router, teamAggregate, teamProcedure, userProcedure } from '../trpc/init';
import { resolveBorgerAccess } from '../access/borger';
import { loadBorgerRecord } from '../borger/record';
import { borgerMinutesView, loadMeetingFor, requireBorgerOnAgenda } from './scope';
import { publishMeeting } from '../realtime/publish';
import { addCorrection, finalizeMeeting } from './minutes';
import {
	addDecision,
	advance,
	endMeeting,
	extendCurrent,
	setAttendance,
	setItemNotes,
	startMeeting
} from './running';
import { addTask, listTasks, requestCase, setTaskStatus } from './tasks';
import { createMeeting, proposeAgenda, saveAgenda } from './planning';
import { listMeetings } from './meetings';
import { loadMeetingStats } from './statistics';

/**
 * Run a change to one meeting, then tell every screen showing it to fetch it again.
 * Publishing happens only after `work` has committed.
 */
async function changed<T>(
	input: { teamId: string; meetingId: string },
	work: Promise<T>
): Promise<T> {
	const result = await work;
	publishMeeting({
		type: 'meeting.changed',
		teamId: input.teamId,
		meetingId: input.meetingId,
		at: Date.now()
	});
	return result;
}

export const meetingRouter = router({
	list: teamProcedure('meeting.participate')
		.meta(teamAggregate)
		.query(({ ctx, input }) => listMeetings(ctx.db, input.teamId)),

	propose: teamProcedure('meeting.lead')
		.meta(borgerScoped(['identitet', 'skalering', CASE_TEXT]))
		.input(z.object({ meetingDate: isoDate }))
		.query(({ ctx, input }) => proposeAgenda(ctx.db, input.teamId, input.meetingDate)),

	create: teamProcedure('meeting.lead')
		.meta(borgerScoped(['identitet', CASE_TEXT]))
		.input(createMeetingInput)
		.mutation(({ ctx, input }) => createMeeting(ctx.db, input.teamId, input)),

	/**
	 * The meeting, narrowed per borger to the viewer's consent scope and logged
	 * ('meeting:view' for the live view, 'meeting:minutes' for the minutes page).
	 */
	get: teamProcedure('meeting.participate')
		.meta(borgerScoped(['identitet', 'skalering', 'risiko', 'aftaler', CASE_TEXT]))
		.input(meetingIdInput.extend({ purpose: z.enum(['view', 'minutes']).default('view') }))
		.query(({ ctx, input }) =>
			loadMeetingFor(
				ctx.db,
				{ userId: ctx.user.id, name: ctx.user.name, role: ctx.member.role },
				input.teamId,
				input.meetingId,
				input.purpose === 'minutes' ? 'meeting:minutes' : 'meeting:view'
			)
		),

	/**
	 * Follow the leader: the record of a borger on this meeting's agenda, at a glance,
	 * through the access module (scoped, logged as 'meeting:glance', coalesced because
	 * the glance refetches after every decision).
	 */
	glance: teamProcedure('meeting.participate')
		.meta(borgerScoped(SECTION_KEYS))
		.input(z.object({ meetingId: z.uuid(), borgerId: z.uuid() }))
		.query(async ({ ctx, input }) => {
			await requireBorgerOnAgenda(ctx.db, input.teamId, input.meetingId, input.borgerId);
			const access = await resolveBorgerAccess(ctx.db, ctx.user.id, input.borgerId, 'borger.read', {
				feature: 'meeting:glance',
				mode: 'read',
				coalesce: true
			});
			return loadBorgerRecord(ctx.db, access);
		}),

	saveAgenda: teamProcedure('meeting.lead')
		.meta(borgerScoped(['identitet', CASE_TEXT]))
		.input(saveAgendaInput)
		.mutation(({ ctx, input }) =>
			changed(input, saveAgenda(ctx.db, input.teamId, input.meetingId, input.items))
		),

	start: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(meetingIdInput)
		.mutation(({ ctx, input }) =>
			changed(input, startMeeting(ctx.db, input.teamId, input.meetingId))
		),

	next: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(z.object({ meetingId: z.uuid(), how: z.enum(['done', 'park', 'postpone']) }))
		.mutation(({ ctx, input }) =>
			changed(input, advance(ctx.db, input.teamId, input.meetingId, input.how))
		),

	extend: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(extendInput)
		.mutation(({ ctx, input }) =>
			changed(input, extendCurrent(ctx.db, input.teamId, input.meetingId, input.minutes))
		),

	end: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(meetingIdInput)
		.mutation(({ ctx, input }) =>
			changed(input, endMeeting(ctx.db, input.teamId, input.meetingId))
		),

	setAttendance: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(attendanceInput)
		.mutation(({ ctx, input }) =>
			changed(
				input,
				setAttendance(ctx.db, input.teamId, input.meetingId, input.membershipId, input.mode)
			)
		),

	setItemNotes: teamProcedure('meeting.participate')
		.meta(borgerScoped([CASE_TEXT]))
		.input(itemNotesInput)
		.mutation(({ ctx, input }) =>
			changed(
				input,
				setItemNotes(
					ctx.db,
					input.teamId,
					input.meetingId,
					input.agendaItemId,
					input.notes,
					ctx.user.id
				)
			)
		),

	addDecision: teamProcedure('meeting.participate')
		.meta(borgerScoped(['skalering', 'risiko', 'aftaler']))
		.input(decisionInput)
		.mutation(({ ctx, input }) =>
			changed(input, addDecision(ctx.db, input.teamId, ctx.user.id, input))
		),

	addTask: teamProcedure('meeting.participate')
		.meta(borgerScoped(['aftaler']))
		.input(taskInput)
		.mutation(async ({ ctx, input }) => {
			const r = await addTask(ctx.db, input.teamId, ctx.user.id, input);
			return input.meetingId
				? changed({ teamId: input.teamId, meetingId: input.meetingId }, Promise.resolve(r))
				: r;
		}),

	setTaskStatus: teamProcedure('meeting.participate')
		.meta(borgerScoped(['aftaler']))
		.input(taskStatusInput)
		.mutation(({ ctx, input }) => setTaskStatus(ctx.db, input.teamId, input.taskId, input.status)),

	tasks: teamProcedure('meeting.participate')
		.meta(borgerScoped(['identitet', 'aftaler']))
		.input(z.object({ mine: z.boolean().default(false) }))
		.query(({ ctx, input }) =>
			listTasks(ctx.db, input.teamId, input.mine ? ctx.member.membershipId : undefined)
		),

	requestCase: teamProcedure('borger.write')
		.meta(borgerScoped([CASE_TEXT]))
		.input(caseRequestInput)
		.mutation(({ ctx, input }) =>
			requestCase(ctx.db, input.teamId, ctx.user.id, input.borgerId, input.reason)
		),

	finalize: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(meetingIdInput)
		.mutation(({ ctx, input }) =>
			changed(input, finalizeMeeting(ctx.db, input.teamId, input.meetingId, ctx.user.id))
		),

	addCorrection: teamProcedure('meeting.lead')
		.meta(teamAggregate)
		.input(correctionInput)
		.mutation(({ ctx, input }) =>
			changed(input, addCorrection(ctx.db, input.teamId, input.meetingId, ctx.user.id, input.text))
		),
	stats: teamProcedure('meeting.participate')
		.meta(teamAggregate)
		.input(z.object({ months: z.number().int().min(1).max(36).default(12) }))
		.query(({ ctx, input }) => loadMeetingStats(ctx.db, input.teamId, input.months)),

	/**
	 * What the approved minutes say about one borger, within the consent scope, logged
	 * as 'meeting:minutes.borger' (the PDF route logs its own export).
	 */
	borgerMinutes: userProcedure
		.meta({ access: 'borger.read' })
		.meta(borgerScoped(['identitet', 'skalering', 'risiko', 'aftaler', CASE_TEXT]))
		.input(z.object({ borgerId: z.uuid() }))
		.query(async ({ ctx, input }) => {
			const access = await resolveBorgerAccess(ctx.db, ctx.user.id, input.borgerId, 'borger.read', {
				feature: 'meeting:minutes.borger',
				mode: 'read'
			});
			return borgerMinutesView(ctx.db, access);
		})
});
