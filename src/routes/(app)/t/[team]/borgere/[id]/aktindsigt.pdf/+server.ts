import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { z } from '$lib/zod';
import { requireTeam } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { resolveInsightAccess } from '$lib/server/access/borger';
import { renderInsightPdf } from '$lib/server/consent/insight';

/**
 * Answer to an insight request (aktindsigt): the borger's data, their consents and
 * disclosures, and every access to their data. Team lead only; the export is logged.
 */
export const GET: RequestHandler = async (event) => {
	const { user, team } = await requireTeam(event, 'accesslog.view');
	const notFound = () => error(404, 'Borgeren findes ikke i dette team.');
	if (!z.uuid().safeParse(event.params.id).success) notFound();
	const db = await getDb();
	const access = await resolveInsightAccess(db, user.id, event.params.id).catch((e: unknown) => {
		if (e instanceof TRPCError && e.code === 'FORBIDDEN') notFound();
		throw e;
	});
	if (access.borger.teamId !== team.id) notFound();
	const pdf = await renderInsightPdf(db, access, { teamName: team.name, generatedBy: user.name });
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': 'attachment; filename="aktindsigt.pdf"',
			'content-length': String(pdf.length),
			'cache-control': 'private, no-store'
		}
	});
};
