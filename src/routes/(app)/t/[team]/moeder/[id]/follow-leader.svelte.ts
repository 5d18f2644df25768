/**
 * "Follow the leader": while on, the running item's borger record opens on this screen
 * whenever the meeting leader moves on. The choice is this person's own and stays on this
 * device (localStorage, per user), so it survives reloads and does not follow them to a
 * shared computer's other users.
 */
export class FollowLeader {
	on = $state(true);
	readonly #key: string;

	constructor(userId: string) {
		this.#key = `tavla:follow-leader:${userId}`;
	}

	/** Read the stored choice (browser only; default on). */
	load() {
		try {
			const stored = localStorage.getItem(this.#key);
			if (stored !== null) this.on = stored === '1';
		} catch {
			// Storage blocked (private mode): the default holds for this visit.
		}
	}

	set(on: boolean) {
		this.on = on;
		try {
			localStorage.setItem(this.#key, on ? '1' : '0');
		} catch {
			// As above: the choice lasts until the page is left.
		}
	}
}
