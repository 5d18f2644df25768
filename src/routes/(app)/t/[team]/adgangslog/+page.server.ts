import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { accessLogFilter } from '$lib/server/accesslog/service';

/** The team lead's view of the access log, filtered by the query string (shareable links). */
export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'accesslog.view');
	const q = event.url.searchParams;
	const raw = {
		borgerId: q.get('borger') || undefined,
		userId: q.get('bruger') || undefined,
		action: q.get('handling') || undefined,
		from: q.get('fra') || undefined,
		to: q.get('til') || undefined,
		before: q.get('foer') || undefined,
		limit: 100
	};
	const parsed = accessLogFilter.safeParse(raw);
	if (!parsed.success) error(400, 'Filteret er ugyldigt.');
	const api = await serverCaller(event);
	const [rows, members] = await Promise.all([
		api.accessLog.list({ teamId: team.id, ...parsed.data }),
		api.teams.members({ teamId: team.id })
	]);
	return {
		rows,
		members: members.map((m) => ({ userId: m.userId, name: m.name })),
		filter: {
			borger: raw.borgerId ?? '',
			bruger: raw.userId ?? '',
			handling: raw.action ?? '',
			fra: raw.from ?? '',
			til: raw.to ?? ''
		}
	};
};
