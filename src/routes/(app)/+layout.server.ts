import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { sessionPolicy } from '$lib/server/auth/session';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const api = await serverCaller(event);
	const [teams, invitations] = await Promise.all([api.teams.mine(), api.teams.myInvitations()]);
	// The page signs itself out after this long without the person touching it.
	return { user, teams, invitations, idleMinutes: sessionPolicy().idleMinutes };
};
