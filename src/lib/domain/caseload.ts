/**
 * Caseload rules (DOMAIN.md §6 and §11.9): a team cap (Silkeborg: 24, 001:2996) and an
 * optional cap per case manager (about 10 per nurse, 001:2517). Both are warnings, never
 * blocks: the team decides. Pure: no I/O.
 */

/** Courses that occupy a place: accepted and awaiting the startup meeting, or active. */
export const CASELOAD_STATUSES = ['henvist', 'aktiv'] as const;
export type CaseloadStatus = (typeof CASELOAD_STATUSES)[number];

export function countsTowardCaseload(status: string): boolean {
	return (CASELOAD_STATUSES as readonly string[]).includes(status);
}

export interface CaseloadCaps {
	team: number;
	/** null = no per-member cap. */
	member: number | null;
}

export type CaseloadLevel = 'ok' | 'naer' | 'fuld' | 'over';

/** 'naer' from 90 % of the cap, so the team sees it coming. */
export function caseloadLevel(count: number, cap: number | null): CaseloadLevel {
	if (cap === null || cap <= 0) return 'ok';
	if (count > cap) return 'over';
	if (count === cap) return 'fuld';
	if (count >= Math.ceil(cap * 0.9)) return 'naer';
	return 'ok';
}

export interface CaseloadWarning {
	kind: 'team' | 'member';
	message: string;
}

/**
 * Warnings for adding one course to the team (and, when given, to one case manager).
 * `teamCount` and `memberCount` are the counts before the change.
 */
export function assignmentWarnings(input: {
	caps: CaseloadCaps;
	teamCount: number;
	memberCount?: number | null;
	memberName?: string;
}): CaseloadWarning[] {
	const out: CaseloadWarning[] = [];
	const { caps } = input;
	if (input.teamCount + 1 > caps.team) {
		out.push({
			kind: 'team',
			message: `Teamet har ${input.teamCount} forløb og loftet er ${caps.team}. Et nyt forløb giver ${input.teamCount + 1}.`
		});
	}
	if (
		caps.member !== null &&
		input.memberCount !== undefined &&
		input.memberCount !== null &&
		input.memberCount + 1 > caps.member
	) {
		out.push({
			kind: 'member',
			message: `${input.memberName ?? 'Kontaktpersonen'} har ${input.memberCount} borgere og loftet er ${caps.member}.`
		});
	}
	return out;
}

/** Whether an accepted referral should go on the waiting list. */
export function teamIsFull(teamCount: number, cap: number): boolean {
	return teamCount >= cap;
}

export interface CaseloadRow {
	status: string;
	caseManagerId: string | null;
	level: string;
}

export interface MemberCaseload {
	membershipId: string | null;
	total: number;
	byLevel: Record<string, number>;
	level: CaseloadLevel;
}

/**
 * Counts per case manager and per scaling level. Borgere without a case manager are one
 * row with membershipId null, so they are never silently left out.
 */
export function caseloadOverview(
	rows: readonly CaseloadRow[],
	caps: CaseloadCaps
): {
	team: { total: number; level: CaseloadLevel; byLevel: Record<string, number> };
	members: MemberCaseload[];
} {
	const counted = rows.filter((r) => countsTowardCaseload(r.status));
	const byLevel: Record<string, number> = {};
	const members = new Map<string | null, MemberCaseload>();
	for (const r of counted) {
		byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
		const m = members.get(r.caseManagerId) ?? {
			membershipId: r.caseManagerId,
			total: 0,
			byLevel: {},
			level: 'ok' as CaseloadLevel
		};
		m.total++;
		m.byLevel[r.level] = (m.byLevel[r.level] ?? 0) + 1;
		members.set(r.caseManagerId, m);
	}
	const list = [...members.values()].map((m) => ({
		...m,
		level: m.membershipId === null ? ('ok' as const) : caseloadLevel(m.total, caps.member)
	}));
	list.sort((a, b) => b.total - a.total);
	return {
		team: { total: counted.length, level: caseloadLevel(counted.length, caps.team), byLevel },
		members: list
	};
}
