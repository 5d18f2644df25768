import { describe, expect, it } from 'vitest';
import {
	DEFAULT_STALE_AFTER_DAYS,
	RISK_CATEGORIES,
	RISK_LEVELS,
	RISK_LEVEL_INFO,
	categoryLabel,
	compareRiskLevels,
	currentRisks,
	highestRisk,
	isRiskLevel,
	riskFlags,
	riskRank,
	type RiskAssessment,
	type RiskFlagInput,
	type RiskFlagKind,
	type RiskLevel
} from './risk';

const a = (
	category: string,
	level: RiskLevel,
	assessedAt: string,
	reviewBy?: string | null
): RiskAssessment => ({ category, level, assessedAt, reviewBy });

describe('RISK_CATEGORIES', () => {
	it('has the fourteen seed categories with unique, storable keys', () => {
		expect(RISK_CATEGORIES).toHaveLength(14);
		const keys = RISK_CATEGORIES.map((c) => c.key);
		expect(new Set(keys).size).toBe(14);
		for (const key of keys) expect(key).toMatch(/^[a-z0-9_]+$/);
	});

	it.each([
		['selvmord', 'Selvmord'],
		['selvskade', 'Selvskade'],
		['overdosis', 'Overdosis'],
		['psykose', 'Psykose / tilbagefald'],
		['vold_mod_andre', 'Vold / trusler mod andre'],
		['trusler_fra_andre', 'Trusler fra andre'],
		['kriminalitet', 'Kriminalitet'],
		['bolig', 'Hjemløshed / bolig'],
		['oekonomi', 'Gæld / økonomi'],
		['somatisk_helbred', 'Somatisk helbred'],
		['social_isolation', 'Social isolation'],
		['egenomsorg', 'Manglende egenomsorg'],
		['rusmiddelbrug', 'Ændret rusmiddelbrug'],
		['frafald', 'Udeblivelse / frafald']
	])('%s is labelled %s', (key, label) => {
		expect(categoryLabel(key)).toBe(label);
	});

	it('falls back to the key for a category the list does not know', () => {
		expect(categoryLabel('ukendt')).toBe('ukendt');
		expect(categoryLabel('x', [{ key: 'x', label: 'Egen kategori' }])).toBe('Egen kategori');
	});
});

describe('risk levels', () => {
	it.each([
		['ingen', 0, 'Ingen', '–'],
		['lav', 1, 'Lav', 'L'],
		['moderat', 2, 'Moderat', 'M'],
		['hoej', 3, 'Høj', 'H']
	] as const)('%s has rank %i, label %s and symbol %s', (level, rank, label, symbol) => {
		expect(riskRank(level)).toBe(rank);
		expect(RISK_LEVEL_INFO[level].label).toBe(label);
		expect(RISK_LEVEL_INFO[level].symbol).toBe(symbol);
	});

	it('gives every level a distinct symbol, so colour is never the only cue', () => {
		const symbols = RISK_LEVELS.map((level) => RISK_LEVEL_INFO[level].symbol);
		expect(new Set(symbols).size).toBe(RISK_LEVELS.length);
		for (const symbol of symbols) expect(symbol.trim()).not.toBe('');
	});

	it('sorts with compareRiskLevels', () => {
		const shuffled: RiskLevel[] = ['moderat', 'hoej', 'ingen', 'lav'];
		expect(shuffled.sort(compareRiskLevels)).toEqual(['ingen', 'lav', 'moderat', 'hoej']);
	});

	it.each([
		['hoej', true],
		['ingen', true],
		['høj', false],
		['HOEJ', false],
		[2, false],
		[null, false]
	])('isRiskLevel(%j) is %s', (value, expected) => {
		expect(isRiskLevel(value)).toBe(expected);
	});
});

describe('currentRisks', () => {
	it.each<[string, RiskAssessment[], Array<[string, RiskLevel]>]>([
		['nothing assessed', [], []],
		[
			'a later lower level replaces an earlier high one',
			[a('selvmord', 'hoej', '2024-01-10'), a('selvmord', 'ingen', '2024-02-10')],
			[['selvmord', 'ingen']]
		],
		[
			'input order does not matter across days',
			[a('selvmord', 'ingen', '2024-02-10'), a('selvmord', 'hoej', '2024-01-10')],
			[['selvmord', 'ingen']]
		],
		[
			'same day: the later entry wins',
			[a('selvmord', 'lav', '2024-02-10'), a('selvmord', 'moderat', '2024-02-10')],
			[['selvmord', 'moderat']]
		],
		[
			'one per category, highest first, ties by key',
			[
				a('overdosis', 'lav', '2024-02-01'),
				a('selvmord', 'moderat', '2024-02-01'),
				a('bolig', 'moderat', '2024-02-01'),
				a('frafald', 'hoej', '2024-01-01'),
				a('overdosis', 'moderat', '2024-01-01')
			],
			[
				['frafald', 'hoej'],
				['bolig', 'moderat'],
				['selvmord', 'moderat'],
				['overdosis', 'lav']
			]
		],
		[
			'timestamps are compared as Copenhagen days',
			[a('selvmord', 'hoej', '2024-06-30T22:30:00Z'), a('selvmord', 'lav', '2024-06-30')],
			[['selvmord', 'hoej']]
		]
	])('%s', (_, input, expected) => {
		expect(currentRisks(input).map((r) => [r.category, r.level])).toEqual(expected);
	});

	it('rejects an invalid assessment date', () => {
		expect(() => currentRisks([a('selvmord', 'lav', '2024-02-31')])).toThrow(RangeError);
	});
});

