import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'meeting.participate');
	event.depends('tavla:meeting');
	const view = await (
		await serverCaller(event)
	).meeting
		.get({ teamId: team.id, meetingId: event.params.id, purpose: 'minutes' })
		.catch(() => null);
	if (!view) error(404, 'Mødet findes ikke.');
	return { view, canLead: can(team.role, 'meeting.lead') };
};
