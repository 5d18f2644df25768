import { describe, expect, it } from 'vitest';
import { parseClockTime } from './clock';
import {
	borger,
	cases,
	due,
	expectConsistent,
	notDue,
	notPlacedIds,
	overdue,
	plan,
	timeline,
	titles,
	unstable
} from './testing';

// ---------------------------------------------------------------------------------------
// Guest slots at a fixed time
// ---------------------------------------------------------------------------------------

describe('guest slot at a fixed time', () => {
	it('packs cases around a 10:30 GP slot in a 09:00–11:00 meeting', () => {
		const borgere = [
			...Array.from({ length: 9 }, (_, i) => due(`d${i + 1}`, `Borger ${i + 1}`)),
			notDue('g', 'Gæst')
		];
		const result = plan(
			borgere,
			{ mode: 'cadence_due', defaultCaseMinutes: 10 },
			{ guestSlots: [{ borgerId: 'g', guestLabel: 'Egen læge', at: '10:30', minutes: 15 }] }
		);
		expect(timeline(result)).toEqual([
			'09:00-09:05 Fremmøde og dagsorden',
			'09:05-09:15 Nye henvisninger og visitation',
			'09:15-09:25 Borger 1',
			'09:25-09:35 Borger 2',
			'09:35-09:45 Borger 3',
			'09:45-09:55 Borger 4',
			'09:55-10:05 Borger 5',
			'10:05-10:15 Borger 6',
			'10:15-10:25 Borger 7',
			'10:30-10:45 Gæst',
			// Would have overlapped the GP slot, so it moved after it.
			'10:45-10:55 Borger 8',
			'10:55-11:00 Meddelelser'
		]);
		expect(result.gaps).toEqual([{ start: '10:25', end: '10:30', minutes: 5 }]);
		expect(result).toMatchObject({
			totalMinutes: 115,
			freeMinutes: 5,
			overMinutes: 0,
			lengthMinutes: 120
		});
		const gp = result.items.find((item) => item.kind === 'guest')!;
		expect(gp).toMatchObject({ fixedTime: true, bookedAt: '10:30', delayMinutes: 0 });
		expect(result.notPlaced).toHaveLength(1);
		expect(result.notPlaced[0]).toMatchObject({ borgerId: 'd9', why: 'no_time' });
		expect(result.notPlaced[0]!.reasons[0]).toBe(
			'Ikke tid: sagen kræver 10 min, og der er kun 5 min ledig før mødets afslutning'
		);
		expect(result.warnings).toEqual([]);
		expectConsistent(result);
	});

	it('does not count guest slots against the fixed number of cases', () => {
		const borgere = [
			...Array.from({ length: 10 }, (_, i) =>
				due(`d${i + 1}`, `Borger ${String(i + 1).padStart(2, '0')}`)
			),
			notDue('g', 'Gæst')
		];
		const result = plan(
			borgere,
			{ mode: 'fixed_count', caseCount: 8, defaultCaseMinutes: 10 },
			{ guestSlots: [{ borgerId: 'g', guestLabel: 'Egen læge', at: '10:30' }] }
		);
		expect(cases(result)).toHaveLength(8);
		expect(result.items.filter((item) => item.kind === 'guest')).toHaveLength(1);
		expect(notPlacedIds(result, 'count_limit')).toEqual(['d9', 'd10']);
		for (const item of cases(result)) {
			const start = parseClockTime(item.start);
			const end = parseClockTime(item.end);
			expect(end <= parseClockTime('10:30') || start >= parseClockTime('10:45')).toBe(true);
		}
		expectConsistent(result);
	});

	it('fills the gap before a pinned slot with a shorter case (all_borgere)', () => {
		const result = plan(
			[
				...Array.from({ length: 7 }, (_, i) => unstable(`u${i}`, `Ustabil ${i}`)),
				notDue('s', 'Stabil'),
				notDue('g', 'Gæst')
			],
			{ mode: 'all_borgere', fixedItems: [] },
			{ guestSlots: [{ borgerId: 'g', guestLabel: 'Egen læge', at: '10:05' }] }
		);
		// 6 × 10 min fill 09:00–10:00; the 7th would cross 10:05, so the brief slot takes the gap.
		expect(timeline(result).slice(5, 9)).toEqual([
			'09:50-10:00 Ustabil 5',
			'10:00-10:03 Stabil',
			'10:05-10:20 Gæst',
			'10:20-10:30 Ustabil 6'
		]);
		expect(result.gaps).toEqual([{ start: '10:03', end: '10:05', minutes: 2 }]);
		expectConsistent(result);
	});

	it('warns about a guest slot outside the meeting and still places it', () => {
		const result = plan(
			[notDue('g', 'Gæst')],
			{},
			{
				guestSlots: [
					{ borgerId: 'g', guestLabel: 'Egen læge', at: '11:30' },
					{ borgerId: null, guestLabel: 'Jobcenter', at: '08:30', minutes: 10 }
				]
			}
		);
		expect(result.items[0]).toMatchObject({ title: 'Jobcenter', start: '08:30', kind: 'guest' });
		expect(result.items.at(-1)).toMatchObject({ title: 'Gæst', start: '11:30' });
		expect(result.warnings).toEqual([
			'Gæsteslottet Jobcenter kl. 08:30 ligger før mødets start kl. 09:00.',
			'Gæsteslottet for Gæst (Egen læge kl. 11:30) ligger efter mødets slut kl. 11:00.',
			'Dagsordenen slutter kl. 11:45, 45 min efter mødets slut kl. 11:00.'
		]);
		expect(result.overMinutes).toBe(45);
		expectConsistent(result);
	});

	it('lets the later of two overlapping guest slots wait, with a warning', () => {
		const result = plan(
			[notDue('a', 'Anna'), notDue('b', 'Bo')],
			{},
			{
				guestSlots: [
					{ borgerId: 'a', guestLabel: 'Egen læge', at: '10:00' },
					{ borgerId: 'b', guestLabel: 'Kriminalforsorgen', at: '10:10' }
				]
			}
		);
		const [first, second] = result.items.filter((item) => item.kind === 'guest');
		expect(first).toMatchObject({ start: '10:00', end: '10:15' });
		expect(second).toMatchObject({ start: '10:15', end: '10:30', delayMinutes: 5 });
		expect(result.warnings).toContain(
			'Gæsteslottet for Bo (Kriminalforsorgen kl. 10:10) kan ikke holdes: punktet starter først kl. 10:15, 5 min for sent.'
		);
		expectConsistent(result);
	});

	it('keeps the closing items inside the meeting when a guest is booked at the very end', () => {
		const result = plan(
			Array.from({ length: 10 }, (_, i) => due(`d${i}`, `Borger ${i}`)),
			{ mode: 'cadence_due' },
			{ guestSlots: [{ borgerId: null, guestLabel: 'Psykiatrien', at: '10:45' }] }
		);
		// Cases stop at 10:30 so the closing item fits before the guest; the rest is a gap.
		expect(timeline(result).slice(-3)).toEqual([
			'10:15-10:30 Borger 4',
			'10:30-10:35 Meddelelser',
			'10:45-11:00 Psykiatrien'
		]);
		expect(result.gaps).toEqual([{ start: '10:35', end: '10:45', minutes: 10 }]);
		expect(result.overMinutes).toBe(0);
		expectConsistent(result);
	});
});

