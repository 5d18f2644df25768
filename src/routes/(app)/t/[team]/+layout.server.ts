import type { LayoutServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';

export const load: LayoutServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'team.view');
	return { team };
};
