import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SCALING_LEVELS,
	SCALING_REASONS_DOWN,
	SCALING_REASONS_UP,
	daysSince,
	direction,
	findLevel,
	isOverdue,
	nextDueDate,
	overdueDays,
	toIsoDate,
	validateLevels,
	type ScalingLevel
} from './scaling';

const levels = DEFAULT_SCALING_LEVELS;
const level = (key: string): ScalingLevel => {
	const found = findLevel(key, levels);
	if (!found) throw new Error(`test setup: no level ${key}`);
	return found;
};

describe('DEFAULT_SCALING_LEVELS', () => {
	it.each([
		['intensiv', 'Intensiv', 7, true],
		['skaerpet', 'Skærpet', 14, true],
		['stabil', 'Stabil', 42, false],
		['ikke_paa_tavlen', 'Ikke på tavlen', null, false]
	] as const)('%s: label %s, cadence %s, onBoard %s', (key, label, cadence, onBoard) => {
		const found = level(key);
		expect(found.label).toBe(label);
		expect(found.cadenceDays).toBe(cadence);
		expect(found.onBoard).toBe(onBoard);
		expect(found.description.length).toBeGreaterThan(10);
	});

	it('is ordered from most to least intensive', () => {
		const ranks = levels.map((l) => l.rank);
		expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
		expect(levels.map((l) => l.key)).toEqual(['intensiv', 'skaerpet', 'stabil', 'ikke_paa_tavlen']);
	});

	it('passes its own validation', () => {
		expect(validateLevels(levels)).toEqual([]);
	});
});

describe('scaling reasons', () => {
	it.each([
		['up', SCALING_REASONS_UP],
		['down', SCALING_REASONS_DOWN]
	] as const)('%s reasons have unique keys, Danish labels and an "andet" fallback', (_, list) => {
		const keys = list.map((r) => r.key);
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys).toContain('andet');
		for (const reason of list) {
			expect(reason.key).toMatch(/^[a-z0-9_]+$/);
			expect(reason.label.trim()).not.toBe('');
		}
	});

	it('covers the reasons in DOMAIN.md §4', () => {
		expect(SCALING_REASONS_UP.map((r) => r.label)).toEqual(
			expect.arrayContaining([
				'Psykiatrisk forværring',
				'Selvmordstanker eller selvskade',
				'Tab af bolig',
				'Mistet kontakt'
			])
		);
		expect(SCALING_REASONS_DOWN.map((r) => r.key)).toEqual([
			'stabilisering',
			'maal_naaet',
			'stabil_kontakt',
			'andet'
		]);
	});
});

describe('toIsoDate', () => {
	it.each([
		['2024-03-01', '2024-03-01'],
		['2024-02-29', '2024-02-29'],
		// Summer (UTC+2): 22:30 UTC is already the next day in Copenhagen.
		[new Date('2024-06-30T22:30:00Z'), '2024-07-01'],
		[new Date('2024-06-30T21:59:00Z'), '2024-06-30'],
		// Winter (UTC+1).
		[new Date('2024-12-31T23:00:00Z'), '2025-01-01'],
		[new Date('2024-12-31T22:59:59Z'), '2024-12-31'],
		['2024-06-30T22:30:00Z', '2024-07-01'],
		['2024-06-30T23:30:00+01:00', '2024-07-01']
	])('%s → %s', (input, expected) => {
		expect(toIsoDate(input)).toBe(expected);
	});

	it.each(['2024-02-30', '2023-02-29', '2024-13-01', '1.3.2024', '', '2024-03-01T10:00', 'i går'])(
		'rejects %j',
		(input) => {
			expect(() => toIsoDate(input)).toThrow(RangeError);
		}
	);

	it('rejects an invalid Date', () => {
		expect(() => toIsoDate(new Date('nonsense'))).toThrow(RangeError);
	});
});

describe('daysSince', () => {
	it.each([
		['2024-03-01', '2024-03-01', 0],
		['2024-03-01', '2024-03-02', 1],
		['2024-02-28', '2024-03-01', 2], // leap year
		['2023-02-28', '2023-03-01', 1],
		['2024-03-30', '2024-03-31', 1], // DST starts in Copenhagen
		['2024-10-26', '2024-10-28', 2], // DST ends
		['2023-12-31', '2024-12-31', 366],
		['2024-03-10', '2024-03-01', -9]
	])('from %s to %s is %i', (from, today, expected) => {
		expect(daysSince(from, today)).toBe(expected);
	});

	it('reads timestamps as Copenhagen calendar days', () => {
		// 23:30 local on 1 July, and 00:30 local on 1 July: both one day before 2 July.
		expect(daysSince(new Date('2024-07-01T21:30:00Z'), '2024-07-02')).toBe(1);
		expect(daysSince(new Date('2024-06-30T22:30:00Z'), '2024-07-02')).toBe(1);
	});
});

describe('direction', () => {
	it.each([
		[null, 'intensiv', 'initial'],
		[null, 'ikke_paa_tavlen', 'initial'],
		['stabil', 'intensiv', 'up'],
		['ikke_paa_tavlen', 'skaerpet', 'up'],
		['intensiv', 'stabil', 'down'],
		['skaerpet', 'ikke_paa_tavlen', 'down'],
		['stabil', 'stabil', 'same']
	] as const)('%s → %s is %s', (from, to, expected) => {
		expect(direction(from, to, levels)).toBe(expected);
	});

	it('uses rank, not list order', () => {
		const custom: ScalingLevel[] = [
			{ ...level('stabil'), rank: 10 },
			{ ...level('intensiv'), rank: 50 }
		];
		expect(direction('stabil', 'intensiv', custom)).toBe('up');
		expect(direction('intensiv', 'stabil', custom)).toBe('down');
	});

	it.each([
		['slettet', 'intensiv'],
		['intensiv', 'slettet'],
		[null, 'slettet']
	])('throws on an unknown level (%s → %s)', (from, to) => {
		expect(() => direction(from, to, levels)).toThrow(/Ukendt skaleringsniveau/);
	});
});

