import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

/** The periods offered on the page, in months. */
const PERIODS = [3, 6, 12, 24, 36] as const;

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'meeting.participate');
	const asked = Number(event.url.searchParams.get('maaneder'));
	const months = (PERIODS as readonly number[]).includes(asked) ? asked : 12;
	const api = await serverCaller(event);
	const stats = await api.meeting.stats({ teamId: team.id, months });
	return { stats, months, periods: PERIODS };
};
