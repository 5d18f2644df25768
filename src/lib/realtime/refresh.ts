import { invalidate, invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';

/**
 * Refetching a page's data after a live event, without ever losing a click.
 *
 * SvelteKit lets an invalidation win over a navigation that is under way (the navigation
 * is dropped), so on a busy board, where others' edits arrive every few hundred
 * milliseconds during a meeting, a click on a link could silently do nothing. While a
 * navigation is under way we wait and try again; once it has finished, the new page
 * has fresh data anyway and the refetch is cheap.
 */
export function idleRefresher(
	isNavigating: () => boolean,
	run: (dep?: string) => Promise<void>,
	retryMs = 200
): (dep?: string) => Promise<void> {
	const refresh = (dep?: string): Promise<void> =>
		isNavigating()
			? new Promise((resolve) => setTimeout(() => resolve(refresh(dep)), retryMs))
			: run(dep);
	return refresh;
}

/** Refetches what depends on `dep` (everything without one), after any navigation under way. */
export const refreshWhenIdle = idleRefresher(
	() => navigating.to !== null,
	(dep) => (dep ? invalidate(dep) : invalidateAll())
);
