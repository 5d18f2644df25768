import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	event.depends('tavla:board');
	const api = await serverCaller(event);
	const [board, members, guests] = await Promise.all([
		api.borger.board({ teamId: team.id }),
		api.teams.members({ teamId: team.id }),
		api.guest.present({ teamId: team.id })
	]);
	return { board, members: members.filter((m) => m.active), guestPresent: guests.present };
};
