import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.write');
	const settings = await (await serverCaller(event)).teams.settings({ teamId: team.id });
	return { criteria: settings.referralCriteria, today: new Date().toISOString().slice(0, 10) };
};
