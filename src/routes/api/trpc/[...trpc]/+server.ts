import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { appRouter } from '$lib/server/trpc/router';
import { createContext } from '$lib/server/trpc/context';
import { logger } from '$lib/server/log';
import { getDb } from '$lib/server/db';
import { withIdempotency } from '$lib/server/trpc/idempotency';

const handle = (event: Parameters<RequestHandler>[0]): Promise<Response> =>
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

// Edits replayed from the offline queue carry an Idempotency-Key (see idempotency.ts).
const handler: RequestHandler = async (event) =>
	withIdempotency(await getDb(), event.request, event.locals.user?.id ?? null, () => handle(event));

export const GET = handler;
export const POST = handler;
