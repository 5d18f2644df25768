import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	const list = await (await serverCaller(event)).pathway.waitingList({ teamId: team.id });
	return { list, canWrite: can(team.role, 'borger.write') };
};
