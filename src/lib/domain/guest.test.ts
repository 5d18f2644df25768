import { describe, expect, it } from 'vitest';
import { copenhagenTime, guestWindow, windowPhase, type SlotInput } from './guest';

const slot = (over: Partial<SlotInput> = {}): SlotInput => ({
	meetingDate: '2026-11-23',
	meetingStart: '09:00',
	fixedTime: '10:30',
	minutesBefore: 0,
	plannedMinutes: 15,
	extendedMinutes: 0,
	startedAt: null,
	endedAt: null,
	...over
});

describe('copenhagenTime', () => {
	it('converts Danish wall-clock time in winter and summer', () => {
		expect(copenhagenTime('2026-11-23', '10:30').toISOString()).toBe('2026-11-23T09:30:00.000Z');
		expect(copenhagenTime('2026-06-15', '10:30').toISOString()).toBe('2026-06-15T08:30:00.000Z');
	});
});

describe('guest window', () => {
	it('a pinned slot opens 15 min before and closes 15 min after its planned end', () => {
		const w = guestWindow(slot());
		expect(w.slotStart.toISOString()).toBe('2026-11-23T09:30:00.000Z');
		expect(w.opensAt.toISOString()).toBe('2026-11-23T09:15:00.000Z');
		expect(w.closesAt.toISOString()).toBe('2026-11-23T10:00:00.000Z');
	});

	it('an unpinned item starts after the items before it', () => {
		const w = guestWindow(slot({ fixedTime: null, minutesBefore: 45 }));
		expect(w.slotStart.toISOString()).toBe('2026-11-23T08:45:00.000Z');
	});

	it('a late start and an extension move the end; ending the item closes it', () => {
		const late = guestWindow(
			slot({ startedAt: new Date('2026-11-23T09:50:00Z'), extendedMinutes: 5 })
		);
		expect(late.closesAt.toISOString()).toBe('2026-11-23T10:25:00.000Z');
		const ended = guestWindow(
			slot({
				startedAt: new Date('2026-11-23T09:30:00Z'),
				endedAt: new Date('2026-11-23T09:40:00Z')
			})
		);
		expect(ended.closesAt.toISOString()).toBe('2026-11-23T09:40:00.000Z');
	});

	it('an item that starts early opens the link early', () => {
		const early = guestWindow(slot({ startedAt: new Date('2026-11-23T09:00:00Z') }));
		expect(early.opensAt.toISOString()).toBe('2026-11-23T08:45:00.000Z');
		expect(early.closesAt.toISOString()).toBe('2026-11-23T09:30:00.000Z');
	});

	it('phases: before, open, after', () => {
		const w = guestWindow(slot());
		expect(windowPhase(w, new Date('2026-11-23T09:14:59Z'))).toBe('before');
		expect(windowPhase(w, new Date('2026-11-23T09:15:00Z'))).toBe('open');
		expect(windowPhase(w, new Date('2026-11-23T10:00:00Z'))).toBe('open');
		expect(windowPhase(w, new Date('2026-11-23T10:00:01Z'))).toBe('after');
	});
});
