/**
 * The shared meeting timer, derived from server timestamps: every screen computes the
 * same remaining time from the item's start and length, corrected for the difference
 * between this browser's clock and the server's.
 */
export class MeetingClock {
	now = $state(Date.now());
	#offset = 0;
	#timer: ReturnType<typeof setInterval> | null = null;

	/** `serverNow` as sent with the meeting data, read when the data arrived. */
	sync(serverNow: number) {
		this.#offset = serverNow - Date.now();
		this.now = Date.now() + this.#offset;
	}

	start() {
		this.#timer ??= setInterval(() => (this.now = Date.now() + this.#offset), 250);
	}

	stop() {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Seconds left (negative = overrun) of an item started at `startedAt` lasting `minutes`. */
	remaining(startedAt: Date | string | null, minutes: number): number {
		if (!startedAt) return minutes * 60;
		const start = typeof startedAt === 'string' ? Date.parse(startedAt) : startedAt.getTime();
		return Math.round((start + minutes * 60_000 - this.now) / 1000);
	}
}

export function formatSeconds(total: number): string {
	const sign = total < 0 ? '−' : '';
	const s = Math.abs(total);
	const m = Math.floor(s / 60);
	return `${sign}${m}:${String(s % 60).padStart(2, '0')}`;
}
