import { router, teamProcedure } from '../trpc/init';
import { accessLogFilter, listAccessLog } from './service';

export const accessLogRouter = router({
	list: teamProcedure('accesslog.view')
		.input(accessLogFilter)
		.query(({ ctx, input }) => listAccessLog(ctx.db, input.teamId, input))
});
