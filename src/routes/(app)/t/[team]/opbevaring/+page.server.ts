import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'retention.manage');
	event.depends('tavla:retention');
	const api = await serverCaller(event);
	return { status: await api.retention.status({ teamId: team.id }) };
};
