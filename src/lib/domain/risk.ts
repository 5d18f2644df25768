/**
 * Risk categories, levels and the flags the board derives from a borger's risk
 * assessments and crisis plan (DOMAIN.md §5).
 *
 * Assessments are kept as full history; "current" always means the latest per category,
 * so a later "ingen" really does replace an earlier "høj". Categories are team
 * configuration: the list below is only the default.
 */
import { daysSince, toIsoDate, type DateInput, type IsoDate, type Tone } from './scaling';

export interface RiskCategory {
	key: string;
	label: string;
}

/** Default categories: the ones named in the seeds (DOMAIN.md §5.1). */
export const RISK_CATEGORIES: readonly RiskCategory[] = [
	{ key: 'selvmord', label: 'Selvmord' },
	{ key: 'selvskade', label: 'Selvskade' },
	{ key: 'overdosis', label: 'Overdosis' },
	{ key: 'psykose', label: 'Psykose / tilbagefald' },
	{ key: 'vold_mod_andre', label: 'Vold / trusler mod andre' },
	{ key: 'trusler_fra_andre', label: 'Trusler fra andre' },
	{ key: 'kriminalitet', label: 'Kriminalitet' },
	{ key: 'bolig', label: 'Hjemløshed / bolig' },
	{ key: 'oekonomi', label: 'Gæld / økonomi' },
	{ key: 'somatisk_helbred', label: 'Somatisk helbred' },
	{ key: 'social_isolation', label: 'Social isolation' },
	{ key: 'egenomsorg', label: 'Manglende egenomsorg' },
	{ key: 'rusmiddelbrug', label: 'Ændret rusmiddelbrug' },
	{ key: 'frafald', label: 'Udeblivelse / frafald' }
];

/** Ordered from lowest to highest; the index is the ordering. */
export const RISK_LEVELS = ['ingen', 'lav', 'moderat', 'hoej'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface RiskLevelInfo {
	label: string;
	/**
	 * Shown next to the colour so the level can be read without colour vision and in
	 * print; UIs must always render it.
	 */
	symbol: string;
	tone: Tone;
}

export const RISK_LEVEL_INFO: Record<RiskLevel, RiskLevelInfo> = {
	ingen: { label: 'Ingen', symbol: '–', tone: 'neutral' },
	lav: { label: 'Lav', symbol: 'L', tone: 'ok' },
	moderat: { label: 'Moderat', symbol: 'M', tone: 'warning' },
	hoej: { label: 'Høj', symbol: 'H', tone: 'critical' }
};

export function isRiskLevel(value: unknown): value is RiskLevel {
	return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value);
}

/** 0 for "ingen" up to 3 for "høj". */
export function riskRank(level: RiskLevel): number {
	return RISK_LEVELS.indexOf(level);
}

/** Sort comparator: negative when `a` is the lower risk. */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
	return riskRank(a) - riskRank(b);
}

export interface RiskAssessment {
	category: string;
	level: RiskLevel;
	/** Calendar date of the assessment ('YYYY-MM-DD'); an ISO timestamp with offset is accepted. */
	assessedAt: string;
	/** The date by which the assessment must be revisited, if one was set. */
	reviewBy?: string | null;
}

/**
 * The latest assessment per category, highest level first (ties by category key).
 * Two assessments of one category on the same day: the later one in the input wins,
 * as the history is stored in the order it was written.
 */
export function currentRisks(assessments: readonly RiskAssessment[]): RiskAssessment[] {
	const latest = new Map<string, { assessment: RiskAssessment; day: IsoDate }>();
	for (const assessment of assessments) {
		const day = toIsoDate(assessment.assessedAt);
		const previous = latest.get(assessment.category);
		if (!previous || day >= previous.day) latest.set(assessment.category, { assessment, day });
	}
	return [...latest.values()]
		.map((entry) => entry.assessment)
		.sort(
			(a, b) =>
				compareRiskLevels(b.level, a.level) ||
				(a.category < b.category ? -1 : a.category > b.category ? 1 : 0)
		);
}

/**
 * The highest current level, or null when nothing has been assessed. Null is not the
 * same as "ingen": an unassessed borger has an unknown risk.
 */
export function highestRisk(assessments: readonly RiskAssessment[]): RiskLevel | null {
	let highest: RiskLevel | null = null;
	for (const { level } of currentRisks(assessments)) {
		if (highest === null || riskRank(level) > riskRank(highest)) highest = level;
	}
	return highest;
}

// ---------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------

export type FlagSeverity = 'critical' | 'warning' | 'info';

/** Most severe first; used to order flags. */
export const FLAG_SEVERITIES = [
	'critical',
	'warning',
	'info'
] as const satisfies readonly FlagSeverity[];

