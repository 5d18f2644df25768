import { z } from '$lib/zod';
import {
	dischargeInput,
	measurementInput,
	outcomesRange,
	referralInput,
	sharedPlanInput,
	startupInput,
	visitationInput
} from '$lib/schemas/pathway';
import { borgerProcedure, borgerScoped, router, teamAggregate, teamProcedure } from '../trpc/init';
import { actorOf, announceBorgerChange, type BorgerChangeKind } from '../realtime/publish';
import type { SessionUser } from '../auth/session';
import { addSharedPlan } from './shared-plan';
import { completeStartup, loadCourse, saveStartup } from './course';
import { createReferral, getReferral, listReferrals, visitReferral } from './referrals';
import { dischargeBorger } from './discharge';
import { loadCaseload, previewAssignment } from './caseload';
import { loadOutcomes } from './outcomes';
import { loadWaitingList, offerPlace } from './waiting-list';
import { recordMeasurement } from './measurements';

/** Tell open records and boards that a course changed (after commit). */
function changed<T>(
	user: SessionUser,
	teamId: string,
	borgerId: string,
	what: BorgerChangeKind,
	result: T
): T {
	announceBorgerChange({ teamId, borgerId, what, by: actorOf(user) });
	return result;
}

export const pathwayRouter = router({
	referrals: teamProcedure('borger.read')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.query(({ ctx, input }) => listReferrals(ctx.db, input.teamId)),

	referral: teamProcedure('borger.read')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.input(z.object({ referralId: z.uuid() }))
		.query(({ ctx, input }) => getReferral(ctx.db, input.teamId, input.referralId)),

	createReferral: teamProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.input(z.object({ referral: referralInput }))
		.mutation(({ ctx, input }) =>
			createReferral(ctx.db, input.teamId, ctx.user.id, input.referral)
		),

	visit: teamProcedure('pathway.visitate')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.input(z.object({ visitation: visitationInput }))
		.mutation(async ({ ctx, input }) => {
			const r = await visitReferral(ctx.db, input.teamId, ctx.user.id, input.visitation);
			return r.borgerId ? changed(ctx.user, input.teamId, r.borgerId, 'created', r) : r;
		}),

	waitingList: teamProcedure('borger.read')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.query(({ ctx, input }) => loadWaitingList(ctx.db, input.teamId)),

	caseload: teamProcedure('borger.read')
		.meta(borgerScoped(['identitet', 'skalering']))
		.query(({ ctx, input }) => loadCaseload(ctx.db, input.teamId)),

	previewAssignment: teamProcedure('borger.read')
		.meta(teamAggregate)
		.input(z.object({ caseManagerId: z.uuid().nullable() }))
		.query(({ ctx, input }) => previewAssignment(ctx.db, input.teamId, input.caseManagerId)),

	outcomes: teamProcedure('pathway.outcomes')
		.meta(teamAggregate)
		.input(z.object({ range: outcomesRange }))
		.query(async ({ ctx, input }) => {
			const { settings, ...outcomes } = await loadOutcomes(ctx.db, input.teamId, input.range);
			return {
				...outcomes,
				levels: settings.scalingLevels.map((l) => ({ key: l.key, label: l.label, tone: l.tone }))
			};
		}),

	offerPlace: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet']))
		.mutation(async ({ ctx }) =>
			changed(
				ctx.user,
				ctx.access.borger.teamId,
				ctx.access.borger.id,
				'status',
				await offerPlace(ctx.db, ctx.access, ctx.user.id)
			)
		),

	course: borgerProcedure('borger.read')
		.meta(borgerScoped(['identitet', 'forloeb', 'maal', 'maalinger']))
		.query(({ ctx }) => loadCourse(ctx.db, ctx.access)),

	saveStartup: borgerProcedure('borger.write')
		.meta(borgerScoped(['forloeb']))
		.input(z.object({ startup: startupInput }))
		.mutation(({ ctx, input }) => saveStartup(ctx.db, ctx.access, ctx.user.id, input.startup)),

	completeStartup: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'forloeb', 'maal']))
		.input(z.object({ plan: sharedPlanInput }))
		.mutation(async ({ ctx, input }) =>
			changed(
				ctx.user,
				ctx.access.borger.teamId,
				ctx.access.borger.id,
				'status',
				await completeStartup(ctx.db, ctx.access, ctx.user.id, input.plan)
			)
		),

	addPlan: borgerProcedure('borger.write')
		.meta(borgerScoped(['maal']))
		.input(z.object({ plan: sharedPlanInput }))
		.mutation(async ({ ctx, input }) =>
			changed(
				ctx.user,
				ctx.access.borger.teamId,
				ctx.access.borger.id,
				'item',
				await addSharedPlan(ctx.db, ctx.access, ctx.user.id, input.plan)
			)
		),

	recordMeasurement: borgerProcedure('borger.write')
		.meta(borgerScoped(['maalinger']))
		.input(z.object({ measurement: measurementInput }))
		.mutation(async ({ ctx, input }) =>
			changed(
				ctx.user,
				ctx.access.borger.teamId,
				ctx.access.borger.id,
				'fields',
				await recordMeasurement(ctx.db, ctx.access, ctx.user.id, input.measurement)
			)
		),

	discharge: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'forloeb']))
		.input(z.object({ discharge: dischargeInput }))
		.mutation(async ({ ctx, input }) =>
			changed(
				ctx.user,
				ctx.access.borger.teamId,
				ctx.access.borger.id,
				'status',
				await dischargeBorger(ctx.db, ctx.access, ctx.user.id, input.discharge)
			)
		)
});
