import { TRPCError } from '@trpc/server';
import { personal, router, teamAggregate, teamProcedure, userProcedure } from '../trpc/init';
import { parseTeamSettings, teamSettings as teamSettingsInput } from '$lib/schemas/team-settings';
import {
	changeRoleInput,
	invitationIdInput,
	inviteMemberInput,
	membershipIdInput
} from './schemas';
import {
	changeRole,
	listMembers,
	listUserTeams,
	setMemberActive,
	teamOrganisations
} from './service';
import { teamSettings } from '../team-settings';
import {
	acceptAsUser,
	declineInvitation,
	inviteMember,
	listInvitations,
	myInvitations,
	revokeInvitation
} from './invitations';
import { invitationText } from '$lib/i18n/da';
import { forbidden, notFound } from '../errors';

export const teamsRouter = router({
	mine: userProcedure.meta(personal).query(({ ctx }) => listUserTeams(ctx.db, ctx.user.id)),

	settings: teamProcedure('team.view')
		.meta(teamAggregate)
		.query(({ ctx, input }) => teamSettings(ctx.db, input.teamId)),

	updateSettings: teamProcedure('team.settings.manage')
		.meta(teamAggregate)
		.input(teamSettingsInput)
		.mutation(async ({ ctx, input }) => {
			const { teamId, ...settings } = input;
			// Levels in use must stay: old scaling events and the board refer to them by key.
			const used = await ctx.db
				.selectFrom('borger')
				.select('scaling_level')
				.distinct()
				.where('team_id', '=', teamId)
				.execute();
			const missing = used.filter(
				(u) => !settings.scalingLevels.some((l) => l.key === u.scaling_level)
			);
			if (missing.length > 0) {
				throw new TRPCError({
					code: 'BAD_REQUEST',
					message: 'Et skaleringsniveau, som borgere står på, kan ikke fjernes. Omdøb det i stedet.'
				});
			}
			await ctx.db
				.updateTable('team')
				.set({ settings: JSON.stringify(settings) })
				.where('id', '=', teamId)
				.execute();
			return parseTeamSettings(settings);
		}),

	members: teamProcedure('team.view')
		.meta(teamAggregate)
		.query(({ ctx, input }) => listMembers(ctx.db, input.teamId)),

	organisations: teamProcedure('team.view')
		.meta(teamAggregate)
		.query(({ ctx, input }) => teamOrganisations(ctx.db, input.teamId)),

	/** Sends the invitation to the invitee's address; the caller never gets the link. */
	invite: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.input(inviteMemberInput)
		.mutation(({ ctx, input }) => {
			const { teamId, ...rest } = input;
			return inviteMember(
				ctx.db,
				teamId,
				ctx.user,
				rest,
				ctx.origin ?? process.env.ORIGIN ?? 'http://localhost:3000'
			);
		}),

	invitations: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.query(({ ctx, input }) => listInvitations(ctx.db, input.teamId)),

	revokeInvitation: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.input(invitationIdInput)
		.mutation(({ ctx, input }) => revokeInvitation(ctx.db, input.teamId, input.invitationId)),

	/** Invitations addressed to the signed-in person's own e-mail. */
	myInvitations: userProcedure.meta(personal).query(({ ctx }) => myInvitations(ctx.db, ctx.user)),

	acceptInvitation: userProcedure
		.meta(personal)
		.input(invitationIdInput)
		.mutation(async ({ ctx, input }) => {
			const r = await acceptAsUser(ctx.db, ctx.user, { invitationId: input.invitationId });
			if (!r.ok) {
				throw r.reason === 'deactivated'
					? forbidden(invitationText.deactivated)
					: notFound(invitationText.notFound);
			}
			return { teamSlug: r.teamSlug };
		}),

	declineInvitation: userProcedure
		.meta(personal)
		.input(invitationIdInput)
		.mutation(({ ctx, input }) => declineInvitation(ctx.db, ctx.user, input.invitationId)),

	changeRole: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.input(changeRoleInput)
		.mutation(({ ctx, input }) => changeRole(ctx.db, input.teamId, input.membershipId, input.role)),

	deactivate: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.input(membershipIdInput)
		.mutation(({ ctx, input }) =>
			setMemberActive(ctx.db, input.teamId, input.membershipId, false, ctx.user.id)
		),

	reactivate: teamProcedure('team.members.manage')
		.meta(teamAggregate)
		.input(membershipIdInput)
		.mutation(({ ctx, input }) =>
			setMemberActive(ctx.db, input.teamId, input.membershipId, true, ctx.user.id)
		)
});
