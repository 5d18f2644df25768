import { z } from '$lib/zod';
import { router, teamAggregate, teamProcedure } from '../trpc/init';
import { retentionStatus, runRetention, setRetention } from './service';

export const retentionRouter = router({
	status: teamProcedure('retention.manage')
		.meta(teamAggregate)
		.query(({ ctx, input }) => retentionStatus(ctx.db, input.teamId)),

	update: teamProcedure('retention.manage')
		.meta(teamAggregate)
		.input(
			z.object({
				months: z
					.number({ error: 'Skriv et antal måneder.' })
					.int()
					.min(6, 'Mindst 6 måneder.')
					.max(600, 'Højst 600 måneder.')
			})
		)
		.mutation(async ({ ctx, input }) => {
			await setRetention(ctx.db, input.teamId, input.months);
			return retentionStatus(ctx.db, input.teamId);
		}),

	/** Run now (the job also runs daily); returns the report. */
	run: teamProcedure('retention.manage')
		.meta(teamAggregate)
		.mutation(({ ctx, input }) => runRetention(ctx.db, input.teamId, { runBy: ctx.user.id }))
});
