import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { renderBorgerExtract } from '$lib/server/meeting/minutes-pdf';

export const GET: RequestHandler = async (event) => {
	const { team, user } = await requireTeam(event, 'borger.read');
	const api = await serverCaller(event);
	const borgerId = event.params.borgerId;
	const [record, extract] = await Promise.all([
		api.borger.get({ borgerId }).catch(() => null),
		api.meeting.borgerMinutes({ borgerId }).catch(() => null)
	]);
	if (!record || !extract || record.teamId !== team.id) error(404, 'Borgeren findes ikke.');
	const pdf = await renderBorgerExtract(extract, record.name, team.name, user.name);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="referatudtog-${record.initials || 'borger'}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
