import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { z } from '$lib/zod';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'guest.invite');
	event.depends('tavla:guests');
	if (!z.uuid().safeParse(event.params.id).success) error(404, 'Mødet findes ikke.');
	const api = await serverCaller(event);
	const items = await api.guest
		.candidates({ teamId: team.id, meetingId: event.params.id })
		.catch(() => null);
	if (!items) error(404, 'Mødet findes ikke.');
	return { items, meetingId: event.params.id, origin: event.url.origin };
};
