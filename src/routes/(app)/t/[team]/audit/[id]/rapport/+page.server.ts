import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'audit.view');
	const api = await serverCaller(event);
	// loadReport refuses an unreleased report, for auditors as well: there is one version.
	const report = await api.audit
		.report({ teamId: team.id, auditId: event.params.id })
		.catch(() => null);
	if (!report) error(403, 'Rapporten er ikke frigivet endnu.');
	return { report };
};
