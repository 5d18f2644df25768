import { z } from '$lib/zod';
import { borgerScoped, router, teamAggregate, teamProcedure } from '../trpc/init';
import {
	addGuestTask,
	guestCandidates,
	guestPresent,
	inviteGuest,
	revokeGuest
} from './invitations';
import { guestTaskInput, inviteInput } from '$lib/schemas/guest';

/** The meeting leader's side of outer-wheel guests. */
export const guestRouter = router({
	candidates: teamProcedure('guest.invite')
		.meta(borgerScoped(['identitet']))
		.input(z.object({ meetingId: z.uuid() }))
		.query(({ ctx, input }) => guestCandidates(ctx.db, input.teamId, input.meetingId, ctx.user.id)),

	invite: teamProcedure('guest.invite')
		.meta(borgerScoped(['identitet']))
		.input(inviteInput)
		.mutation(({ ctx, input }) => inviteGuest(ctx.db, input.teamId, ctx.user.id, input)),

	revoke: teamProcedure('guest.invite')
		.meta(teamAggregate)
		.input(z.object({ invitationId: z.uuid() }))
		.mutation(({ ctx, input }) => revokeGuest(ctx.db, input.teamId, input.invitationId)),

	addTask: teamProcedure('meeting.participate')
		.meta(borgerScoped(['aftaler']))
		.input(guestTaskInput)
		.mutation(({ ctx, input }) => addGuestTask(ctx.db, input.teamId, ctx.user.id, input)),

	/** Privacy mode is on by default in meeting mode while a guest is admitted. */
	present: teamProcedure('borger.read')
		.meta(teamAggregate)
		.query(async ({ ctx, input }) => ({
			present: await guestPresent(ctx.db, input.teamId)
		}))
});
