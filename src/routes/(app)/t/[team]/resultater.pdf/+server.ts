import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { rangeFromParams } from '$lib/server/pathway/outcomes';
import { renderOutcomesPdf } from '$lib/server/pathway/outcomes-pdf';

export const GET: RequestHandler = async (event) => {
	const { user, team } = await requireTeam(event, 'pathway.outcomes');
	const range = rangeFromParams(event.url.searchParams);
	const { levels, ...outcomes } = await (
		await serverCaller(event)
	).pathway
		.outcomes({ teamId: team.id, range })
		.catch((e: unknown) => {
			if (e instanceof TRPCError && e.code === 'BAD_REQUEST')
				error(400, 'Vælg en gyldig periode (åååå-mm).');
			throw e;
		});
	const pdf = await renderOutcomesPdf({
		outcomes,
		levels,
		teamName: team.name,
		period: `${range.fromMonth} – ${range.toMonth}`,
		generatedBy: user.name,
		generatedAt: new Date()
	});
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="resultater-${range.fromMonth}-${range.toMonth}.pdf"`,
			'content-length': String(pdf.length),
			'cache-control': 'private, no-store'
		}
	});
};
