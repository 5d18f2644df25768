import { describe, expect, it } from 'vitest';
import { fidelityScaleSchema, type FidelityScale } from '$lib/schemas/fidelity';
import {
	anchorRange,
	certificationLevel,
	disagreements,
	median,
	progress,
	scoreScale,
	scoreSection
} from './scoring';
import { DEFAULT_SCALE, DEFAULT_THRESHOLDS } from './template';
import { exportScaleJson, itemKeys, parseScaleJson } from './io';

const anchors = [1, 2, 3, 4, 5].map((score) => ({ score, label: `niveau ${score}` }));
const scale: FidelityScale = {
	format: 'tavla.fidelity-scale/1',
	key: 'test',
	version: '1',
	name: 'Test',
	thresholds: DEFAULT_THRESHOLDS,
	sections: [
		{
			key: 'a',
			title: 'A',
			dimension: 'organisering',
			items: [
				{ key: 'a1', text: 'A1', anchors, evidence: [] },
				{ key: 'a2', text: 'A2', anchors, evidence: [], weight: 3 }
			]
		},
		{
			key: 'b',
			title: 'B',
			dimension: 'kvalitet',
			items: [{ key: 'b1', text: 'B1', anchors, evidence: ['cadence'] }]
		}
	]
};

describe('scoring', () => {
	it('weights items in a section and leaves unscored items out', () => {
		expect(scoreSection(scale.sections[0]!, { a1: 1, a2: 5 })).toMatchObject({
			score: 4,
			scored: 2,
			total: 2
		});
		expect(scoreSection(scale.sections[0]!, { a1: 2, a2: null })).toMatchObject({
			score: 2,
			scored: 1
		});
		expect(scoreSection(scale.sections[0]!, {}).score).toBeNull();
	});

	it('overall is the weighted mean over all items, with dimensions and level', () => {
		const r = scoreScale(scale, { a1: 1, a2: 5, b1: 2 });
		// (1 + 15 + 2) / 5 = 3.6
		expect(r.overall).toBe(3.6);
		expect(r.dimensions).toEqual({ organisering: 4, kvalitet: 2 });
		expect(r.level?.key).toBe('certificeret');
		expect(r.scored).toBe(3);
		expect(r.total).toBe(3);
	});

	it('has no overall score and no level when nothing is scored', () => {
		const r = scoreScale(scale, {});
		expect(r.overall).toBeNull();
		expect(r.level).toBeNull();
	});

	it('picks the highest threshold reached, at the boundary too', () => {
		expect(certificationLevel(DEFAULT_THRESHOLDS, 2.99)?.key).toBe('ikke_endnu');
		expect(certificationLevel(DEFAULT_THRESHOLDS, 3)?.key).toBe('foreloebig');
		expect(certificationLevel(DEFAULT_THRESHOLDS, 3.5)?.key).toBe('certificeret');
		expect(certificationLevel(DEFAULT_THRESHOLDS, 4.2)?.key).toBe('optimal');
		expect(certificationLevel([{ key: 'x', label: 'X', minScore: 2 }], 1)).toBeNull();
	});

	it('lists disagreements between auditors, largest spread first', () => {
		const d = disagreements(scale, {
			anne: { a1: 1, a2: 4, b1: 3 },
			bo: { a1: 4, a2: 4 }
		});
		expect(d.map((x) => x.itemKey)).toEqual(['a1', 'b1']);
		expect(d[0]).toMatchObject({ spread: 3, suggestion: 3 });
		expect(d[1]).toMatchObject({ spread: 0, suggestion: 3 });
	});

	it('median rounds to a whole score', () => {
		expect(median([])).toBeNull();
		expect(median([2, 5, 3])).toBe(3);
		expect(median([2, 3])).toBe(3);
	});

	it('progress per section and anchor ranges', () => {
		expect(progress(scale, { a1: 3 })).toEqual([
			{ key: 'a', title: 'A', scored: 1, total: 2 },
			{ key: 'b', title: 'B', scored: 0, total: 1 }
		]);
		expect(anchorRange(scale, 'a2')).toEqual([1, 5]);
		expect(anchorRange(scale, 'nope')).toBeNull();
	});
});

describe('default template and JSON', () => {
	it('the shipped 3CP template is valid, has 8 focus areas and evidence links', () => {
		const parsed = fidelityScaleSchema.parse(DEFAULT_SCALE);
		expect(parsed.sections).toHaveLength(8);
		const evidence = new Set(parsed.sections.flatMap((s) => s.items.flatMap((i) => i.evidence)));
		expect(evidence.has('cadence')).toBe(true);
		expect(evidence.has('crisis_plans')).toBe(true);
		expect(new Set(itemKeys(parsed)).size).toBe(itemKeys(parsed).length);
	});

	it('export and import round-trip', () => {
		const r = parseScaleJson(exportScaleJson(DEFAULT_SCALE));
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.scale).toEqual(DEFAULT_SCALE);
	});

	it('refuses broken JSON, foreign files and duplicate keys with Danish messages', () => {
		expect(parseScaleJson('{')).toEqual({ ok: false, errors: ['Filen er ikke gyldig JSON.'] });
		expect(parseScaleJson('{"name":"x"}').ok).toBe(false);
		const dup = structuredClone(scale);
		dup.sections[1]!.items[0]!.key = 'a1';
		const r = parseScaleJson(JSON.stringify(dup));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join(' ')).toContain('findes to gange');
	});

	it('refuses thresholds out of order and anchors with the same score', () => {
		const bad = structuredClone(scale);
		bad.thresholds = [
			{ key: 'a', label: 'A', minScore: 3 },
			{ key: 'b', label: 'B', minScore: 2 }
		];
		expect(fidelityScaleSchema.safeParse(bad).success).toBe(false);
		const bad2 = structuredClone(scale);
		bad2.sections[0]!.items[0]!.anchors = [
			{ score: 1, label: 'x' },
			{ score: 1, label: 'y' }
		];
		expect(fidelityScaleSchema.safeParse(bad2).success).toBe(false);
	});
});

describe('display', async () => {
	const { formatIndicator, formatScore } = await import('./format');
	it('formats scores and indicator values in Danish', () => {
		expect(formatScore(3.5)).toBe('3,5');
		expect(formatScore(null)).toBe('–');
		expect(
			formatIndicator({
				key: 'tasks',
				value: 0.67,
				unit: 'ratio',
				numerator: 2,
				denominator: 3,
				recordIds: []
			})
		).toBe('67 % (2 af 3)');
		expect(
			formatIndicator({ key: 'caseload', value: 1.5, unit: 'per_person', recordIds: [] })
		).toBe('1,5 borgere pr. case manager');
		expect(formatIndicator({ key: 'cadence', value: null, unit: 'ratio', recordIds: [] })).toBe(
			'Ingen data i perioden'
		);
	});
});
