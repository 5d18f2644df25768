import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team, user } = await requireTeam(event, 'team.view');
	const api = await serverCaller(event);
	const [members, organisations] = await Promise.all([
		api.teams.members({ teamId: team.id }),
		api.teams.organisations({ teamId: team.id })
	]);
	return {
		members,
		organisations,
		canManage: can(team.role, 'team.members.manage'),
		userId: user.id
	};
};
