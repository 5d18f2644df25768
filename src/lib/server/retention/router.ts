import { z } from '$lib/zod';
import { router, teamProcedure } from '../trpc/init';
import { retentionStatus, runRetention, setRetention } from './service';

export const retentionRouter = router({
	status: teamProcedure('retention.manage').query(({ ctx, input }) =>
		retentionStatus(ctx.db, input.teamId)
	),

	update: teamProcedure('retention.manage')
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
	run: teamProcedure('retention.manage').mutation(({ ctx, input }) =>
		runRetention(ctx.db, input.teamId, { runBy: ctx.user.id })
	)
});
