/**
 * Score aggregation for a fidelity scale: per section, per dimension (quality /
 * organisation, 001:3283) and overall, and the certification level the overall score
 * reaches. Pure: scores come in as a map item key → score (null = not scored / not
 * applicable, which leaves the item out of the averages instead of counting as zero).
 */
import type {
	Dimension,
	FidelityScale,
	FidelitySection,
	FidelityThreshold
} from '$lib/schemas/fidelity';

export type ScoreMap = Readonly<Record<string, number | null | undefined>>;

export interface SectionScore {
	key: string;
	title: string;
	dimension: Dimension;
	/** Weighted mean of the scored items, rounded to 2 decimals; null when none is scored. */
	score: number | null;
	scored: number;
	total: number;
}

export interface ScaleScore {
	sections: SectionScore[];
	dimensions: Record<Dimension, number | null>;
	overall: number | null;
	scored: number;
	total: number;
	level: FidelityThreshold | null;
}

const weightOf = (w: number | undefined) => w ?? 1;

export function round2(n: number): number {
	return Math.round(n * 100) / 100;
}

interface Acc {
	sum: number;
	weight: number;
}

function add(acc: Acc, score: number, weight: number) {
	acc.sum += score * weight;
	acc.weight += weight;
}

const mean = (acc: Acc) => (acc.weight > 0 ? round2(acc.sum / acc.weight) : null);

/** The lowest and highest anchor score of an item; a score outside is refused. */
export function anchorRange(scale: FidelityScale, itemKey: string): [number, number] | null {
	for (const s of scale.sections) {
		const item = s.items.find((i) => i.key === itemKey);
		if (item) {
			const scores = item.anchors.map((a) => a.score);
			return [Math.min(...scores), Math.max(...scores)];
		}
	}
	return null;
}

function isScore(v: number | null | undefined): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

export function scoreSection(section: FidelitySection, scores: ScoreMap): SectionScore {
	const acc: Acc = { sum: 0, weight: 0 };
	let scored = 0;
	for (const item of section.items) {
		const v = scores[item.key];
		if (!isScore(v)) continue;
		scored++;
		add(acc, v, weightOf(item.weight));
	}
	return {
		key: section.key,
		title: section.title,
		dimension: section.dimension,
		score: mean(acc),
		scored,
		total: section.items.length
	};
}

/**
 * The overall score is the weighted mean over all scored items (not the mean of the
 * section means), so a section with many items weighs as much as its items do, which is
 * how item weights are meant to be read.
 */
export function scoreScale(scale: FidelityScale, scores: ScoreMap): ScaleScore {
	const overall: Acc = { sum: 0, weight: 0 };
	const dims: Record<Dimension, Acc> = {
		kvalitet: { sum: 0, weight: 0 },
		organisering: { sum: 0, weight: 0 }
	};
	let scored = 0;
	let total = 0;
	for (const section of scale.sections) {
		for (const item of section.items) {
			total++;
			const v = scores[item.key];
			if (!isScore(v)) continue;
			scored++;
			add(overall, v, weightOf(item.weight));
			add(dims[section.dimension], v, weightOf(item.weight));
		}
	}
	const overallScore = mean(overall);
	return {
		sections: scale.sections.map((s) => scoreSection(s, scores)),
		dimensions: { kvalitet: mean(dims.kvalitet), organisering: mean(dims.organisering) },
		overall: overallScore,
		scored,
		total,
		level: overallScore === null ? null : certificationLevel(scale.thresholds, overallScore)
	};
}

/** The highest threshold the score reaches; null below the lowest one. */
export function certificationLevel(
	thresholds: readonly FidelityThreshold[],
	score: number
): FidelityThreshold | null {
	let best: FidelityThreshold | null = null;
	for (const t of thresholds) {
		if (score >= t.minScore && (!best || t.minScore > best.minScore)) best = t;
	}
	return best;
}

export interface Disagreement {
	itemKey: string;
	scores: { auditor: string; score: number | null }[];
	spread: number;
	/** Suggested agreed score: the rounded median of the auditors' scores. */
	suggestion: number | null;
}

/**
 * Items where auditors disagree by at least `minSpread` points, or where some scored and
 * others did not. Used by the reconciliation view; sorted by largest spread first.
 */
export function disagreements(
	scale: FidelityScale,
	byAuditor: Readonly<Record<string, ScoreMap>>,
	minSpread = 1
): Disagreement[] {
	const auditors = Object.keys(byAuditor);
	const out: Disagreement[] = [];
	for (const section of scale.sections) {
		for (const item of section.items) {
			const scores = auditors.map((a) => ({
				auditor: a,
				score: isScore(byAuditor[a]![item.key]) ? (byAuditor[a]![item.key] as number) : null
			}));
			const values = scores.map((s) => s.score).filter(isScore);
			if (values.length === 0) continue;
			const spread = Math.max(...values) - Math.min(...values);
			const missing = values.length < auditors.length;
			if (spread >= minSpread || missing) {
				out.push({ itemKey: item.key, scores, spread, suggestion: median(values) });
			}
		}
	}
	return out.sort((a, b) => b.spread - a.spread);
}

/** Median rounded to a whole score (halves round up); null for no values. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
	return Math.round(m);
}

/** Progress of a self-evaluation per section: how many items have a score. */
export function progress(
	scale: FidelityScale,
	scores: ScoreMap
): { key: string; title: string; scored: number; total: number }[] {
	return scale.sections.map((s) => ({
		key: s.key,
		title: s.title,
		scored: s.items.filter((i) => isScore(scores[i.key])).length,
		total: s.items.length
	}));
}
