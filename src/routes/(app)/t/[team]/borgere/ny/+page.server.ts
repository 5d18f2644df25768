import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.write');
	const api = await serverCaller(event);
	const [members, settings] = await Promise.all([
		api.teams.members({ teamId: team.id }),
		api.teams.settings({ teamId: team.id })
	]);
	return {
		members: members
			.filter((m) => m.active)
			.map((m) => ({ membershipId: m.membershipId, name: m.name })),
		levels: settings.scalingLevels
	};
};