describe('overflow', () => {
	it('reports what did not fit and why, in Danish, lowest priority out first', () => {
		const borgere = Array.from({ length: 10 }, (_, i) => overdue(`o${i}`, 10 - i, `O${i}`));
		const result = plan(borgere, { mode: 'cadence_due' });
		expect(titles(cases(result))).toEqual(['O0', 'O1', 'O2', 'O3', 'O4', 'O5']);
		expect(notPlacedIds(result)).toEqual(['o6', 'o7', 'o8', 'o9']);
		expect(result.notPlaced.every((entry) => entry.why === 'no_time')).toBe(true);
		expect(result.notPlaced[0]!.reasons).toEqual([
			'Ikke tid: sagen kræver 15 min, og der er kun 10 min ledig før mødets afslutning',
			'Kadencen er overskredet med 4 dage (Stabil, hver 6. uge)'
		]);
		expect(result.notPlaced[0]!.minutes).toBe(15);
		expect(result.totalMinutes).toBe(110);
		expect(result.freeMinutes).toBe(10);
		expectConsistent(result);
	});

	it('warns when a high-risk borger does not fit', () => {
		const borgere = Array.from({ length: 8 }, (_, i) => notDue(`h${i}`, `H${i}`, { risk: 'hoej' }));
		const result = plan(borgere, { mode: 'cadence_due' });
		expect(result.notPlaced.map((entry) => entry.why)).toEqual(['no_time', 'no_time']);
		expect(result.warnings).toContain('Høj risiko: H6 er ikke på dagsordenen (ikke tid).');
	});

	it('cadence_due leaves out borgere with no reason', () => {
		const result = plan([due('a', 'A'), notDue('b', 'B')], { mode: 'cadence_due' });
		expect(titles(cases(result))).toEqual(['A']);
		expect(result.notPlaced).toMatchObject([{ borgerId: 'b', why: 'not_due' }]);
	});
});

