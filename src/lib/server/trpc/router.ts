import { router } from './init';
import { teamsRouter } from '../teams/router';
import { borgerRouter } from '../borger/router';

export const appRouter = router({
	teams: teamsRouter,
	borger: borgerRouter
});

export type AppRouter = typeof appRouter;
