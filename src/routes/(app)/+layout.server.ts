import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const teams = await (await serverCaller(event)).teams.mine();
	return { user, teams };
};
