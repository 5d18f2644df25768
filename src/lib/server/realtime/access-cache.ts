import type { BorgerAccess } from '../access/borger';

/**
 * Per-connection memory of write access for the live edit path (`note:update` keystrokes).
 *
 * Resolving access costs two queries (and, uncoalesced, an access-log insert with its own
 * commit), and typing sends several updates a second; that is several round trips before
 * anyone sees a character. An answer is reused for a short while, and only while the
 * socket is still in the borger's room: losing access (withdrawn consent, expired guest
 * grant) makes the consent re-check remove the socket from the room on whichever instance
 * it lives, so a cached answer never outlives it. A consent change also bumps the borger's epoch here (and on the
 * other instances, through the relay), so narrower sections apply at the next keystroke.
 * A change of the member's own role or membership disconnects all their sockets
 * (revocation.ts), and the cache goes with the socket.
 *
 * Closing the course is not cached at all: both writes check the borger's status when they
 * commit (the note insert in its WHERE clause, the field update on the locked row).
 */

export const ACCESS_TTL_MS = 10_000;
const MAX_ENTRIES = 64;

/** Bumped when anything about a borger's consent changes; cached answers from before are void. */
const epochs = new Map<string, number>();

export function invalidateBorgerAccess(borgerId: string): void {
	epochs.set(borgerId, (epochs.get(borgerId) ?? 0) + 1);
}

interface Entry {
	access: BorgerAccess;
	until: number;
	epoch: number;
}

export class AccessCache {
	#entries = new Map<string, Entry>();

	/**
	 * The cached access for `key` on `borgerId` if it is fresh, else `load()` (and remember
	 * it). A failed load is never cached, so a refusal is checked again next time.
	 */
	async get(
		key: string,
		borgerId: string,
		load: () => Promise<BorgerAccess>,
		now = Date.now()
	): Promise<BorgerAccess> {
		const epoch = epochs.get(borgerId) ?? 0;
		const hit = this.#entries.get(key);
		if (hit && hit.until > now && hit.epoch === epoch) return hit.access;
		const access = await load();
		if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
		this.#entries.set(key, { access, until: now + ACCESS_TTL_MS, epoch });
		return access;
	}

	clear(): void {
		this.#entries.clear();
	}
}
