import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { DISCHARGE_REASON_LABELS, type DischargeReason } from '$lib/domain/pathway';
import { outcomesCsv } from '$lib/domain/outcomes';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { rangeFromParams } from '$lib/server/pathway/outcomes';

/** The dashboard figures as CSV (semicolon, decimal comma, BOM: opens in Danish Excel). */
export const GET: RequestHandler = async (event) => {
	const { team } = await requireTeam(event, 'pathway.outcomes');
	const range = rangeFromParams(event.url.searchParams);
	const o = await (
		await serverCaller(event)
	).pathway
		.outcomes({ teamId: team.id, range })
		.catch((e: unknown) => {
			if (e instanceof TRPCError && e.code === 'BAD_REQUEST')
				error(400, 'Vælg en gyldig periode (åååå-mm).');
			throw e;
		});
	const levels = new Map(o.levels.map((l) => [l.key, l.label]));
	const csv = outcomesCsv(o, {
		level: (k) => levels.get(k) ?? k,
		reason: (k) => DISCHARGE_REASON_LABELS[k as DischargeReason] ?? k
	});
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="resultater-${range.fromMonth}-${range.toMonth}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
