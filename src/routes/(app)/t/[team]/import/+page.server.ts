import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.write');
	const settings = await (await serverCaller(event)).teams.settings({ teamId: team.id });
	// The team's own scaling levels, so the instructions name the values the file may use.
	const levels = settings.scalingLevels.map((l) => ({ key: l.key, label: l.label }));
	return { levels };
};
