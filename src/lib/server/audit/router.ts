import {
	assignAuditorsInput,
	auditIdInput,
	createAuditInput,
	goalStatusInput,
	interviewInput,
	participantsInput,
	reportInput,
	saveScoreInput
} from '$lib/schemas/fidelity';
import { DEFAULT_SCALE } from '$lib/domain/fidelity/template';
import { router, teamAggregate, teamProcedure, type TeamMember } from '../trpc/init';
import { publishAudit } from '../realtime/publish';
import {
	assignAuditors,
	getAudit,
	saveSelfScore,
	setSelfParticipants,
	submitSelfEvaluation
} from './self-evaluation';
import { auditEvidence, loadReport, setGoalStatus, teamGoals } from './report';
import {
	auditorWorkspace,
	releaseReport,
	saveAuditorScore,
	saveInterview,
	saveReport
} from './auditing';
import { createAudit, listAudits, type Viewer } from './audits';

function viewer(ctx: { user: { id: string }; member: TeamMember }): Viewer {
	return { userId: ctx.user.id, membershipId: ctx.member.membershipId, role: ctx.member.role };
}

/**
 * Run a change to one audit, then tell the team's open screens to refetch. The event
 * names the audit only, never scores, so sending it to the team room leaks nothing.
 */
async function changed<T>(
	input: { teamId: string; auditId: string },
	work: Promise<T>
): Promise<T> {
	const result = await work;
	publishAudit({
		type: 'audit.changed',
		teamId: input.teamId,
		auditId: input.auditId,
		at: Date.now()
	});
	return result;
}

export const auditRouter = router({
	list: teamProcedure('audit.view')
		.meta(teamAggregate)
		.query(({ ctx, input }) => listAudits(ctx.db, input.teamId)),

	goals: teamProcedure('audit.view')
		.meta(teamAggregate)
		.query(({ ctx, input }) => teamGoals(ctx.db, input.teamId)),

	setGoalStatus: teamProcedure('audit.prepare')
		.meta(teamAggregate)
		.input(goalStatusInput)
		.mutation(({ ctx, input }) => setGoalStatus(ctx.db, input.teamId, input.goalId, input.status)),

	/** The built-in scale as JSON, as a starting point for a team's own. */
	defaultScale: teamProcedure('audit.view')
		.meta(teamAggregate)
		.query(() => DEFAULT_SCALE),

	create: teamProcedure('audit.prepare')
		.meta(teamAggregate)
		.input(createAuditInput)
		.mutation(({ ctx, input }) => createAudit(ctx.db, input.teamId, viewer(ctx), input)),

	get: teamProcedure('audit.view')
		.meta(teamAggregate)
		.input(auditIdInput)
		.query(({ ctx, input }) => getAudit(ctx.db, input.teamId, input.auditId, viewer(ctx))),

	evidence: teamProcedure('audit.view')
		.meta(teamAggregate)
		.input(auditIdInput)
		.query(({ ctx, input }) => auditEvidence(ctx.db, input.teamId, input.auditId)),

	setParticipants: teamProcedure('audit.prepare')
		.meta(teamAggregate)
		.input(participantsInput)
		.mutation(({ ctx, input }) =>
			changed(
				input,
				setSelfParticipants(ctx.db, input.teamId, input.auditId, viewer(ctx), input.membershipIds)
			)
		),

	saveSelfScore: teamProcedure('audit.selfevaluate')
		.meta(teamAggregate)
		.input(saveScoreInput)
		.mutation(({ ctx, input }) =>
			changed(input, saveSelfScore(ctx.db, input.teamId, viewer(ctx), input))
		),

	submitSelf: teamProcedure('audit.prepare')
		.meta(teamAggregate)
		.input(auditIdInput)
		.mutation(({ ctx, input }) =>
			changed(input, submitSelfEvaluation(ctx.db, input.teamId, input.auditId))
		),

	assignAuditors: teamProcedure('audit.prepare')
		.meta(teamAggregate)
		.input(assignAuditorsInput)
		.mutation(({ ctx, input }) =>
			changed(
				input,
				assignAuditors(
					ctx.db,
					input.teamId,
					input.auditId,
					input.membershipIds,
					input.leadMembershipId
				)
			)
		),

	workspace: teamProcedure('audit.score')
		.meta(teamAggregate)
		.input(auditIdInput)
		.query(({ ctx, input }) => auditorWorkspace(ctx.db, input.teamId, input.auditId, viewer(ctx))),

	saveAuditorScore: teamProcedure('audit.score')
		.meta(teamAggregate)
		.input(saveScoreInput)
		.mutation(({ ctx, input }) => saveAuditorScore(ctx.db, input.teamId, viewer(ctx), input)),

	saveInterview: teamProcedure('audit.score')
		.meta(teamAggregate)
		.input(interviewInput)
		.mutation(({ ctx, input }) => saveInterview(ctx.db, input.teamId, viewer(ctx), input)),

	saveReport: teamProcedure('audit.score')
		.meta(teamAggregate)
		.input(reportInput)
		.mutation(({ ctx, input }) => saveReport(ctx.db, input.teamId, viewer(ctx), input)),

	release: teamProcedure('audit.score')
		.meta(teamAggregate)
		.input(auditIdInput)
		.mutation(({ ctx, input }) =>
			changed(input, releaseReport(ctx.db, input.teamId, input.auditId, viewer(ctx)))
		),

	report: teamProcedure('audit.view')
		.meta(teamAggregate)
		.input(auditIdInput)
		.query(({ ctx, input }) => loadReport(ctx.db, input.teamId, input.auditId))
});
