import {
	assignmentWarnings,
	caseloadOverview,
	countsTowardCaseload,
	teamIsFull,
	type CaseloadCaps
} from '$lib/domain/caseload';
import type { TeamSettings } from '$lib/schemas/team-settings';
import type { Executor } from '../db';
import { teamSettings } from '../team-settings';

/**
 * Caseload against the team's caps: counts per team and per case manager, the warnings
 * an assignment would give (never a refusal), and the caseload page.
 */

function caps(settings: TeamSettings): CaseloadCaps {
	return { team: settings.caseloadCap, member: settings.memberCaseloadCap };
}

async function caseloadCounts(db: Executor, teamId: string) {
	const rows = await db
		.selectFrom('borger')
		.select(['case_manager_id', 'status'])
		.where('team_id', '=', teamId)
		.where('status', 'in', ['henvist', 'aktiv'])
		.execute();
	const perMember = new Map<string, number>();
	for (const r of rows)
		if (r.case_manager_id)
			perMember.set(r.case_manager_id, (perMember.get(r.case_manager_id) ?? 0) + 1);
	return { team: rows.length, perMember };
}

async function memberName(db: Executor, membershipId: string): Promise<string | undefined> {
	const r = await db
		.selectFrom('membership as m')
		.innerJoin('app_user as u', 'u.id', 'm.user_id')
		.select('u.name')
		.where('m.id', '=', membershipId)
		.executeTakeFirst();
	return r?.name;
}

/** What adding one course (optionally to one case manager) would do to the caps. */
export async function previewAssignment(
	db: Executor,
	teamId: string,
	caseManagerId: string | null
) {
	const settings = await teamSettings(db, teamId);
	const counts = await caseloadCounts(db, teamId);
	return {
		teamCount: counts.team,
		cap: settings.caseloadCap,
		full: teamIsFull(counts.team, settings.caseloadCap),
		warnings: assignmentWarnings({
			caps: caps(settings),
			teamCount: counts.team,
			memberCount: caseManagerId ? (counts.perMember.get(caseManagerId) ?? 0) : null,
			memberName: caseManagerId ? await memberName(db, caseManagerId) : undefined
		})
	};
}

export async function loadCaseload(db: Executor, teamId: string) {
	const [settings, borgere, members] = await Promise.all([
		teamSettings(db, teamId),
		db
			.selectFrom('borger')
			.select(['id', 'name', 'initials', 'status', 'case_manager_id', 'scaling_level'])
			.where('team_id', '=', teamId)
			.where('status', '!=', 'afsluttet')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('membership as m')
			.innerJoin('app_user as u', 'u.id', 'm.user_id')
			.select(['m.id', 'u.name', 'u.initials', 'm.profession'])
			.where('m.team_id', '=', teamId)
			.where('m.deactivated_at', 'is', null)
			.where('m.role', '!=', 'auditor')
			.orderBy('u.name')
			.execute()
	]);
	const overview = caseloadOverview(
		borgere.map((b) => ({
			status: b.status,
			caseManagerId: b.case_manager_id,
			level: b.scaling_level
		})),
		caps(settings)
	);
	const byMember = new Map(overview.members.map((m) => [m.membershipId, m]));
	return {
		caps: caps(settings),
		levels: settings.scalingLevels,
		team: overview.team,
		waiting: borgere.filter((b) => b.status === 'venter').length,
		members: [
			...members.map((m) => ({
				membershipId: m.id as string | null,
				name: m.name,
				initials: m.initials,
				profession: m.profession,
				total: byMember.get(m.id)?.total ?? 0,
				byLevel: byMember.get(m.id)?.byLevel ?? {},
				level: byMember.get(m.id)?.level ?? ('ok' as const),
				borgere: borgere
					.filter((b) => b.case_manager_id === m.id && countsTowardCaseload(b.status))
					.map((b) => ({ id: b.id, name: b.name, level: b.scaling_level, status: b.status }))
			})),
			...(byMember.get(null)
				? [
						{
							membershipId: null,
							name: 'Uden kontaktperson',
							initials: '–',
							profession: '',
							total: byMember.get(null)!.total,
							byLevel: byMember.get(null)!.byLevel,
							level: 'ok' as const,
							borgere: borgere
								.filter((b) => b.case_manager_id === null && countsTowardCaseload(b.status))
								.map((b) => ({ id: b.id, name: b.name, level: b.scaling_level, status: b.status }))
						}
					]
				: [])
		]
	};
}
