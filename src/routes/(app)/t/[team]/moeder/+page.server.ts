import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { nextMeetingDate } from '$lib/server/meeting/planning';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'meeting.participate');
	const api = await serverCaller(event);
	const [meetings, settings] = await Promise.all([
		api.meeting.list({ teamId: team.id }),
		api.teams.settings({ teamId: team.id })
	]);
	return {
		meetings,
		canLead: can(team.role, 'meeting.lead'),
		suggestedDate: nextMeetingDate(settings.meeting.weekday, new Date()),
		meetingSettings: settings.meeting
	};
};
