import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team, user } = await requireTeam(event, 'team.view');
	const api = await serverCaller(event);
	const canManage = can(team.role, 'team.members.manage');
	const [members, organisations, invitations] = await Promise.all([
		api.teams.members({ teamId: team.id }),
		api.teams.organisations({ teamId: team.id }),
		canManage ? api.teams.invitations({ teamId: team.id }) : Promise.resolve([])
	]);
	return { members, organisations, invitations, canManage, userId: user.id };
};
