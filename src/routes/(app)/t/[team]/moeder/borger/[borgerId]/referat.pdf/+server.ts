import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { resolveBorgerAccess } from '$lib/server/access/borger';
import { renderBorgerExtract } from '$lib/server/meeting/minutes-pdf';
import { borgerMinutesView } from '$lib/server/meeting/scope';

export const GET: RequestHandler = async (event) => {
	const { team, user } = await requireTeam(event, 'borger.read');
	const db = await getDb();
	// Through the access module: scoped, and logged as the extract's PDF.
	const access = await resolveBorgerAccess(db, user.id, event.params.borgerId, 'borger.read', {
		feature: 'meeting:minutes.borger.pdf',
		mode: 'read'
	}).catch(() => null);
	if (!access || access.borger.teamId !== team.id) error(404, 'Borgeren findes ikke.');
	const { borger, meetings } = await borgerMinutesView(db, access);
	const pdf = await renderBorgerExtract(meetings, borger.name, team.name, user.name);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="referatudtog-${borger.initials || 'borger'}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