export type RiskFlagKind =
	| 'high_risk'
	| 'risk_missing'
	| 'risk_stale'
	| 'review_overdue'
	| 'crisis_plan_missing'
	| 'crisis_plan_stale';

export interface Flag<Kind extends string = string> {
	kind: Kind;
	/** Danish text for the board. */
	label: string;
	severity: FlagSeverity;
}

export type RiskFlag = Flag<RiskFlagKind>;

export interface StaleAfterDays {
	/** A current assessment older than this is stale. */
	risk: number;
	/** A crisis plan last updated longer ago than this is stale. */
	crisisPlan: number;
}

export const DEFAULT_STALE_AFTER_DAYS: StaleAfterDays = { risk: 90, crisisPlan: 180 };

export interface RiskFlagInput {
	assessments: readonly RiskAssessment[];
	crisisPlanUpdatedAt: DateInput | null;
	/**
	 * True when a crisis plan is needed regardless of risk, e.g. because the borger is on
	 * the board (shared caseload). Moderate or high current risk always requires one.
	 */
	requiresCrisisPlan: boolean;
	today: DateInput;
	staleAfterDays?: Partial<StaleAfterDays>;
	/** The team's categories, for labels; defaults to RISK_CATEGORIES. */
	categories?: readonly RiskCategory[];
}

export function dayCount(days: number): string {
	return `${days} ${days === 1 ? 'dag' : 'dage'}`;
}

export function categoryLabel(
	key: string,
	categories: readonly RiskCategory[] = RISK_CATEGORIES
): string {
	return categories.find((category) => category.key === key)?.label ?? key;
}

export function severityRank(severity: FlagSeverity): number {
	return FLAG_SEVERITIES.indexOf(severity);
}

/** Stable order: most severe first, keeping the order of creation within one severity. */
export function sortFlags<F extends Flag>(flags: readonly F[]): F[] {
	return [...flags].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** Flags about risk and crisis plan, most severe first. */
export function riskFlags(input: RiskFlagInput): RiskFlag[] {
	const { assessments, crisisPlanUpdatedAt, requiresCrisisPlan, today } = input;
	const stale = { ...DEFAULT_STALE_AFTER_DAYS, ...input.staleAfterDays };
	const categories = input.categories ?? RISK_CATEGORIES;
	const labelOf = (assessment: RiskAssessment) => categoryLabel(assessment.category, categories);

	const flags: RiskFlag[] = [];
	const current = currentRisks(assessments);
	const highest = highestRisk(assessments);

	const high = current.filter((assessment) => assessment.level === 'hoej');
	if (high.length > 0) {
		flags.push({
			kind: 'high_risk',
			label: `Høj risiko: ${high.map(labelOf).join(', ')}`,
			severity: 'critical'
		});
	}

	if (current.length === 0) {
		flags.push({ kind: 'risk_missing', label: 'Ingen risikovurdering', severity: 'warning' });
	} else {
		// Staleness follows the oldest current category: one fresh suicide assessment does
		// not make a year-old violence assessment current.
		const oldest = Math.max(
			...current.map((assessment) => daysSince(assessment.assessedAt, today))
		);
		if (oldest > stale.risk) {
			flags.push({
				kind: 'risk_stale',
				label: `Risikovurdering ikke opdateret i ${dayCount(oldest)}`,
				severity: 'warning'
			});
		}
	}

	const reviewOverdue = current.filter(
		(assessment) => assessment.reviewBy != null && daysSince(assessment.reviewBy, today) > 0
	);
	if (reviewOverdue.length > 0) {
		flags.push({
			kind: 'review_overdue',
			label: `Revurdering overskredet: ${reviewOverdue.map(labelOf).join(', ')}`,
			severity: reviewOverdue.some((assessment) => assessment.level === 'hoej')
				? 'critical'
				: 'warning'
		});
	}

	// A plan that is not required is not nagged about when it ages: a stable borger with no
	// current risk should not collect warnings the team cannot act on.
	const riskRequiresPlan = highest !== null && riskRank(highest) >= riskRank('moderat');
	if (requiresCrisisPlan || riskRequiresPlan) {
		if (crisisPlanUpdatedAt === null) {
			flags.push({
				kind: 'crisis_plan_missing',
				label: 'Kriseplan mangler',
				// Without a plan, a high-risk borger has no agreed "who does what" (Plan B, 003:552).
				severity: highest === 'hoej' ? 'critical' : 'warning'
			});
		} else {
			const age = daysSince(crisisPlanUpdatedAt, today);
			if (age > stale.crisisPlan) {
				flags.push({
					kind: 'crisis_plan_stale',
					label: `Kriseplan ikke opdateret i ${dayCount(age)}`,
					severity: 'warning'
				});
			}
		}
	}

	return sortFlags(flags);
}
