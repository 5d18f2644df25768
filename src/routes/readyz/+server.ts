import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { readiness } from '$lib/server/ops/health';

/** Readiness: 200 when this instance should get traffic, 503 (with the failing check) otherwise. */
export const GET: RequestHandler = async () => {
	const r = await readiness(await getDb());
	return json(r, {
		status: r.ready ? 200 : 503,
		headers: { 'cache-control': 'no-store', ...(r.ready ? {} : { 'retry-after': '5' }) }
	});
};