describe('nextDueDate', () => {
	it.each([
		// lastDiscussed, level, startDate, expected
		['2024-03-04', 'intensiv', '2024-01-01', '2024-03-11'],
		['2024-03-04', 'skaerpet', '2024-01-01', '2024-03-18'],
		['2024-03-04', 'stabil', '2024-01-01', '2024-04-15'],
		['2024-03-04', 'ikke_paa_tavlen', '2024-01-01', null],
		[null, 'intensiv', '2024-03-04', '2024-03-11'],
		[null, 'stabil', '2024-03-04', '2024-04-15'],
		[null, 'ikke_paa_tavlen', '2024-03-04', null],
		// Crosses the leap day and the DST change.
		['2024-02-26', 'intensiv', '2024-01-01', '2024-03-04'],
		['2024-03-28', 'intensiv', '2024-01-01', '2024-04-04'],
		['2024-12-30', 'skaerpet', '2024-01-01', '2025-01-13'],
		// Re-enrolled after the last discussion: counts from the new start.
		['2023-06-01', 'intensiv', '2024-03-04', '2024-03-11']
	] as const)('last %s at %s from start %s → %s', (last, key, start, expected) => {
		expect(nextDueDate(last, level(key), start)).toBe(expected);
	});

	it('accepts a timestamp for the last discussion, read in Copenhagen time', () => {
		// 23:30 UTC on 4 March is 00:30 on 5 March in Copenhagen (UTC+1 in winter).
		expect(nextDueDate(new Date('2024-03-04T22:30:00Z'), level('intensiv'), '2024-01-01')).toBe(
			'2024-03-11'
		);
		expect(nextDueDate(new Date('2024-03-04T23:30:00Z'), level('intensiv'), '2024-01-01')).toBe(
			'2024-03-12'
		);
	});

	it('respects a custom cadence', () => {
		const monthly: ScalingLevel = { ...level('stabil'), cadenceDays: 28 };
		expect(nextDueDate('2024-01-31', monthly, '2024-01-01')).toBe('2024-02-28');
	});
});

describe('isOverdue / overdueDays', () => {
	it.each([
		['2024-03-11', '2024-03-10', false, 0],
		['2024-03-11', '2024-03-11', false, 0],
		['2024-03-11', '2024-03-12', true, 1],
		['2024-03-11', '2024-04-11', true, 31],
		[null, '2030-01-01', false, 0]
	] as const)('due %s, today %s → overdue %s by %i', (due, today, overdue, days) => {
		expect(isOverdue(due, today)).toBe(overdue);
		expect(overdueDays(due, today)).toBe(days);
	});

	it('accepts today as a timestamp', () => {
		expect(overdueDays('2024-03-11', new Date('2024-03-12T23:30:00Z'))).toBe(2);
	});
});

describe('validateLevels', () => {
	const base: ScalingLevel = {
		key: 'a',
		label: 'A',
		description: '',
		cadenceDays: 7,
		onBoard: true,
		rank: 1,
		tone: 'ok'
	};
	const l = (patch: Partial<ScalingLevel>): ScalingLevel => ({ ...base, ...patch });

	it.each<[string, ScalingLevel[], RegExp[]]>([
		['empty list', [], [/mindst ét skaleringsniveau/]],
		['duplicate keys', [l({}), l({ rank: 2 })], [/Nøglen "a" bruges af mere end ét niveau/]],
		[
			'duplicate ranks',
			[l({}), l({ key: 'b', label: 'B' })],
			[/Rangen 1 bruges af mere end ét niveau/]
		],
		['zero cadence', [l({ cadenceDays: 0 })], [/Kadencen for "A"/]],
		['negative cadence', [l({ cadenceDays: -7 })], [/Kadencen for "A"/]],
		['fractional cadence', [l({ cadenceDays: 3.5 })], [/Kadencen for "A"/]],
		['NaN cadence', [l({ cadenceDays: Number.NaN })], [/Kadencen for "A"/]],
		['empty key', [l({ key: '' })], [/skal have en nøgle/]],
		['key with æøå', [l({ key: 'skærpet' })], [/skal have en nøgle/]],
		['key with upper case', [l({ key: 'Intensiv' })], [/skal have en nøgle/]],
		['blank label', [l({ label: '  ' })], [/Niveau "a" mangler et navn/]],
		['fractional rank', [l({ rank: 1.5 })], [/Rangen for "A" skal være et helt tal/]],
		['unknown tone', [l({ tone: 'red' as ScalingLevel['tone'] })], [/ukendt farvetone/]],
		[
			'several problems at once',
			[l({ cadenceDays: 0 }), l({ label: 'B', rank: 1 })],
			[/Kadencen for "A"/, /Nøglen "a"/, /Rangen 1/]
		]
	])('%s', (_, input, expected) => {
		const errors = validateLevels(input);
		expect(errors).toHaveLength(expected.length);
		for (const pattern of expected) {
			expect(errors.some((error) => pattern.test(error))).toBe(true);
		}
	});

	it('reports a duplicate only once however often it repeats', () => {
		const errors = validateLevels([l({}), l({ rank: 2 }), l({ rank: 3 })]);
		expect(errors).toEqual(['Nøglen "a" bruges af mere end ét niveau.']);
	});

	it('accepts a null cadence and negative ranks', () => {
		expect(
			validateLevels([l({ cadenceDays: null, rank: -1 }), l({ key: 'b', label: 'B', rank: 0 })])
		).toEqual([]);
	});
});
