import { describe, expect, it } from 'vitest';
import { agendaBudget, clampMinutes, isNew, moveRow, slotTimes, type AgendaRow } from './edit';

const row = (id: string, minutes: number, fixedTime: string | null = null): AgendaRow => ({
	id,
	kind: 'case',
	borgerId: null,
	title: id,
	minutes,
	status: 'planlagt',
	fixedTime,
	guestLabel: null
});

describe('agenda editor helpers', () => {
	it('gives each slot its clock time from the start, one after the other', () => {
		expect(slotTimes([row('a', 10), row('b', 15), row('c', 5)], '09:00')).toEqual([
			'09:00',
			'09:10',
			'09:25'
		]);
	});

	it('starts a fixed-time slot at its time, but never before the previous one ends', () => {
		expect(slotTimes([row('a', 10), row('gp', 15, '09:30'), row('c', 5)], '09:00')).toEqual([
			'09:00',
			'09:30',
			'09:45'
		]);
		expect(slotTimes([row('a', 40), row('gp', 15, '09:30')], '09:00')).toEqual(['09:00', '09:40']);
	});

	it('sums the slots against the meeting length', () => {
		expect(agendaBudget([row('a', 60), row('b', 45)], 120)).toEqual({
			total: 105,
			length: 120,
			over: 0,
			free: 15,
			percent: 88
		});
		expect(agendaBudget([row('a', 100), row('b', 45)], 120)).toMatchObject({
			total: 145,
			over: 25,
			free: 0,
			percent: 100
		});
	});

	it('moves a row and keeps the others in order', () => {
		expect(moveRow(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
		expect(moveRow(['a', 'b', 'c'], 2, -5)).toEqual(['c', 'a', 'b']);
		expect(moveRow(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
	});

	it('keeps slot lengths within what the server accepts', () => {
		expect(clampMinutes(0)).toBe(1);
		expect(clampMinutes(999)).toBe(240);
		expect(clampMinutes(12.4)).toBe(12);
		expect(clampMinutes(Number.NaN)).toBe(1);
	});

	it('tells unsaved rows apart', () => {
		expect(isNew(row('new-1', 5))).toBe(true);
		expect(isNew(row('0b8a6c1e-0000-4000-8000-000000000000', 5))).toBe(false);
	});
});
