import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleRefresher } from './refresh';

describe('idleRefresher', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('refetches at once when no navigation is under way', async () => {
		const run = vi.fn(async () => {});
		await idleRefresher(() => false, run)('tavla:board');
		expect(run).toHaveBeenCalledWith('tavla:board');
	});

	it('waits for a navigation under way to finish, then refetches once', async () => {
		let navigating = true;
		const run = vi.fn(async () => {});
		const done = idleRefresher(() => navigating, run, 200)('tavla:borger');
		await vi.advanceTimersByTimeAsync(1000);
		expect(run).not.toHaveBeenCalled();
		navigating = false;
		await vi.advanceTimersByTimeAsync(200);
		await done;
		expect(run).toHaveBeenCalledTimes(1);
		expect(run).toHaveBeenCalledWith('tavla:borger');
	});

	it('refetches everything when no dependency is named', async () => {
		const run = vi.fn(async () => {});
		await idleRefresher(() => false, run)();
		expect(run).toHaveBeenCalledWith(undefined);
	});
});
