import { describe, expect, it } from 'vitest';
import {
	boardRowStatus,
	compareBoardRows,
	filterBoardRows,
	type BoardFilter,
	type BoardFlagKind,
	type BoardRow,
	type BoardRowStatusInput
} from './board';
import type { RiskAssessment, RiskLevel } from './risk';
import { DEFAULT_SCALING_LEVELS, type ScalingLevel } from './scaling';

const levels = DEFAULT_SCALING_LEVELS;
const today = '2024-06-03';

const base: BoardRowStatusInput = {
	level: 'skaerpet',
	levels,
	lastDiscussed: '2024-05-27',
	startDate: '2024-01-08',
	assessments: [{ category: 'selvmord', level: 'lav', assessedAt: '2024-05-27' }],
	crisisPlanUpdatedAt: '2024-05-27',
	lastScaledAt: null,
	lastScaledFrom: null,
	today
};
const status = (patch: Partial<BoardRowStatusInput>) => boardRowStatus({ ...base, ...patch });
const risk = (level: RiskLevel, category = 'selvmord'): RiskAssessment => ({
	category,
	level,
	assessedAt: '2024-05-27'
});

describe('boardRowStatus: cadence', () => {
	it.each<[string, Partial<BoardRowStatusInput>, string | null, number, number | null]>([
		['skærpet, discussed a week ago', {}, '2024-06-10', 0, 7],
		['intensiv, discussed a week ago: due today', { level: 'intensiv' }, '2024-06-03', 0, 7],
		[
			'intensiv, discussed two weeks ago',
			{ level: 'intensiv', lastDiscussed: '2024-05-20' },
			'2024-05-27',
			7,
			14
		],
		[
			'stabil, never discussed: counts from start',
			{ level: 'stabil', lastDiscussed: null, startDate: '2024-04-01' },
			'2024-05-13',
			21,
			null
		],
		[
			'ikke på tavlen is never due',
			{ level: 'ikke_paa_tavlen', lastDiscussed: '2023-01-02' },
			null,
			0,
			518
		]
	])('%s', (_, patch, nextDue, overdue, sinceDiscussed) => {
		const result = status(patch);
		expect(result.nextDue).toBe(nextDue);
		expect(result.overdueDays).toBe(overdue);
		expect(result.daysSinceDiscussed).toBe(sinceDiscussed);
		expect(result.flags.some((f) => f.kind === 'overdue')).toBe(overdue > 0);
	});

	it('returns the level object', () => {
		expect(status({ level: 'stabil' }).level).toBe(levels[2]);
	});

	it('throws on an unknown level', () => {
		expect(() => status({ level: 'slettet' })).toThrow(/Ukendt skaleringsniveau/);
	});

	it('labels the overdue flag with the days', () => {
		const flag = status({ level: 'intensiv', lastDiscussed: '2024-05-20' }).flags.find(
			(f) => f.kind === 'overdue'
		);
		expect(flag).toEqual({ kind: 'overdue', label: 'Overskredet med 7 dage', severity: 'warning' });
		expect(
			status({ level: 'intensiv', lastDiscussed: '2024-05-26' }).flags.find(
				(f) => f.kind === 'overdue'
			)?.label
		).toBe('Overskredet med 1 dag');
	});
});

describe('boardRowStatus: flags', () => {
	const kinds = (patch: Partial<BoardRowStatusInput>): BoardFlagKind[] =>
		status(patch).flags.map((f) => f.kind);

	it.each<[string, Partial<BoardRowStatusInput>, BoardFlagKind[]]>([
		['nothing to report', {}, []],
		['on the board without a crisis plan', { crisisPlanUpdatedAt: null }, ['crisis_plan_missing']],
		['off the board, low risk, no plan: fine', { level: 'stabil', crisisPlanUpdatedAt: null }, []],
		[
			'off the board, moderate risk, no plan',
			{ level: 'stabil', crisisPlanUpdatedAt: null, assessments: [risk('moderat')] },
			['crisis_plan_missing']
		],
		[
			'scaled up 14 days ago',
			{ level: 'intensiv', lastScaledAt: '2024-05-20', lastScaledFrom: 'stabil' },
			['recently_scaled_up']
		],
		[
			'scaled up 15 days ago',
			{ level: 'intensiv', lastScaledAt: '2024-05-19', lastScaledFrom: 'stabil' },
			[]
		],
		[
			'scaled down recently',
			{ level: 'stabil', lastScaledAt: '2024-06-01', lastScaledFrom: 'intensiv' },
			[]
		],
		[
			'first placement is not a scale-up',
			{ level: 'intensiv', lastScaledAt: '2024-06-01', lastScaledFrom: null },
			[]
		],
		[
			'same level again is not a scale-up',
			{ level: 'skaerpet', lastScaledAt: '2024-06-01', lastScaledFrom: 'skaerpet' },
			[]
		],
		[
			'scale-up dated in the future is ignored',
			{ level: 'intensiv', lastScaledAt: '2024-06-10', lastScaledFrom: 'stabil' },
			[]
		],
		[
			'high risk, overdue and just scaled up: severity order',
			{
				level: 'intensiv',
				lastDiscussed: '2024-05-13',
				assessments: [risk('hoej')],
				lastScaledAt: new Date('2024-06-02T08:00:00Z'),
				lastScaledFrom: 'skaerpet'
			},
			['high_risk', 'overdue', 'recently_scaled_up']
		],
		['no assessment', { assessments: [] }, ['risk_missing']]
	])('%s', (_, patch, expected) => {
		expect(kinds(patch)).toEqual(expected);
	});

	it.each([
		['2024-06-03', 'Opskaleret i dag'],
		['2024-06-02', 'Opskaleret for 1 dag siden'],
		['2024-05-27', 'Opskaleret for 7 dage siden']
	])('scaled up on %s reads "%s"', (at, label) => {
		const flag = status({ level: 'intensiv', lastScaledAt: at, lastScaledFrom: 'stabil' }).flags[0];
		expect(flag).toEqual({ kind: 'recently_scaled_up', label, severity: 'info' });
	});

	it('passes custom stale windows on to the risk flags', () => {
		expect(kinds({ staleAfterDays: { risk: 3 } })).toEqual(['risk_stale']);
	});
});

