import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { z } from '$lib/zod';
import { requireTeam } from '$lib/server/auth/guard';
import { resolveBorgerAccess } from '$lib/server/access/borger';
import { loadCaseSummary, renderCaseSummary, summarySectionsParam } from '$lib/server/borger/pdf';
import { getDb } from '$lib/server/db';

/**
 * The case summary (sagsresumé) of one borger as PDF: the borger's own copy, or a
 * partner's with consent. `?afsnit=netvaerk,maal` limits it to the chosen sections.
 */

const notFound = () => error(404, 'Borgeren findes ikke i dette team.');

/** ASCII only, so the header is valid whatever the initials: "ÆØ" -> "aeoe". */
function fileName(initials: string): string {
	const ascii = initials
		.toLowerCase()
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'oe')
		.replace(/å/g, 'aa')
		.replace(/[^a-z0-9]/g, '');
	return `sagsresume-${ascii || 'borger'}.pdf`;
}

export const GET: RequestHandler = async (event) => {
	const { user, team } = await requireTeam(event, 'borger.read');

	const afsnit = event.url.searchParams.get('afsnit');
	const sections = afsnit === null ? undefined : summarySectionsParam.safeParse(afsnit);
	if (sections && !sections.success) error(400, sections.error.issues[0]!.message);

	if (!z.uuid().safeParse(event.params.id).success) notFound();
	const db = await getDb();
	// Unknown borger and another team's borger look the same.
	const access = await resolveBorgerAccess(db, user.id, event.params.id, 'borger.read', {
		feature: 'pdf:sagsresume'
	}).catch((e: unknown) => {
		if (e instanceof TRPCError && e.code === 'FORBIDDEN') notFound();
		throw e;
	});
	if (access.borger.teamId !== team.id) notFound();

	const summary = await loadCaseSummary(db, access);
	const { record } = summary;
	if (record.teamId !== team.id) notFound();

	const pdf = await renderCaseSummary({
		...summary,
		teamName: team.name,
		sections: sections?.data,
		generatedBy: user.name,
		generatedAt: new Date()
	});
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="${fileName(record.initials)}"`,
			'content-length': String(pdf.length),
			'cache-control': 'private, no-store'
		}
	});
};
