import type { RequestEvent } from '@sveltejs/kit';
import { createCallerFactory } from './init';
import { appRouter } from './router';
import { createContext } from './context';

const factory = createCallerFactory(appRouter);

/** Call procedures from a server `load` with the request's own context: no HTTP round trip. */
export async function serverCaller(event: RequestEvent) {
	return factory(await createContext(event));
}
