import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	const caseload = await (await serverCaller(event)).pathway.caseload({ teamId: team.id });
	return { caseload };
};
