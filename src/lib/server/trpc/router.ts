import { router } from './init';
import { teamsRouter } from '../teams/router';
import { borgerRouter } from '../borger/router';
import { meetingRouter } from '../meeting/router';
import { pathwayRouter } from '../pathway/router';
import { auditRouter } from '../audit/router';
import { consentRouter } from '../consent/router';
import { accessLogRouter } from '../accesslog/router';
import { guestRouter } from '../guest/router';
import { retentionRouter } from '../retention/router';

export const appRouter = router({
	teams: teamsRouter,
	borger: borgerRouter,
	meeting: meetingRouter,
	pathway: pathwayRouter,
	audit: auditRouter,
	consent: consentRouter,
	accessLog: accessLogRouter,
	guest: guestRouter,
	retention: retentionRouter
});

export type AppRouter = typeof appRouter;
