import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { lifecycle } from '$lib/server/ops/lifecycle';

/** Liveness: the process answers. Stays 200 while shutting down, so it is not killed early. */
export const GET: RequestHandler = () =>
	json({ status: 'ok', phase: lifecycle().phase }, { headers: { 'cache-control': 'no-store' } });
