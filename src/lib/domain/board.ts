/**
 * One tavle row: cadence, risk and flags combined, plus the board's sort order and filters.
 *
 * The sort follows DOMAIN.md §5.2 ("sort the highest-risk borgere first") and then the
 * cadence, so the meeting leader sees who is most at risk and who has waited longest.
 */
import type { ConsentFlagKind } from './consent';
import { initialsOf } from './professions';
import {
	highestRisk,
	riskFlags,
	riskRank,
	dayCount,
	sortFlags,
	type Flag,
	type RiskAssessment,
	type RiskCategory,
	type RiskFlagKind,
	type RiskLevel,
	type StaleAfterDays
} from './risk';
import {
	daysSince,
	direction,
	findLevel,
	nextDueDate,
	overdueDays,
	type DateInput,
	type IsoDate,
	type ScalingLevel
} from './scaling';

/** A scale-up stays visible on the board for this many days. */
export const RECENT_SCALE_UP_DAYS = 14;

export type BoardFlagKind =
	| RiskFlagKind
	| 'overdue'
	| 'recently_scaled_up'
	| ConsentFlagKind
	/** A scheduled outcome measurement is due (issue F, $lib/domain/measurements). */
	| 'measurement_due';
export type BoardFlag = Flag<BoardFlagKind>;

export interface BoardRowStatusInput {
	/** Key of the borger's current scaling level. */
	level: string;
	levels: readonly ScalingLevel[];
	lastDiscussed: DateInput | null;
	/** When the borger's current course started; the cadence counts from here until first discussed. */
	startDate: DateInput;
	assessments: readonly RiskAssessment[];
	crisisPlanUpdatedAt: DateInput | null;
	/** When the current level was set, or null if never scaled. */
	lastScaledAt: DateInput | null;
	/**
	 * The level before the last scaling event (null = first placement). Needed to tell a
	 * scale-up from a scale-down; required so callers cannot silently lose the flag.
	 */
	lastScaledFrom: string | null;
	today: DateInput;
	staleAfterDays?: Partial<StaleAfterDays>;
	categories?: readonly RiskCategory[];
}

export interface BoardRowStatus {
	level: ScalingLevel;
	nextDue: IsoDate | null;
	/** 0 when not overdue. */
	overdueDays: number;
	/** Null when never discussed. */
	daysSinceDiscussed: number | null;
	/** Null when nothing has been assessed (unknown, not "ingen"). */
	highestRisk: RiskLevel | null;
	/** Most severe first. */
	flags: BoardFlag[];
	/**
	 * The sort key (risk, overdue days, level) as one number, higher = earlier, for the
	 * agenda planner. Agrees with compareBoardRows except for the name tie-break.
	 */
	priority: number;
}

/** null (unassessed) sorts below "ingen"; the risk_missing flag makes it visible instead. */
function riskScore(level: RiskLevel | null): number {
	return level === null ? 0 : riskRank(level) + 1;
}

const MAX_OVERDUE_IN_PRIORITY = 99_999;
const MAX_LEVEL_POSITION = 999;

