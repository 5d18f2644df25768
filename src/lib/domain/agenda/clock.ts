/** Clock times of a meeting, 'HH:MM' (24-hour, Copenhagen local time of the meeting). */
export type ClockTime = string;

export const MINUTES_PER_DAY = 24 * 60;
const CLOCK = /^(\d{1,2}):(\d{2})$/;

export function isClockTime(value: string): boolean {
	const match = CLOCK.exec(value);
	return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
}

/** Minutes after midnight for 'HH:MM' (or 'H:MM'). Throws RangeError on anything else. */
export function parseClockTime(value: ClockTime): number {
	const match = CLOCK.exec(value);
	if (!match || !isClockTime(value)) throw new RangeError(`Ugyldigt klokkeslæt: ${value}`);
	return Number(match[1]) * 60 + Number(match[2]);
}

/** 'HH:MM' for minutes after midnight, wrapping around midnight. */
export function formatClockTime(minutes: number): ClockTime {
	const day = ((Math.round(minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
	const hours = Math.floor(day / 60);
	const rest = day % 60;
	return `${hours < 10 ? '0' : ''}${hours}:${rest < 10 ? '0' : ''}${rest}`;
}
