import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

export const load: PageServerLoad = async (event) => {
	event.depends('tavla:audit');
	const { team } = await requireTeam(event, 'audit.view');
	const api = await serverCaller(event);
	const teamId = team.id;
	const auditId = event.params.id;
	const audit = await api.audit.get({ teamId, auditId }).catch(() => null);
	if (!audit) error(404, 'Auditten findes ikke.');
	const [evidence, members, board] = await Promise.all([
		api.audit.evidence({ teamId, auditId }),
		api.teams.members({ teamId }),
		// Names for the drill-down only for those who may read borger records.
		can(team.role, 'borger.read') ? api.borger.board({ teamId }) : Promise.resolve(null)
	]);
	return {
		audit,
		evidence,
		members: members.filter((m) => m.active),
		names: Object.fromEntries((board?.rows ?? []).map((r) => [r.id, r.name])),
		canLive: can(team.role, 'borger.read')
	};
};
