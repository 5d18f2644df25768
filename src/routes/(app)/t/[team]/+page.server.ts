import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'team.view');
	const members = await (await serverCaller(event)).teams.members({ teamId: team.id });
	return { members: members.filter((m) => m.active) };
};