// ---------------------------------------------------------------------------------------

let nextId = 0;
function row(
	name: string,
	patch: Partial<BoardRowStatusInput> = {},
	extra: Partial<BoardRow> = {}
): BoardRow {
	nextId += 1;
	return {
		id: `b${String(nextId).padStart(3, '0')}`,
		name,
		caseManagerId: null,
		...extra,
		status: status(patch)
	};
}

describe('compareBoardRows', () => {
	it('sorts by risk, then overdue days, then level, then Danish name', () => {
		const rows = [
			row('Åse Lund', { level: 'stabil' }),
			row('Aksel Berg', { level: 'stabil' }),
			row('Øjvind Holm', { level: 'stabil' }),
			row('Zenia Kofoed', { level: 'stabil' }),
			row('Ærø Nielsen', { level: 'stabil' }),
			row('Ingen vurdering', { level: 'intensiv', lastDiscussed: '2024-04-01', assessments: [] }),
			row('Høj risiko', { assessments: [risk('hoej')] }),
			row('Moderat, lidt over', {
				level: 'intensiv',
				lastDiscussed: '2024-05-25',
				assessments: [risk('moderat')]
			}),
			row('Moderat, meget over', {
				level: 'stabil',
				lastDiscussed: '2024-03-01',
				assessments: [risk('moderat')]
			}),
			row('Lav, intensiv', { level: 'intensiv' })
		];
		expect(rows.sort(compareBoardRows).map((r) => r.name)).toEqual([
			'Høj risiko',
			'Moderat, meget over',
			'Moderat, lidt over',
			'Lav, intensiv',
			// Danish alphabet: … Z, Æ, Ø, Å; and "Aa" would sort as Å.
			'Aksel Berg',
			'Zenia Kofoed',
			'Ærø Nielsen',
			'Øjvind Holm',
			'Åse Lund',
			// Unassessed sorts last despite being 56 days overdue; its flag makes it visible.
			'Ingen vurdering'
		]);
	});

	it('uses the id to keep equal rows in a stable order', () => {
		const first = row('Sara Holm');
		const second = row('Sara Holm');
		expect(compareBoardRows(first, second)).toBeLessThan(0);
		expect(compareBoardRows(second, first)).toBeGreaterThan(0);
		expect(compareBoardRows(first, first)).toBe(0);
	});
});

describe('priority', () => {
	// Deterministic pseudo-random inputs so the property is checked on many combinations.
	function* combinations(): Generator<Partial<BoardRowStatusInput>> {
		const riskOptions: RiskAssessment[][] = [
			[],
			[risk('ingen')],
			[risk('lav')],
			[risk('moderat')],
			[risk('hoej')]
		];
		const discussed = ['2024-06-03', '2024-05-27', '2024-05-01', '2024-01-02', null];
		for (const assessments of riskOptions)
			for (const lastDiscussed of discussed)
				for (const level of levels) yield { assessments, lastDiscussed, level: level.key };
	}

	it('orders rows exactly like compareBoardRows, apart from the name', () => {
		const rows = [...combinations()].map((patch) => row('Samme Navn', patch));
		const byCompare = [...rows].sort(compareBoardRows);
		for (let i = 1; i < byCompare.length; i++) {
			const previous = byCompare[i - 1]!.status.priority;
			const current = byCompare[i]!.status.priority;
			expect(previous).toBeGreaterThanOrEqual(current);
		}
		// And it actually discriminates: several distinct values.
		expect(new Set(rows.map((r) => r.status.priority)).size).toBeGreaterThan(40);
	});

	it('works with arbitrary team ranks', () => {
		const custom: ScalingLevel[] = levels.map((l) => ({ ...l, rank: l.rank * 1000 - 5000 }));
		const high = boardRowStatus({ ...base, levels: custom, level: 'intensiv' });
		const low = boardRowStatus({ ...base, levels: custom, level: 'stabil' });
		expect(high.priority).toBeGreaterThan(low.priority);
		expect(Number.isSafeInteger(high.priority)).toBe(true);
	});

	it('risk outweighs any overdue time', () => {
		const overdueLow = status({
			level: 'intensiv',
			lastDiscussed: '2000-01-01',
			assessments: [risk('lav')]
		});
		const freshModerate = status({ assessments: [risk('moderat')] });
		expect(freshModerate.priority).toBeGreaterThan(overdueLow.priority);
	});
});

