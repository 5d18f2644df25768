import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'meeting.participate');
	const mine = event.url.searchParams.get('alle') === null;
	const tasks = await (await serverCaller(event)).meeting.tasks({ teamId: team.id, mine });
	return { tasks, mine };
};
