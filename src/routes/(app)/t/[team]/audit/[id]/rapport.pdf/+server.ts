import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { renderAuditReport } from '$lib/server/audit/report-pdf';

export const GET: RequestHandler = async (event) => {
	const { team, user } = await requireTeam(event, 'audit.view');
	const report = await (
		await serverCaller(event)
	).audit
		.report({ teamId: team.id, auditId: event.params.id })
		.catch(() => null);
	if (!report) error(403, 'Rapporten er ikke frigivet endnu.');
	const pdf = await renderAuditReport(report, user.name);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="auditrapport-${report.year}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
