import { describe, expect, it } from 'vitest';
import {
	DEFAULT_INSTRUMENTS,
	DEFAULT_SCHEDULE,
	WHO5_INSTRUMENT,
	dueMeasurements,
	occasionLabel,
	scheduleOccasions,
	scoreInstrument,
	scoreWho5,
	suggestOccasion,
	who5Band,
	who5Change
} from './measurements';

const all = (v: number) => ({ q1: v, q2: v, q3: v, q4: v, q5: v });

describe('WHO-5', () => {
	it('scores the raw sum times four, 0–100', () => {
		expect(scoreWho5(all(0)).score).toBe(0);
		expect(scoreWho5(all(5)).score).toBe(100);
		const r = scoreWho5({ q1: 3, q2: 2, q3: 4, q4: 1, q5: 3 });
		expect(r.raw).toBe(13);
		expect(r.score).toBe(52);
		expect(r.band).toBe('god');
		expect(r.lowItem).toBe(true);
	});

	it('interprets ≤ 50 as reduced and ≤ 28 as low wellbeing', () => {
		expect(who5Band(100)).toBe('god');
		expect(who5Band(52)).toBe('god');
		expect(who5Band(50)).toBe('nedsat');
		expect(who5Band(32)).toBe('nedsat');
		expect(who5Band(28)).toBe('lav');
		expect(who5Band(0)).toBe('lav');
		expect(scoreWho5(all(2)).band).toBe('nedsat');
		expect(scoreWho5(all(1)).band).toBe('lav');
	});

	it('rejects missing, fractional and out-of-range answers', () => {
		expect(() => scoreWho5({ q1: 1, q2: 1, q3: 1, q4: 1 })).toThrow(RangeError);
		expect(() => scoreWho5({ ...all(2), q3: 6 })).toThrow(/aktiv og energisk/);
		expect(() => scoreWho5({ ...all(2), q3: 2.5 })).toThrow(RangeError);
		expect(() => scoreWho5({ ...all(2), q3: -1 })).toThrow(RangeError);
	});

	it('reads a change of 10 points as clinically relevant', () => {
		expect(who5Change(40, 50)).toBe('bedre');
		expect(who5Change(40, 48)).toBe('uaendret');
		expect(who5Change(60, 48)).toBe('vaerre');
	});
});

describe('configurable instruments', () => {
	const star = DEFAULT_INSTRUMENTS.find((i) => i.key === 'recovery_star')!;
	const bolig = DEFAULT_INSTRUMENTS.find((i) => i.key === 'bolig')!;
	it('averages Recovery Star areas and sums counters', () => {
		const answers = Object.fromEntries(star.fields.map((f, i) => [f.key, (i % 10) + 1]));
		expect(scoreInstrument(star, answers).score).toBe(5.5);
		const tvang = DEFAULT_INSTRUMENTS.find((i) => i.key === 'tvang')!;
		expect(scoreInstrument(tvang, { indlaeggelser: 2, andre: 3 }).score).toBe(5);
	});
	it('routes WHO-5 through its own scoring', () => {
		expect(scoreInstrument(WHO5_INSTRUMENT, all(4))).toEqual({
			score: 80,
			band: 'god',
			lowItem: false
		});
	});
	it('rejects values outside the field range or the listed options', () => {
		expect(() => scoreInstrument(star, { o1: 11 })).toThrow(/mellem 1 og 10/);
		expect(() => scoreInstrument(bolig, { status: 2.5 })).toThrow(/vælg en af/);
		expect(scoreInstrument(bolig, { status: 4 }).score).toBe(4);
	});
});

