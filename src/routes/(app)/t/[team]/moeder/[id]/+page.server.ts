import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'meeting.participate');
	event.depends('tavla:meeting');
	const api = await serverCaller(event);
	const [view, board, settings, members] = await Promise.all([
		api.meeting.get({ teamId: team.id, meetingId: event.params.id }).catch(() => null),
		api.borger.board({ teamId: team.id }),
		api.teams.settings({ teamId: team.id }),
		api.teams.members({ teamId: team.id })
	]);
	if (!view) error(404, 'Mødet findes ikke.');
	return {
		view,
		borgere: board.rows.map((r) => ({ id: r.id, name: r.name, initials: r.initials })),
		levels: settings.scalingLevels,
		riskCategories: settings.riskCategories,
		canLead: can(team.role, 'meeting.lead'),
		myMembershipId: members.find((m) => m.userId === event.locals.user!.id)?.membershipId ?? null
	};
};
