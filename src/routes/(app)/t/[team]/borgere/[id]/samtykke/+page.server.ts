import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { isoDay } from '$lib/domain/consent';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'consent.manage');
	event.depends('tavla:consent');
	const api = await serverCaller(event);
	const record = await api.borger.get({ borgerId: event.params.id }).catch(() => null);
	if (!record || record.teamId !== team.id) error(404, 'Borgeren findes ikke i dette team.');
	const registry = await api.consent.list({ borgerId: record.id });
	return {
		record: {
			id: record.id,
			name: record.name,
			initials: record.initials,
			closed: record.status === 'afsluttet'
		},
		registry,
		today: isoDay(new Date())
	};
};