describe('the measurement schedule', () => {
	it('lists intake, 3 and 6 months, then every 6 months up to the given day', () => {
		const o = scheduleOccasions(DEFAULT_SCHEDULE, '2025-01-15', '2026-07-15');
		expect(o.map((x) => `${x.key}@${x.dueOn}`)).toEqual([
			'indskrivning@2025-01-15',
			'm3@2025-04-15',
			'm6@2025-07-15',
			'm12@2026-01-15',
			'm18@2026-07-15'
		]);
	});

	it('ends with the discharge measurement and drops follow-ups after discharge', () => {
		const o = scheduleOccasions(DEFAULT_SCHEDULE, '2025-01-15', '2030-01-01', '2025-09-01');
		expect(o.map((x) => x.key)).toEqual(['indskrivning', 'm3', 'm6', 'afslutning']);
		expect(o.at(-1)!.dueOn).toBe('2025-09-01');
		expect(
			scheduleOccasions(
				{ ...DEFAULT_SCHEDULE, atDischarge: false },
				'2025-01-15',
				'2030-01-01',
				'2025-09-01'
			).map((x) => x.key)
		).not.toContain('afslutning');
	});

	it('shows the intake as due at the start, then nothing until shortly before 3 months', () => {
		const base = { schedule: { ...DEFAULT_SCHEDULE, instruments: ['who5'] }, start: '2025-01-15' };
		const d0 = dueMeasurements({ ...base, today: '2025-01-15', taken: [] });
		expect(d0).toEqual([
			{
				occasion: 'indskrivning',
				dueOn: '2025-01-15',
				missing: ['who5'],
				state: 'forfalden',
				overdueDays: 0
			}
		]);
		const taken = [{ instrument: 'who5', occasion: 'indskrivning' }];
		expect(dueMeasurements({ ...base, today: '2025-03-01', taken })).toEqual([]);
		const soon = dueMeasurements({ ...base, today: '2025-04-05', taken });
		expect(soon.map((d) => [d.occasion, d.state])).toEqual([['m3', 'kommende']]);
		const late = dueMeasurements({ ...base, today: '2025-04-25', taken });
		expect(late[0]).toMatchObject({ occasion: 'm3', state: 'overskredet', overdueDays: 10 });
	});

	it('lets a missed occasion lapse once the next one is due', () => {
		const d = dueMeasurements({
			schedule: { ...DEFAULT_SCHEDULE, instruments: ['who5'] },
			start: '2025-01-15',
			today: '2025-07-20',
			taken: [{ instrument: 'who5', occasion: 'indskrivning' }]
		});
		expect(d.map((x) => x.occasion)).toEqual(['m6']);
	});

	it('lists only the instruments still missing at an occasion', () => {
		const d = dueMeasurements({
			schedule: { ...DEFAULT_SCHEDULE, instruments: ['who5', 'tvang'] },
			start: '2025-01-15',
			today: '2025-01-16',
			taken: [{ instrument: 'who5', occasion: 'indskrivning' }]
		});
		expect(d[0]!.missing).toEqual(['tvang']);
	});

	it('asks for the discharge measurement after discharge', () => {
		const d = dueMeasurements({
			schedule: { ...DEFAULT_SCHEDULE, instruments: ['who5'] },
			start: '2025-01-15',
			today: '2025-09-02',
			dischargedOn: '2025-09-01',
			taken: []
		});
		expect(d.map((x) => x.occasion)).toEqual(['afslutning']);
	});

	it('suggests the nearest scheduled occasion and labels occasions in Danish', () => {
		expect(suggestOccasion(DEFAULT_SCHEDULE, '2025-01-15', '2025-04-01')?.key).toBe('m3');
		expect(suggestOccasion(DEFAULT_SCHEDULE, '2025-01-15', '2025-01-20')?.key).toBe('indskrivning');
		expect(occasionLabel('m12')).toBe('12 måneder');
		expect(occasionLabel('afslutning')).toBe('Afslutning');
	});
});

describe('the board flag', () => {
	it('warns when overdue or due today and informs when due soon', async () => {
		const { measurementFlag } = await import('./measurements');
		expect(measurementFlag([])).toBeNull();
		expect(
			measurementFlag([
				{
					occasion: 'm3',
					dueOn: '2025-04-15',
					missing: ['who5'],
					state: 'overskredet',
					overdueDays: 3
				}
			])
		).toEqual({
			kind: 'measurement_due',
			label: 'Måling ved 3 måneder overskredet med 3 dage',
			severity: 'warning'
		});
		expect(
			measurementFlag([
				{
					occasion: 'm6',
					dueOn: '2025-07-15',
					missing: ['who5'],
					state: 'kommende',
					overdueDays: 0
				}
			])?.label
		).toBe('Måling ved 6 måneder forfalder 15.7.2025');
	});
});
