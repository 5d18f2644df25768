// A minimal collaborative note editor for tests: one Y.Doc per (borger, section), wired
// to a socket the way the browser editor is. Local updates go out as `note:update` and
// stay pending until acknowledged; incoming `note` events are applied as 'remote'.
// After a reconnect, `resync()` pulls what the server has beyond our state vector and
// resends every unacknowledged update (Yjs makes resends idempotent).
import * as Y from 'yjs';
import { toBase64, toBytes } from '../../src/lib/realtime/bytes';
import type { Socket } from 'socket.io-client';
import { emitAck } from '$tests/client';

export const TEXT_NAME = 'text';
export const TOKEN_OPEN = '⟦';
export const TOKEN_CLOSE = '⟧';

/** A marker that `insertRandom` never splits. */
export const token = (name: string) => `${TOKEN_OPEN}${name}${TOKEN_CLOSE}`;

export class NoteClient {
	readonly doc = new Y.Doc();
	readonly text = this.doc.getText(TEXT_NAME);
	/** Updates sent (or waiting to be sent) but not acknowledged yet. */
	readonly pending = new Set<Uint8Array>();
	/** Errors from acknowledgements other than transport failures. */
	readonly errors: string[] = [];
	#inflight = 0;

	constructor(
		readonly socket: Socket,
		readonly borgerId: string,
		readonly section: string
	) {
		socket.on('note', (e: { borgerId: string; section: string; update: string }) => {
			if (e.borgerId !== borgerId || e.section !== section) return;
			Y.applyUpdate(this.doc, toBytes(e.update), 'remote');
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return;
			this.pending.add(update);
			if (socket.connected) void this.send(update);
		});
	}

	get value(): string {
		return this.text.toString();
	}

	/** True when every local update has been acknowledged. */
	get settled(): boolean {
		return this.pending.size === 0 && this.#inflight === 0;
	}

	/** Sends local updates (merged into one); resolves true when the server acknowledged them. */
	async send(...updates: Uint8Array[]): Promise<boolean> {
		if (updates.length === 0) return true;
		const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
		this.#inflight++;
		try {
			const ack = await emitAck(
				this.socket,
				'note:update',
				{ borgerId: this.borgerId, section: this.section, update: toBase64(update) },
				5_000
			);
			if (ack.ok) {
				for (const u of updates) this.pending.delete(u);
				return true;
			}
			this.errors.push(`${ack.code}: ${ack.message}`);
			return false;
		} catch {
			return false; // timeout or disconnect: stays pending, resent by resync()
		} finally {
			this.#inflight--;
		}
	}

	/** Initial sync or catch-up after a reconnect: server state beyond ours, then our unacknowledged updates. */
	async resync(): Promise<void> {
		const ack = await emitAck<ArrayBuffer>(this.socket, 'note:sync', {
			borgerId: this.borgerId,
			section: this.section,
			stateVector: Y.encodeStateVector(this.doc)
		});
		if (!ack.ok) throw new Error(`note:sync failed: ${ack.code} ${ack.message}`);
		Y.applyUpdate(this.doc, new Uint8Array(ack.data), 'remote');
		await this.send(...this.pending);
	}

	/**
	 * Inserts `token` at a random position that is not inside another token (tokens are
	 * written as ⟦...⟧), so every token stays findable as a whole after merging.
	 */
	insertRandom(token: string, random: () => number = Math.random): void {
		const s = this.value;
		const boundaries: number[] = [];
		let depth = 0;
		for (let i = 0; i <= s.length; i++) {
			if (depth === 0) boundaries.push(i);
			if (s[i] === TOKEN_OPEN) depth++;
			else if (s[i] === TOKEN_CLOSE) depth = Math.max(0, depth - 1);
		}
		this.text.insert(boundaries[Math.floor(random() * boundaries.length)]!, token);
	}

	destroy(): void {
		this.doc.destroy();
	}
}
