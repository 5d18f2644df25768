import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'team.settings.manage');
	return { settings: await (await serverCaller(event)).teams.settings({ teamId: team.id }) };
};
