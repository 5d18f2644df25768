import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Permission } from '$lib/domain/permissions';
import { t } from '$lib/i18n/da';
import { getDb } from '../db';
import { listUserTeams, type TeamSummary } from '../teams/service';
import type { SessionUser } from './session';

/** Pages: signed-in users only; others go to the login page and come back afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	if (!event.locals.user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
	}
	return event.locals.user;
}

/**
 * Pages under /t/[team]: the user must be an active member whose role has `permission`
 * (from the one permission table). Unknown team and no access look the same.
 */
export async function requireTeam(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	permission: Permission
): Promise<{ user: SessionUser; team: TeamSummary }> {
	const user = requireUser(event);
	const slug = (event.params as { team?: string }).team;
	const teams = await listUserTeams(await getDb(), user.id);
	const team = teams.find((x) => x.slug === slug);
	if (!team || !can(team.role, permission)) error(403, t.errors.forbidden);
	return { user, team };
}
