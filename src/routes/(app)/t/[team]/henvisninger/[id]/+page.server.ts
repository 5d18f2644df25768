import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { z } from '$lib/zod';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.read');
	if (!z.uuid().safeParse(event.params.id).success) error(404, 'Henvisningen findes ikke.');
	const api = await serverCaller(event);
	const [referral, members, preview] = await Promise.all([
		api.pathway.referral({ teamId: team.id, referralId: event.params.id }).catch(() => null),
		api.teams.members({ teamId: team.id }),
		api.pathway.previewAssignment({ teamId: team.id, caseManagerId: null })
	]);
	if (!referral) error(404, 'Henvisningen findes ikke i dette team.');
	return {
		referral,
		preview,
		members: members
			.filter((m) => m.active && m.role !== 'auditor')
			.map((m) => ({ membershipId: m.membershipId, name: m.name })),
		canVisit: can(team.role, 'pathway.visitate'),
		today: new Date().toISOString().slice(0, 10)
	};
};
