import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	const api = await serverCaller(event);
	const borgerId = event.params.borgerId;
	const [record, extract] = await Promise.all([
		api.borger.get({ borgerId }).catch(() => null),
		api.meeting.borgerMinutes({ borgerId }).catch(() => null)
	]);
	if (!record || !extract || record.teamId !== team.id) error(404, 'Borgeren findes ikke.');
	return { borger: { id: record.id, name: record.name }, extract };
};