export function boardRowStatus(input: BoardRowStatusInput): BoardRowStatus {
	const { levels, today } = input;
	const level = findLevel(input.level, levels);
	if (!level) throw new RangeError(`Ukendt skaleringsniveau: ${input.level}`);

	const nextDue = nextDueDate(input.lastDiscussed, level, input.startDate);
	const overdue = overdueDays(nextDue, today);
	const daysSinceDiscussed =
		input.lastDiscussed === null ? null : daysSince(input.lastDiscussed, today);
	const highest = highestRisk(input.assessments);

	const flags: BoardFlag[] = [
		...riskFlags({
			assessments: input.assessments,
			crisisPlanUpdatedAt: input.crisisPlanUpdatedAt,
			// On the board = shared caseload, so everyone needs the same plan to act on.
			requiresCrisisPlan: level.onBoard,
			today,
			staleAfterDays: input.staleAfterDays,
			categories: input.categories
		})
	];

	if (overdue > 0) {
		flags.push({
			kind: 'overdue',
			label: `Overskredet med ${dayCount(overdue)}`,
			severity: 'warning'
		});
	}

	if (input.lastScaledAt !== null && direction(input.lastScaledFrom, level.key, levels) === 'up') {
		const since = daysSince(input.lastScaledAt, today);
		if (since >= 0 && since <= RECENT_SCALE_UP_DAYS) {
			flags.push({
				kind: 'recently_scaled_up',
				label: since === 0 ? 'Opskaleret i dag' : `Opskaleret for ${dayCount(since)} siden`,
				severity: 'info'
			});
		}
	}

	// Position among the team's levels rather than the raw rank, so any rank values fit.
	const levelPosition = levels.filter((other) => other.rank < level.rank).length;
	const priority =
		riskScore(highest) * 1e9 +
		Math.min(overdue, MAX_OVERDUE_IN_PRIORITY) * 1e3 +
		Math.min(levelPosition, MAX_LEVEL_POSITION);

	return {
		level,
		nextDue,
		overdueDays: overdue,
		daysSinceDiscussed,
		highestRisk: highest,
		flags: sortFlags(flags),
		priority
	};
}

// ---------------------------------------------------------------------------------------
// Rows, sorting and filtering
// ---------------------------------------------------------------------------------------

/** The minimum a tavle row needs besides its status. */
export interface BoardRowInput {
	id: string;
	name: string;
	/** Shown instead of the name where space or privacy calls for it; derived from the name if absent. */
	initials?: string | null;
	caseManagerId: string | null;
}

export interface BoardRow extends BoardRowInput {
	status: BoardRowStatus;
}

const danish = new Intl.Collator('da');

/** Highest risk first, then most overdue, then most intensive level, then name (Danish order). */
export function compareBoardRows(a: BoardRow, b: BoardRow): number {
	return (
		riskScore(b.status.highestRisk) - riskScore(a.status.highestRisk) ||
		b.status.overdueDays - a.status.overdueDays ||
		b.status.level.rank - a.status.level.rank ||
		danish.compare(a.name, b.name) ||
		// Same name: keep the order stable across renders.
		(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

export interface BoardFilter {
	caseManagerId?: string | null;
	/** Keep only these levels; empty or absent = all levels. */
	levelKeys?: readonly string[];
	/** Keep rows at or above this risk. Unassessed rows are kept only for "ingen" (no filter). */
	minRisk?: RiskLevel | null;
	overdueOnly?: boolean;
	/** Matched against name and initials, case-insensitively (æ, ø, å included). */
	query?: string | null;
}

function normalise(text: string): string {
	// NFC first: "å" typed on some systems arrives as "a" + combining ring.
	return text.normalize('NFC').toLocaleLowerCase('da-DK');
}

export function filterBoardRows<T extends BoardRow>(rows: readonly T[], filter: BoardFilter): T[] {
	const query = normalise(filter.query?.trim() ?? '');
	const levelKeys =
		filter.levelKeys && filter.levelKeys.length > 0 ? new Set(filter.levelKeys) : null;
	const minRisk = filter.minRisk && filter.minRisk !== 'ingen' ? riskScore(filter.minRisk) : null;

	return rows.filter((row) => {
		if (filter.caseManagerId != null && row.caseManagerId !== filter.caseManagerId) return false;
		if (levelKeys && !levelKeys.has(row.status.level.key)) return false;
		if (minRisk !== null && riskScore(row.status.highestRisk) < minRisk) return false;
		if (filter.overdueOnly && row.status.overdueDays <= 0) return false;
		if (query !== '') {
			const initials = row.initials?.trim() || initialsOf(row.name);
			if (!normalise(row.name).includes(query) && !normalise(initials).includes(query)) {
				return false;
			}
		}
		return true;
	});
}