describe('highestRisk', () => {
	it.each<[string, RiskAssessment[], RiskLevel | null]>([
		['null when nothing is assessed', [], null],
		['ingen is a real answer, not null', [a('selvmord', 'ingen', '2024-01-01')], 'ingen'],
		[
			'highest across categories',
			[a('selvmord', 'lav', '2024-01-01'), a('bolig', 'moderat', '2024-01-01')],
			'moderat'
		],
		[
			'only current assessments count',
			[a('selvmord', 'hoej', '2024-01-01'), a('selvmord', 'lav', '2024-03-01')],
			'lav'
		]
	])('%s', (_, input, expected) => {
		expect(highestRisk(input)).toBe(expected);
	});
});

describe('riskFlags', () => {
	const today = '2024-06-01';
	const base: RiskFlagInput = {
		assessments: [a('selvmord', 'lav', '2024-05-01')],
		crisisPlanUpdatedAt: '2024-05-01',
		requiresCrisisPlan: false,
		today
	};
	const kinds = (input: Partial<RiskFlagInput>): RiskFlagKind[] =>
		riskFlags({ ...base, ...input }).map((flag) => flag.kind);

	it.each<[string, Partial<RiskFlagInput>, RiskFlagKind[]]>([
		['fresh, low risk: no flags', {}, []],
		['nothing assessed', { assessments: [] }, ['risk_missing']],
		[
			'nothing assessed but on the board without a plan',
			{ assessments: [], requiresCrisisPlan: true, crisisPlanUpdatedAt: null },
			['risk_missing', 'crisis_plan_missing']
		],
		[
			'high risk with a fresh plan',
			{ assessments: [a('selvmord', 'hoej', '2024-05-20')] },
			['high_risk']
		],
		[
			'high risk without a plan',
			{ assessments: [a('selvmord', 'hoej', '2024-05-20')], crisisPlanUpdatedAt: null },
			['high_risk', 'crisis_plan_missing']
		],
		[
			'moderate risk requires a plan',
			{ assessments: [a('bolig', 'moderat', '2024-05-20')], crisisPlanUpdatedAt: null },
			['crisis_plan_missing']
		],
		[
			'low risk off the board needs no plan',
			{ assessments: [a('bolig', 'lav', '2024-05-20')], crisisPlanUpdatedAt: null },
			[]
		],
		[
			'low risk on the board needs a plan',
			{ crisisPlanUpdatedAt: null, requiresCrisisPlan: true },
			['crisis_plan_missing']
		],
		[
			'risk assessed exactly 90 days ago is not stale yet',
			{ assessments: [a('selvmord', 'lav', '2024-03-03')] },
			[]
		],
		[
			'risk assessed 91 days ago is stale',
			{ assessments: [a('selvmord', 'lav', '2024-03-02')] },
			['risk_stale']
		],
		[
			'one old category makes the assessment stale',
			{
				assessments: [a('selvmord', 'lav', '2024-05-30'), a('vold_mod_andre', 'lav', '2023-06-01')]
			},
			['risk_stale']
		],
		[
			'an old superseded assessment does not',
			{ assessments: [a('selvmord', 'lav', '2023-01-01'), a('selvmord', 'lav', '2024-05-30')] },
			[]
		],
		[
			'plan 181 days old is stale when required',
			{ crisisPlanUpdatedAt: '2023-12-03', requiresCrisisPlan: true },
			['crisis_plan_stale']
		],
		[
			'plan 180 days old is fine',
			{ crisisPlanUpdatedAt: '2023-12-04', requiresCrisisPlan: true },
			[]
		],
		['old plan is not flagged when no plan is required', { crisisPlanUpdatedAt: '2020-01-01' }, []],
		[
			'review date passed',
			{ assessments: [a('selvmord', 'lav', '2024-05-01', '2024-05-31')] },
			['review_overdue']
		],
		[
			'review due today is not overdue',
			{ assessments: [a('selvmord', 'lav', '2024-05-01', '2024-06-01')] },
			[]
		],
		[
			'a null review date is ignored',
			{ assessments: [a('selvmord', 'lav', '2024-05-01', null)] },
			[]
		],
		[
			'review date on a superseded assessment is ignored',
			{
				assessments: [
					a('selvmord', 'moderat', '2024-04-01', '2024-04-15'),
					a('selvmord', 'lav', '2024-05-01')
				]
			},
			[]
		],
		[
			'everything at once, critical first',
			{
				assessments: [a('selvmord', 'hoej', '2023-01-01', '2023-02-01')],
				crisisPlanUpdatedAt: null
			},
			['high_risk', 'review_overdue', 'crisis_plan_missing', 'risk_stale']
		]
	])('%s', (_, input, expected) => {
		expect(kinds(input)).toEqual(expected);
	});

	it.each<[string, Partial<RiskFlagInput>, RiskFlagKind[]]>([
		[
			'shorter risk window',
			{ assessments: [a('selvmord', 'lav', '2024-05-01')], staleAfterDays: { risk: 30 } },
			['risk_stale']
		],
		[
			'shorter plan window, default risk window kept',
			{
				crisisPlanUpdatedAt: '2024-04-01',
				requiresCrisisPlan: true,
				staleAfterDays: { crisisPlan: 30 }
			},
			['crisis_plan_stale']
		]
	])('custom stale windows: %s', (_, input, expected) => {
		expect(kinds(input)).toEqual(expected);
	});

	it('keeps the documented defaults', () => {
		expect(DEFAULT_STALE_AFTER_DAYS).toEqual({ risk: 90, crisisPlan: 180 });
	});

	it.each<[string, Partial<RiskFlagInput>, RiskFlagKind, string, string]>([
		[
			'high risk names the categories',
			{
				assessments: [a('selvmord', 'hoej', '2024-05-20'), a('overdosis', 'hoej', '2024-05-20')]
			},
			'high_risk',
			'Høj risiko: Overdosis, Selvmord',
			'critical'
		],
		['missing assessment', { assessments: [] }, 'risk_missing', 'Ingen risikovurdering', 'warning'],
		[
			'stale assessment gives the age',
			{ assessments: [a('selvmord', 'lav', '2024-01-01')] },
			'risk_stale',
			'Risikovurdering ikke opdateret i 152 dage',
			'warning'
		],
		[
			'missing plan with moderate risk is a warning',
			{ assessments: [a('selvmord', 'moderat', '2024-05-20')], crisisPlanUpdatedAt: null },
			'crisis_plan_missing',
			'Kriseplan mangler',
			'warning'
		],
		[
			'missing plan with high risk is critical',
			{ assessments: [a('selvmord', 'hoej', '2024-05-20')], crisisPlanUpdatedAt: null },
			'crisis_plan_missing',
			'Kriseplan mangler',
			'critical'
		],
		[
			'stale plan gives the age',
			{ crisisPlanUpdatedAt: '2023-06-01', requiresCrisisPlan: true },
			'crisis_plan_stale',
			'Kriseplan ikke opdateret i 366 dage',
			'warning'
		],
		[
			'overdue review of a low risk is a warning',
			{ assessments: [a('bolig', 'lav', '2024-05-01', '2024-05-15')] },
			'review_overdue',
			'Revurdering overskredet: Hjemløshed / bolig',
			'warning'
		],
		[
			'overdue review of a high risk is critical',
			{ assessments: [a('selvmord', 'hoej', '2024-05-01', '2024-05-15')] },
			'review_overdue',
			'Revurdering overskredet: Selvmord',
			'critical'
		],
		[
			'team categories label the flag',
			{
				assessments: [a('egen', 'hoej', '2024-05-20')],
				categories: [{ key: 'egen', label: 'Egen kategori' }]
			},
			'high_risk',
			'Høj risiko: Egen kategori',
			'critical'
		]
	])('%s', (_, input, kind, label, severity) => {
		const flag = riskFlags({ ...base, ...input }).find((f) => f.kind === kind);
		expect(flag).toEqual({ kind, label, severity });
	});

	it('uses the singular "dag" for one day', () => {
		const flags = riskFlags({
			...base,
			assessments: [a('selvmord', 'lav', '2024-05-31')],
			staleAfterDays: { risk: 0 }
		});
		expect(flags.map((f) => f.label)).toEqual(['Risikovurdering ikke opdateret i 1 dag']);
	});

	it('accepts today as a timestamp', () => {
		// 22:30 UTC on 1 June is 2 June in Copenhagen: the review due 1 June is now overdue.
		const flags = riskFlags({
			...base,
			assessments: [a('selvmord', 'lav', '2024-05-01', '2024-06-01')],
			today: new Date('2024-06-01T22:30:00Z')
		});
		expect(flags.map((f) => f.kind)).toEqual(['review_overdue']);
	});
});