describe('a 2-hour budget with 30 borgere', () => {
	// 4 overdue, 8 due and 18 not due; all stabil.
	const thirty = [
		...Array.from({ length: 4 }, (_, i) => overdue(`o${i}`, 4 - i, `Overskredet ${i}`)),
		...Array.from({ length: 8 }, (_, i) => due(`d${i}`, `På tur ${i}`)),
		...Array.from({ length: 18 }, (_, i) => notDue(`n${i}`, `Ikke på tur ${i}`))
	];

	it('fixed_count: 8 cases placed, 22 not placed', () => {
		const result = plan(thirty, { mode: 'fixed_count', lengthMinutes: 120 });
		expect(cases(result)).toHaveLength(8);
		expect(titles(cases(result)).slice(0, 4)).toEqual([
			'Overskredet 0',
			'Overskredet 1',
			'Overskredet 2',
			'Overskredet 3'
		]);
		expect(result.notPlaced).toHaveLength(22);
		expect(notPlacedIds(result, 'count_limit')).toHaveLength(4);
		expect(notPlacedIds(result, 'not_due')).toHaveLength(18);
		expect(result.notPlaced.every((e) => e.why === 'count_limit' || e.why === 'not_due')).toBe(
			true
		);
		// 8 × 15 min and 20 min of fixed items do not fit in 120 min: the slot is shortened.
		expect(cases(result).every((item) => item.minutes === 12)).toBe(true);
		expect(result.warnings).toEqual([
			'Der er ikke tid til 8 sager à 15 min: hver sag har fået 12 min. Justér antal sager, minutter pr. sag eller mødets længde i indstillingerne.'
		]);
		expect(result).toMatchObject({ totalMinutes: 116, overMinutes: 0, freeMinutes: 4 });
		expectConsistent(result);
	});

	it('fixed_count keeps 15-minute slots when 8 fit', () => {
		const result = plan(thirty, { mode: 'fixed_count', lengthMinutes: 140 });
		expect(cases(result).every((item) => item.minutes === 15)).toBe(true);
		expect(result).toMatchObject({ totalMinutes: 140, overMinutes: 0, warnings: [] });
	});

	it('all_borgere: all 30 placed, brief and in depth, when they fit', () => {
		const borgere = [unstable('u', 'Ustabil'), ...thirty.slice(1)];
		const result = plan(borgere, { mode: 'all_borgere' });
		expect(cases(result)).toHaveLength(30);
		expect(result.notPlaced).toEqual([]);
		expect(cases(result).filter((item) => item.depth === 'in_depth')).toHaveLength(1);
		expect(cases(result).filter((item) => item.depth === 'brief')).toHaveLength(29);
		expect(result).toMatchObject({ totalMinutes: 20 + 10 + 29 * 3, overMinutes: 0 });
		const idle = cases(result).find((item) => item.borgerId === 'n0')!;
		expect(idle.reasons).toEqual([
			{ kind: 'all_borgere', label: 'Alle borgere gennemgås: kort status' }
		]);
		expectConsistent(result);
	});

	it('all_borgere: shortens in-depth slots, lowest priority first, before leaving anyone out', () => {
		const borgere = [
			unstable('u0', 'Ustabil 0', { risk: 'hoej' }),
			...Array.from({ length: 4 }, (_, i) => unstable(`u${i + 1}`, `Ustabil ${i + 1}`)),
			...thirty.slice(5)
		];
		const result = plan(borgere, { mode: 'all_borgere' });
		expect(cases(result)).toHaveLength(30);
		expect(result.notPlaced).toEqual([]);
		// 25 × 3 + 5 × 10 = 125 > 100 min; keeping one in depth gives 97.
		expect(
			cases(result)
				.filter((item) => item.depth === 'in_depth')
				.map((item) => item.title)
		).toEqual(['Ustabil 0']);
		expect(result.totalMinutes).toBe(20 + 10 + 29 * 3);
		expect(result.warnings).toEqual([
			'Tiden rækker ikke til uddybende drøftelse af alle ustabile borgere: Ustabil 1, Ustabil 2, Ustabil 3, Ustabil 4 får kort status (3 min).'
		]);
		expectConsistent(result);
	});

	it('all_borgere: reports the overflow when even brief slots do not fit', () => {
		const forty = [
			...thirty,
			...Array.from({ length: 10 }, (_, i) => notDue(`x${i}`, `Ekstra ${i}`))
		];
		const result = plan(forty, { mode: 'all_borgere' });
		expect(cases(result)).toHaveLength(33);
		expect(result.notPlaced).toHaveLength(7);
		expect(result.notPlaced.every((entry) => entry.why === 'no_time')).toBe(true);
		// The borgere with a reason all made it; the overflow comes from the rest.
		for (const id of ['o0', 'o3', 'd0', 'd7']) expect(notPlacedIds(result)).not.toContain(id);
		expect(result.notPlaced[0]!.reasons).toEqual([
			'Ikke tid: sagen kræver 3 min, og der er kun 1 min ledig før mødets afslutning',
			'Alle borgere gennemgås: kort status'
		]);
		expect(result.overMinutes).toBe(0);
		expectConsistent(result);
	});

	it('all_borgere leaves out borgere who are not on the board unless raised', () => {
		const result = plan(
			[
				due('a', 'A'),
				borger('b', 'B', { level: 'ikke_paa_tavlen' }),
				borger('c', 'C', { level: 'ikke_paa_tavlen' })
			],
			{ mode: 'all_borgere' },
			{ requests: [{ borgerId: 'c', reason: 'Genhenvist', requestedBy: 'Bo' }] }
		);
		expect(titles(cases(result))).toEqual(['C', 'A']);
		expect(result.notPlaced).toMatchObject([{ borgerId: 'b', why: 'not_due' }]);
	});
});
