import { TRPCError } from '@trpc/server';
import { can, type Permission, type TeamRole } from '$lib/domain/permissions';
import { SECTION_KEYS, type SectionKey } from '$lib/domain/sections';
import { t } from '$lib/i18n/da';
import type { Executor } from '../db';

/**
 * The one place that decides whether someone may read or write a borger record, and
 * which sections they see. tRPC procedures, pages, PDF export and (later) socket events
 * all come through here. Outer-wheel guests and consent scoping plug in as new viewer
 * kinds and narrower section sets, without changing the callers.
 */

export interface MemberViewer {
	kind: 'member';
	userId: string;
	teamId: string;
	membershipId: string;
	role: TeamRole;
}
export type Viewer = MemberViewer;

export interface BorgerRef {
	id: string;
	teamId: string;
	status: 'henvist' | 'venter' | 'aktiv' | 'afsluttet';
	version: number;
}

export interface BorgerAccess {
	viewer: Viewer;
	borger: BorgerRef;
	sections: ReadonlySet<SectionKey>;
}

const forbidden = () => new TRPCError({ code: 'FORBIDDEN', message: t.errors.forbidden });

export async function resolveBorgerAccess(
	db: Executor,
	userId: string,
	borgerId: string,
	permission: Permission
): Promise<BorgerAccess> {
	const row = await db
		.selectFrom('borger as b')
		.innerJoin('membership as m', (j) =>
			j
				.onRef('m.team_id', '=', 'b.team_id')
				.on('m.user_id', '=', userId)
				.on('m.deactivated_at', 'is', null)
		)
		.select(['b.id', 'b.team_id', 'b.status', 'b.version', 'm.id as membership_id', 'm.role'])
		.where('b.id', '=', borgerId)
		.executeTakeFirst();
	// Unknown borger and someone else's borger give the same answer.
	if (!row || !can(row.role, permission)) throw forbidden();
	const viewer: MemberViewer = {
		kind: 'member',
		userId,
		teamId: row.team_id,
		membershipId: row.membership_id,
		role: row.role
	};
	return {
		viewer,
		borger: { id: row.id, teamId: row.team_id, status: row.status, version: row.version },
		sections: visibleSections(viewer)
	};
}

/** Inner-wheel members see every section of their team's borgere. */
export function visibleSections(viewer: Viewer): ReadonlySet<SectionKey> {
	return viewer.kind === 'member' ? new Set(SECTION_KEYS) : new Set();
}

/** A closed course is kept read-only. */
export function assertWritable(borger: BorgerRef): void {
	if (borger.status === 'afsluttet') {
		throw new TRPCError({
			code: 'BAD_REQUEST',
			message: 'Forløbet er afsluttet og kan kun læses.'
		});
	}
}

export function assertSection(access: BorgerAccess, section: SectionKey): void {
	if (!access.sections.has(section)) throw forbidden();
}
