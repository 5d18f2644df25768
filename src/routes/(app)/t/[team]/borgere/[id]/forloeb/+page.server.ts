import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	event.depends('tavla:borger');
	if (!z.uuid().safeParse(event.params.id).success) error(404, 'Borgeren findes ikke.');
	const api = await serverCaller(event);
	const course = await api.pathway.course({ borgerId: event.params.id }).catch(() => null);
	if (!course) error(404, 'Borgeren findes ikke i dette team.');
	return {
		course,
		canWrite: can(team.role, 'borger.write'),
		today: new Date().toISOString().slice(0, 10)
	};
};
