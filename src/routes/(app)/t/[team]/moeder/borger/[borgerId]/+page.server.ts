import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	const api = await serverCaller(event);
	const view = await api.meeting
		.borgerMinutes({ borgerId: event.params.borgerId })
		.catch(() => null);
	if (!view || view.borger.teamId !== team.id) error(404, 'Borgeren findes ikke.');
	return { borger: { id: view.borger.id, name: view.borger.name }, extract: view.meetings };
};
