import { router } from './init';
import { teamsRouter } from '../teams/router';

export const appRouter = router({
	teams: teamsRouter
});

export type AppRouter = typeof appRouter;
