import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'audit.view');
	const api = await serverCaller(event);
	const [audits, goals] = await Promise.all([
		api.audit.list({ teamId: team.id }),
		api.audit.goals({ teamId: team.id })
	]);
	return { audits, goals, canPrepare: can(team.role, 'audit.prepare') };
};
