import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { metrics, metricsAllowed } from '$lib/server/ops/metrics';

/** Prometheus metrics; bearer token (TAVLA_METRICS_TOKEN) or local connections only. */
export const GET: RequestHandler = async ({ request, getClientAddress }) => {
	if (
		!metricsAllowed(
			config().TAVLA_METRICS_TOKEN,
			request.headers.get('authorization'),
			getClientAddress()
		)
	)
		error(403, 'Ingen adgang');
	const { registry } = metrics();
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
};
