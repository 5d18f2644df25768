import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { renderMinutes } from '$lib/server/meeting/minutes-pdf';
import { loadMeetingFor } from '$lib/server/meeting/scope';

export const GET: RequestHandler = async (event) => {
	const { team, user } = await requireTeam(event, 'meeting.participate');
	// Straight to the scoped loader (not through tRPC), so the log says this was the PDF.
	const view = await loadMeetingFor(
		await getDb(),
		{ userId: user.id, name: user.name, role: team.role },
		team.id,
		event.params.id,
		'meeting:minutes.pdf'
	).catch(() => null);
	if (!view) error(404, 'Mødet findes ikke.');
	const pdf = await renderMinutes(view, team.name, user.name);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="referat-${view.meeting.meeting_date}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
