import { borgerScoped, router, teamProcedure } from '../trpc/init';
import { accessLogFilter, listAccessLog } from './service';

export const accessLogRouter = router({
	list: teamProcedure('accesslog.view')
		.meta(borgerScoped(['identitet']))
		.input(accessLogFilter)
		.query(({ ctx, input }) => listAccessLog(ctx.db, input.teamId, input))
});
