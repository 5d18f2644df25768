import { sql } from 'kysely';
import { boardRowStatus, compareBoardRows, type BoardRowStatus } from '$lib/domain/board';
import { sortFlags } from '$lib/domain/risk';
import { currentRisks, type RiskAssessment } from '$lib/domain/risk';
import { toIsoDate } from '$lib/domain/scaling';
import { type TeamSettings } from '$lib/schemas/team-settings';
import type { Executor } from '../db';
import { ITEM_SECTION, type ItemKind } from '$lib/schemas/borger';
import type { TeamRole } from '$lib/domain/permissions';
import type { SectionKey } from '$lib/domain/sections';
import { consentFlag, type ConsentState } from '$lib/domain/consent';
import { resolveTeamScopes } from '../access/borger';
import { measurementFlag } from '$lib/domain/measurements';
import { dueMeasurementsByBorger } from '../pathway/measurements';
import { teamSettings } from '../team-settings';

/**
 * The tavle: one row per borger on the team's caseload, with a compact summary of every
 * section. A fixed number of queries whatever the team size (no N+1): borgere, current
 * risks, and the open list items, composed in memory.
 */

export interface BoardSummary {
	network: { total: number; resources: number; strains: number; mayInvolve: number };
	substances: { names: string[]; goal: string | null };
	legal: { total: number; nextDate: string | null };
	goals: { active: number; reached: number; first: string | null; nextFollowUp: string | null };
	services: { total: number; providers: string[] };
	safety: { measures: number; staffSafety: boolean };
	agreements: { open: number; overdue: number };
	risks: { category: string; level: RiskAssessment['level'] }[];
	crisisPlanUpdatedOn: string | null;
}

export interface BoardRowView {
	id: string;
	name: string;
	initials: string;
	birthYear: number | null;
	caseStatus: 'henvist' | 'venter' | 'aktiv' | 'afsluttet';
	caseManagerId: string | null;
	caseManagerName: string | null;
	caseManagerInitials: string | null;
	lastDiscussedOn: string | null;
	lastScaledAt: Date | null;
	staffSafety: string | null;
	board: BoardRowStatus;
	summary: BoardSummary;
	/** The team's consent state and the sections this viewer may see (issue E). */
	consent: { state: ConsentState; sections: SectionKey[] };
}

/** Who looks at the board: their consent scope narrows every row, and is logged. */
export interface BoardViewer {
	userId: string;
	name: string;
	role: TeamRole;
}

const RISK_FLAGS = new Set(['high_risk', 'risk_missing', 'risk_stale', 'review_overdue']);
const CRISIS_FLAGS = new Set(['crisis_plan_missing', 'crisis_plan_stale']);

export interface Board {
	today: string;
	settings: TeamSettings;
	rows: BoardRowView[];
}

type ItemRow = { borger_id: string; kind: string; data: Record<string, unknown> };

function str(v: unknown): string | null {
	return typeof v === 'string' && v.length > 0 ? v : null;
}

