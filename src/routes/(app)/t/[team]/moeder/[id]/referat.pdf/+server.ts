import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { renderMinutes } from '$lib/server/meeting/minutes-pdf';

export const GET: RequestHandler = async (event) => {
	const { team, user } = await requireTeam(event, 'meeting.participate');
	const view = await (
		await serverCaller(event)
	).meeting
		.get({ teamId: team.id, meetingId: event.params.id })
		.catch(() => null);
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
