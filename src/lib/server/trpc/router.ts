import { router } from './init';
import { teamsRouter } from '../teams/router';
import { borgerRouter } from '../borger/router';
import { meetingRouter } from '../meeting/router';

export const appRouter = router({
	teams: teamsRouter,
	borger: borgerRouter,
	meeting: meetingRouter
});

export type AppRouter = typeof appRouter;