function summarise(
	items: ItemRow[],
	risks: RiskAssessment[],
	crisisPlanUpdatedOn: string | null,
	today: string
): BoardSummary {
	const s: BoardSummary = {
		network: { total: 0, resources: 0, strains: 0, mayInvolve: 0 },
		substances: { names: [], goal: null },
		legal: { total: 0, nextDate: null },
		goals: { active: 0, reached: 0, first: null, nextFollowUp: null },
		services: { total: 0, providers: [] },
		safety: { measures: 0, staffSafety: false },
		agreements: { open: 0, overdue: 0 },
		risks: currentRisks(risks).map((r) => ({ category: r.category, level: r.level })),
		crisisPlanUpdatedOn
	};
	const minDate = (a: string | null, b: string | null) => (!a ? b : !b ? a : a < b ? a : b);
	for (const { kind, data } of items) {
		switch (kind) {
			case 'netvaerk':
				s.network.total++;
				if (data.role === 'ressource' || data.role === 'begge') s.network.resources++;
				if (data.role === 'belastning' || data.role === 'begge') s.network.strains++;
				if (data.mayInvolve === true) s.network.mayInvolve++;
				break;
			case 'misbrug':
				if (str(data.substance)) s.substances.names.push(data.substance as string);
				s.substances.goal ??= str(data.goal);
				break;
			case 'retslige': {
				s.legal.total++;
				const d = str(data.date);
				if (d && d >= today) s.legal.nextDate = minDate(s.legal.nextDate, d);
				break;
			}
			case 'maal':
				if (data.status === 'naaet') s.goals.reached++;
				else if (data.status !== 'opgivet') {
					s.goals.active++;
					s.goals.first ??= str(data.text);
					s.goals.nextFollowUp = minDate(s.goals.nextFollowUp, str(data.followUpOn));
				}
				break;
			case 'indsatser': {
				const end = str(data.endDate);
				if (end && end < today) break;
				s.services.total++;
				if (str(data.provider)) s.services.providers.push(data.provider as string);
				break;
			}
			case 'sikkerhed': {
				const until = str(data.validUntil);
				if (until && until < today) break;
				s.safety.measures++;
				if (data.staffSafety === true) s.safety.staffSafety = true;
				break;
			}
			case 'aftaler':
				if (data.status === 'aaben') {
					s.agreements.open++;
					const due = str(data.dueOn);
					if (due && due < today) s.agreements.overdue++;
				}
				break;
		}
	}
	return s;
}

/**
 * Without a viewer (benchmarks, scripts) the board is computed as the full inner-wheel
 * view and not logged; every request path passes the viewer.
 */
