import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The start page is the user's first team; with no team there is nothing else to show.
export const load: PageServerLoad = async ({ parent }) => {
	const { teams } = await parent();
	if (teams.length > 0) redirect(303, `/t/${teams[0]!.slug}`);
	return {};
};
