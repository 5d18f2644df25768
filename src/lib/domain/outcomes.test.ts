import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENTS, WHO5_INSTRUMENT } from './measurements';
import { computeOutcomes, median, monthsBetween, outcomesCsv, quarterOf } from './outcomes';

const instruments = [
	WHO5_INSTRUMENT,
	DEFAULT_INSTRUMENTS.find((i) => i.key === 'indlaeggelsesdage')!
];

const input = {
	fromMonth: '2025-01',
	toMonth: '2025-06',
	courses: [
		{ borgerId: 'a', referredOn: '2024-12-01', startedOn: '2025-01-10', closedOn: null },
		{ borgerId: 'b', referredOn: '2025-02-01', startedOn: '2025-03-03', closedOn: '2025-05-20' },
		{ borgerId: 'c', referredOn: '2025-05-01', startedOn: null, closedOn: null }
	],
	scaling: [
		{ borgerId: 'a', toLevel: 'intensiv', on: '2025-01-10' },
		{ borgerId: 'a', toLevel: 'stabil', on: '2025-04-02' },
		{ borgerId: 'b', toLevel: 'skaerpet', on: '2025-03-03' }
	],
	measurements: [
		{ borgerId: 'a', instrument: 'who5', measuredOn: '2025-01-10', score: 32 },
		{ borgerId: 'a', instrument: 'who5', measuredOn: '2025-04-10', score: 56 },
		{ borgerId: 'b', instrument: 'who5', measuredOn: '2025-03-03', score: 40 },
		{ borgerId: 'b', instrument: 'who5', measuredOn: '2025-05-20', score: 36 },
		{ borgerId: 'a', instrument: 'indlaeggelsesdage', measuredOn: '2025-01-10', score: 20 },
		{ borgerId: 'a', instrument: 'indlaeggelsesdage', measuredOn: '2025-04-10', score: 3 }
	],
	discharges: [
		{ reason: 'flyttet', on: '2025-05-20' },
		{ reason: 'maal_naaet', on: '2024-11-01' }
	],
	referrals: [
		{ referredOn: '2024-12-01', status: 'optaget' },
		{ referredOn: '2025-02-01', status: 'optaget' },
		{ referredOn: '2025-05-01', status: 'modtaget' },
		{ referredOn: '2025-05-03', status: 'afvist' }
	],
	instruments
};

describe('outcomes', () => {
	const o = computeOutcomes(input);
	it('counts active courses at each month end', () => {
		expect(o.caseload.map((c) => c.count)).toEqual([1, 1, 2, 2, 1, 1]);
	});
	it('gives the median days from referral to start per quarter', () => {
		expect(o.referralToStart).toEqual([
			{ quarter: '2025 K1', medianDays: 35, n: 2 },
			{ quarter: '2025 K2', medianDays: null, n: 0 }
		]);
		expect(o.medianDaysToStart).toBe(35);
	});
	it('reads the scaling level distribution from the events', () => {
		expect(o.scaling[2]!.counts).toEqual({ intensiv: 1, skaerpet: 1 });
		expect(o.scaling[3]!.counts).toEqual({ stabil: 1, skaerpet: 1 });
	});
	it('compares first and latest WHO-5', () => {
		const w = o.beforeAfter.find((b) => b.instrument === 'who5')!;
		expect(w).toMatchObject({ n: 2, before: 36, after: 46, improved: 1 });
		const adm = o.beforeAfter.find((b) => b.instrument === 'indlaeggelsesdage')!;
		expect(adm.improved).toBe(1);
	});
	it('sums admission days per quarter and counts discharges and referrals in range', () => {
		expect(o.admissionDays).toEqual([
			{ quarter: '2025 K1', days: 20, measurements: 1 },
			{ quarter: '2025 K2', days: 3, measurements: 1 }
		]);
		expect(o.dischargesByReason).toEqual([{ reason: 'flyttet', count: 1 }]);
		expect(o.referrals).toEqual({ received: 3, accepted: 1, rejected: 1, referredOn: 0 });
	});
	it('writes a Danish CSV with decimal commas and neutralised formulas', () => {
		const csv = outcomesCsv(o, {
			level: (k) => (k === 'stabil' ? '=Stabil' : k),
			reason: (k) => k
		});
		expect(csv.startsWith('\uFEFFAfsnit;Periode;Mål;Værdi')).toBe(true);
		expect(csv).toContain('Henvisning til opstart;2025 K1;Median dage (n=2);35\r\n');
		expect(csv).toContain(";'=Stabil;");
	});
});

describe('helpers', () => {
	it('lists months, quarters and medians', () => {
		expect(monthsBetween('2024-11', '2025-02')).toEqual([
			'2024-11',
			'2024-12',
			'2025-01',
			'2025-02'
		]);
		expect(quarterOf('2025-11-30')).toBe('2025 K4');
		expect(median([])).toBeNull();
		expect(median([3, 1, 2])).toBe(2);
		expect(median([1, 2])).toBe(1.5);
	});
});
