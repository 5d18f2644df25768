import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	event.depends('tavla:borger');
	const api = await serverCaller(event);
	const [record, members, settings] = await Promise.all([
		api.borger.get({ borgerId: event.params.id }).catch(() => null),
		api.teams.members({ teamId: team.id }),
		api.teams.settings({ teamId: team.id })
	]);
	if (!record || record.teamId !== team.id) error(404, 'Borgeren findes ikke i dette team.');
	return {
		record,
		settings,
		members: members
			.filter((m) => m.active)
			.map((m) => ({ membershipId: m.membershipId, name: m.name })),
		today: new Date().toISOString().slice(0, 10)
	};
};
