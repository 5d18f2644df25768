import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { appRouter } from '$lib/server/trpc/router';
import { createContext } from '$lib/server/trpc/context';
import { logger } from '$lib/server/log';

const handler: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => createContext(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') {
				logger.error(
					{ err: error.cause ?? error, path, requestId: event.locals.requestId },
					'trpc error'
				);
			}
		}
	});

export const GET = handler;
export const POST = handler;
