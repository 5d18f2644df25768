import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	event.depends('tavla:audit');
	// Only auditors reach the score form; the service checks the assignment as well.
	const { team } = await requireTeam(event, 'audit.score');
	const api = await serverCaller(event);
	const input = { teamId: team.id, auditId: event.params.id };
	const [audit, workspace, evidence] = await Promise.all([
		api.audit.get(input),
		api.audit.workspace(input).catch(() => null),
		api.audit.evidence(input)
	]);
	if (!workspace) error(403, 'Du er ikke auditor på denne audit.');
	return { audit, workspace, evidence };
};