export async function loadBoard(
	db: Executor,
	teamId: string,
	now = new Date(),
	viewer?: BoardViewer
): Promise<Board> {
	const today = toIsoDate(now);
	const [settings, borgere, risks, items] = await Promise.all([
		teamSettings(db, teamId),
		db
			.selectFrom('borger as b')
			.leftJoin('membership as m', 'm.id', 'b.case_manager_id')
			.leftJoin('app_user as u', 'u.id', 'm.user_id')
			.select([
				'b.id',
				'b.name',
				'b.initials',
				'b.birth_year',
				'b.status',
				'b.case_manager_id',
				'u.name as cm_name',
				'u.initials as cm_initials',
				'b.start_date',
				'b.scaling_level',
				'b.last_scaled_at',
				'b.last_scaled_from',
				'b.last_discussed_on',
				'b.crisis_plan_updated_at',
				'b.staff_safety'
			])
			.where('b.team_id', '=', teamId)
			.where('b.status', '!=', 'afsluttet')
			.execute(),
		// Latest assessment per borger and category.
		db
			.selectFrom('risk_assessment as r')
			.innerJoin('borger as b', 'b.id', 'r.borger_id')
			.select(['r.borger_id', 'r.category', 'r.level', 'r.assessed_on', 'r.review_by'])
			.distinctOn(['r.borger_id', 'r.category'])
			.where('b.team_id', '=', teamId)
			.where('b.status', '!=', 'afsluttet')
			.orderBy('r.borger_id')
			.orderBy('r.category')
			.orderBy('r.assessed_on', 'desc')
			.orderBy('r.created_at', 'desc')
			// Deterministic on both databases when two assessments tie.
			.orderBy('r.id', 'desc')
			.execute(),
		db
			.selectFrom('borger_item as i')
			.innerJoin('borger as b', 'b.id', 'i.borger_id')
			.select(['i.borger_id', 'i.kind', 'i.data'])
			.where('b.team_id', '=', teamId)
			.where('b.status', '!=', 'afsluttet')
			.where('i.deleted_at', 'is', null)
			.orderBy('i.borger_id')
			.orderBy('i.kind')
			.orderBy('i.position')
			.execute()
	]);
	// Due outcome measurements (issue F) show as a flag on the row.
	const dueMeasurements = await dueMeasurementsByBorger(db, teamId, settings, now);
	const scopes = await resolveTeamScopes(
		db,
		viewer ?? { userId: '', name: 'system', role: 'teamleder' },
		teamId,
		borgere.map((b) => b.id),
		{ now, log: viewer !== undefined, feature: 'tavle', coalesce: true }
	);

	const risksBy = new Map<string, RiskAssessment[]>();
	for (const r of risks) {
		const list = risksBy.get(r.borger_id) ?? [];
		list.push({
			category: r.category,
			level: r.level,
			assessedAt: r.assessed_on,
			reviewBy: r.review_by
		});
		risksBy.set(r.borger_id, list);
	}
	const itemsBy = new Map<string, ItemRow[]>();
	for (const i of items) {
		const list = itemsBy.get(i.borger_id) ?? [];
		list.push(i);
		itemsBy.set(i.borger_id, list);
	}

	const rows: BoardRowView[] = borgere.map((b) => {
		const scope = scopes.get(b.id)!;
		const sees = (s: SectionKey) => scope.read.has(s);
		// Out of consent scope = not loaded into the row at all (also not into flags).
		const assessments = sees('risiko') ? (risksBy.get(b.id) ?? []) : [];
		const crisisPlanUpdatedOn =
			sees('kriseplan') && b.crisis_plan_updated_at ? toIsoDate(b.crisis_plan_updated_at) : null;
		const board = boardRowStatus({
			level: settings.scalingLevels.some((l) => l.key === b.scaling_level)
				? b.scaling_level
				: settings.scalingLevels[0]!.key,
			levels: settings.scalingLevels,
			lastDiscussed: b.last_discussed_on,
			startDate: b.start_date,
			assessments,
			crisisPlanUpdatedAt: crisisPlanUpdatedOn,
			lastScaledAt: b.last_scaled_at,
			lastScaledFrom: b.last_scaled_from,
			today,
			staleAfterDays: settings.staleAfterDays,
			categories: settings.riskCategories
		});
		return {
			id: b.id,
			name: b.name,
			initials: b.initials,
			birthYear: b.birth_year,
			caseStatus: b.status,
			caseManagerId: b.case_manager_id,
			caseManagerName: b.cm_name,
			caseManagerInitials: b.cm_initials,
			lastDiscussedOn: b.last_discussed_on,
			lastScaledAt: b.last_scaled_at,
			staffSafety: b.staff_safety,
			board: {
				...board,
				flags: sortFlags([
					...board.flags.filter(
						(f) =>
							!(RISK_FLAGS.has(f.kind) && !sees('risiko')) &&
							!(CRISIS_FLAGS.has(f.kind) && !sees('kriseplan'))
					),
					...[consentFlag(scope.state, scope.until)].filter((f) => f !== null),
					...[measurementFlag(dueMeasurements.get(b.id))].filter((f) => f !== null)
				])
			},
			summary: summarise(
				(itemsBy.get(b.id) ?? []).filter((i) => sees(ITEM_SECTION[i.kind as ItemKind])),
				assessments,
				crisisPlanUpdatedOn,
				today
			),
			consent: { state: scope.state, sections: [...scope.read.keys()] }
		};
	});
	rows.sort((a, b) =>
		compareBoardRows(
			{ id: a.id, name: a.name, caseManagerId: a.caseManagerId, status: a.board },
			{ id: b.id, name: b.name, caseManagerId: b.caseManagerId, status: b.board }
		)
	);
	return { today, settings, rows };
}

/** Closed courses, for the archive list (read-only records). */
export async function listClosed(db: Executor, teamId: string) {
	return db
		.selectFrom('borger')
		.select([
			'id',
			'name',
			'initials',
			'closed_at',
			'closed_reason',
			sql<string>`start_date`.as('start_date')
		])
		.where('team_id', '=', teamId)
		.where('status', '=', 'afsluttet')
		.orderBy('closed_at', 'desc')
		.execute();
}