describe('filterBoardRows', () => {
	const rows = [
		row('Søren Ærbø', { level: 'intensiv', assessments: [risk('hoej')] }, { caseManagerId: 'u1' }),
		row('Åse Lund', { level: 'skaerpet', assessments: [risk('moderat')] }, { caseManagerId: 'u2' }),
		row(
			'Mads Ørsted',
			{ level: 'stabil', lastDiscussed: '2024-01-02', assessments: [risk('lav')] },
			{ caseManagerId: 'u1', initials: 'MØ' }
		),
		row('Ida Kjær', { level: 'ikke_paa_tavlen', assessments: [] }, { caseManagerId: null }),
		row(
			'Peter Hansen',
			{ level: 'intensiv', lastDiscussed: '2024-05-13', assessments: [risk('ingen')] },
			{ caseManagerId: 'u2', initials: 'PHA' }
		)
	];
	const names = (filter: BoardFilter) => filterBoardRows(rows, filter).map((r) => r.name);

	it.each<[string, BoardFilter, string[]]>([
		['no filter', {}, ['Søren Ærbø', 'Åse Lund', 'Mads Ørsted', 'Ida Kjær', 'Peter Hansen']],
		['case manager', { caseManagerId: 'u1' }, ['Søren Ærbø', 'Mads Ørsted']],
		['null case manager means no filter', { caseManagerId: null }, rows.map((r) => r.name)],
		[
			'levels',
			{ levelKeys: ['intensiv', 'stabil'] },
			['Søren Ærbø', 'Mads Ørsted', 'Peter Hansen']
		],
		['empty level list means all', { levelKeys: [] }, rows.map((r) => r.name)],
		['min risk høj', { minRisk: 'hoej' }, ['Søren Ærbø']],
		['min risk moderat', { minRisk: 'moderat' }, ['Søren Ærbø', 'Åse Lund']],
		['min risk lav', { minRisk: 'lav' }, ['Søren Ærbø', 'Åse Lund', 'Mads Ørsted']],
		['min risk ingen keeps unassessed rows', { minRisk: 'ingen' }, rows.map((r) => r.name)],
		['overdue only', { overdueOnly: true }, ['Mads Ørsted', 'Peter Hansen']],
		['query, lower case æøå', { query: 'ærbø' }, ['Søren Ærbø']],
		['query, upper case ÆØÅ', { query: 'ÆRBØ' }, ['Søren Ærbø']],
		['query å matches Å', { query: 'åse' }, ['Åse Lund']],
		['query ø matches Ø in two names', { query: 'ø' }, ['Søren Ærbø', 'Mads Ørsted']],
		['query with spaces around', { query: '  kjær ' }, ['Ida Kjær']],
		['query matches stored initials', { query: 'pha' }, ['Peter Hansen']],
		['query matches derived initials', { query: 'ik' }, ['Ida Kjær']],
		['query matches initials with Ø', { query: 'mø' }, ['Mads Ørsted']],
		[
			'query in decomposed Unicode',
			{ query: 'A\u030Ase' }, // "A" + combining ring above
			['Åse Lund']
		],
		['query a does not match å', { query: 'ase' }, []],
		['blank query means no filter', { query: '   ' }, rows.map((r) => r.name)],
		[
			'combined filters',
			{ caseManagerId: 'u2', levelKeys: ['intensiv'], overdueOnly: true, query: 'hansen' },
			['Peter Hansen']
		],
		[
			'combined filters with no match',
			{ caseManagerId: 'u1', minRisk: 'moderat', query: 'mads' },
			[]
		]
	])('%s', (_, filter, expected) => {
		expect(names(filter)).toEqual(expected);
	});

	it('returns the caller’s row objects, not copies', () => {
		const [first] = filterBoardRows(rows, { query: 'søren' });
		expect(first).toBe(rows[0]);
	});
});
