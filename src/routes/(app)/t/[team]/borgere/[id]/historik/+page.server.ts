import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	const api = await serverCaller(event);
	const entity = event.url.searchParams.get('entitet') ?? undefined;
	const field = event.url.searchParams.get('felt') ?? undefined;
	const record = await api.borger.get({ borgerId: event.params.id }).catch(() => null);
	if (!record || record.teamId !== team.id) error(404, 'Borgeren findes ikke i dette team.');
	const entries = await api.borger.history({ borgerId: record.id, entity, field });
	return {
		record: { id: record.id, name: record.name, initials: record.initials },
		entries,
		entity,
		field
	};
};
