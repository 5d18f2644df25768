import { describe, expect, it } from 'vitest';
import { formatClockTime, parseClockTime } from './clock';
import {
	DEFAULT_FIXED_ITEMS,
	DEFAULT_MEETING_SETTINGS,
	resolveMeetingSettings,
	validateMeetingSettings,
	type MeetingSettings
} from './settings';
import { plan } from './testing';

describe('settings', () => {
	it('has the documented defaults', () => {
		expect(DEFAULT_MEETING_SETTINGS).toMatchObject({
			mode: 'fixed_count',
			lengthMinutes: 120,
			caseCount: 8,
			defaultCaseMinutes: 15,
			briefCaseMinutes: 3,
			inDepthMinutes: 10
		});
		expect(DEFAULT_FIXED_ITEMS.map((item) => [item.title, item.minutes, item.position])).toEqual([
			['Fremmøde og dagsorden', 5, 'start'],
			['Nye henvisninger og visitation', 10, 'start'],
			['Meddelelser', 5, 'end']
		]);
		expect(validateMeetingSettings(DEFAULT_MEETING_SETTINGS)).toEqual([]);
	});

	it('resolves a partial setting on top of the defaults, ignoring undefined', () => {
		const settings = resolveMeetingSettings({ mode: 'all_borgere', caseCount: undefined });
		expect(settings.mode).toBe('all_borgere');
		expect(settings.caseCount).toBe(8);
	});

	it.each<[string, Partial<MeetingSettings>, RegExp]>([
		['length 0', { lengthMinutes: 0 }, /Mødets længde/],
		['bad start time', { startTime: '9.00' }, /starttid/],
		['start time 24:00', { startTime: '24:00' }, /starttid/],
		['fractional case count', { caseCount: 2.5 }, /Antal sager/],
		['case minutes 0', { defaultCaseMinutes: 0 }, /Minutter pr. sag/],
		['negative lead days', { dueLeadDays: -1 }, /Dage før forfald/],
		[
			'duplicate fixed keys',
			{
				fixedItems: [
					{ key: 'a', title: 'A', minutes: 5, position: 'start' },
					{ key: 'a', title: 'B', minutes: 5, position: 'end' }
				]
			},
			/Nøglen "a"/
		],
		[
			'fixed items fill the meeting',
			{ lengthMinutes: 20 },
			/De faste punkter \(20 min\) fylder hele mødet/
		]
	])('rejects %s', (_, patch, message) => {
		const errors = validateMeetingSettings(resolveMeetingSettings(patch));
		expect(
			errors.some((error) => message.test(error)),
			errors.join('\n')
		).toBe(true);
		expect(() => plan([], patch)).toThrow(RangeError);
	});
});

describe('clock times', () => {
	it.each([
		['09:00', 540],
		['9:05', 545],
		['00:00', 0],
		['23:59', 1439]
	])('%s is %i minutes', (clock, minutes) => {
		expect(parseClockTime(clock)).toBe(minutes);
		expect(formatClockTime(minutes)).toBe(clock.padStart(5, '0'));
	});

	it('wraps past midnight', () => {
		expect(formatClockTime(1440 + 30)).toBe('00:30');
		expect(formatClockTime(-30)).toBe('23:30');
	});

	it.each(['24:00', '10:60', '1030', ''])('rejects %j', (value) => {
		expect(() => parseClockTime(value)).toThrow(RangeError);
	});
});
