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
import { router, teamProcedure } from '../trpc/init';
import { publishMeeting } from '../realtime/publish';
import {
	addCorrection,
	addDecision,
	addTask,
	advance,
	createMeeting,
	endMeeting,
	extendCurrent,
	finalizeMeeting,
	listMeetings,
	listTasks,
	loadMeeting,
	proposeAgenda,
	requestCase,
	saveAgenda,
	setAttendance,
	setItemNotes,
	setTaskStatus,
	startMeeting
} from './service';

/** Tell every screen showing the meeting to fetch it again; returns `result`. */
function changed<T>(teamId: string, meetingId: string, result: T): T {
	publishMeeting({ type: 'meeting.changed', teamId, meetingId, at: Date.now() });
	return result;
}

export const meetingRouter = router({
	list: teamProcedure('meeting.participate').query(({ ctx, input }) =>
		listMeetings(ctx.db, input.teamId)
	),

	propose: teamProcedure('meeting.lead')
		.input(z.object({ meetingDate: isoDate }))
		.query(({ ctx, input }) => proposeAgenda(ctx.db, input.teamId, input.meetingDate)),

	create: teamProcedure('meeting.lead')
		.input(createMeetingInput)
		.mutation(({ ctx, input }) => createMeeting(ctx.db, input.teamId, input)),

	get: teamProcedure('meeting.participate')
		.input(meetingIdInput)
		.query(({ ctx, input }) => loadMeeting(ctx.db, input.teamId, input.meetingId)),

	saveAgenda: teamProcedure('meeting.lead')
		.input(saveAgendaInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await saveAgenda(ctx.db, input.teamId, input.meetingId, input.items)
			)
		),

	start: teamProcedure('meeting.lead')
		.input(meetingIdInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await startMeeting(ctx.db, input.teamId, input.meetingId)
			)
		),

	next: teamProcedure('meeting.lead')
		.input(z.object({ meetingId: z.uuid(), how: z.enum(['done', 'park', 'postpone']) }))
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await advance(ctx.db, input.teamId, input.meetingId, input.how)
			)
		),

	extend: teamProcedure('meeting.lead')
		.input(extendInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await extendCurrent(ctx.db, input.teamId, input.meetingId, input.minutes)
			)
		),

	end: teamProcedure('meeting.lead')
		.input(meetingIdInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await endMeeting(ctx.db, input.teamId, input.meetingId)
			)
		),

	setAttendance: teamProcedure('meeting.lead')
		.input(attendanceInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await setAttendance(ctx.db, input.teamId, input.meetingId, input.membershipId, input.mode)
			)
		),

	setItemNotes: teamProcedure('meeting.participate')
		.input(itemNotesInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await setItemNotes(ctx.db, input.teamId, input.meetingId, input.agendaItemId, input.notes)
			)
		),

	addDecision: teamProcedure('meeting.participate')
		.input(decisionInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await addDecision(ctx.db, input.teamId, ctx.user.id, input)
			)
		),

	addTask: teamProcedure('meeting.participate')
		.input(taskInput)
		.mutation(async ({ ctx, input }) => {
			const r = await addTask(ctx.db, input.teamId, ctx.user.id, input);
			return input.meetingId ? changed(input.teamId, input.meetingId, r) : r;
		}),

	setTaskStatus: teamProcedure('meeting.participate')
		.input(taskStatusInput)
		.mutation(({ ctx, input }) => setTaskStatus(ctx.db, input.teamId, input.taskId, input.status)),

	tasks: teamProcedure('meeting.participate')
		.input(z.object({ mine: z.boolean().default(false) }))
		.query(({ ctx, input }) =>
			listTasks(ctx.db, input.teamId, input.mine ? ctx.member.membershipId : undefined)
		),

	requestCase: teamProcedure('borger.write')
		.input(caseRequestInput)
		.mutation(({ ctx, input }) =>
			requestCase(ctx.db, input.teamId, ctx.user.id, input.borgerId, input.reason)
		),

	finalize: teamProcedure('meeting.lead')
		.input(meetingIdInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await finalizeMeeting(ctx.db, input.teamId, input.meetingId, ctx.user.id)
			)
		),

	addCorrection: teamProcedure('meeting.lead')
		.input(correctionInput)
		.mutation(async ({ ctx, input }) =>
			changed(
				input.teamId,
				input.meetingId,
				await addCorrection(ctx.db, input.teamId, input.meetingId, ctx.user.id, input.text)
			)
		)
});
