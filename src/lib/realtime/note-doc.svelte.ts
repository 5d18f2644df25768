import * as Y from 'yjs';
import {
	Awareness,
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates
} from 'y-protocols/awareness';
import type { Ack } from '$lib/schemas/realtime';
import type { NOTE_SECTIONS } from '$lib/schemas/borger';
import type { LiveConnection } from './connection.svelte';
import { NOTE_TEXT } from './notes-shared';
import { fromBase64, toBase64, toBytes } from './bytes';

export { fromBase64, toBase64, toBytes };

/**
 * One collaborative note (a Y.Doc per borger + section) kept in step with the server
 * over the live connection.
 *
 * - On start and after every (re)connect the document asks the server for what it
 *   lacks (`note:sync` with its state vector), then sends what the server lacks: every
 *   local change stays in an outbox until the server has acknowledged it, and the
 *   outbox is re-sent after a reconnect. Yjs makes duplicates harmless.
 * - The outbox is mirrored to localStorage, so typing done while offline survives a
 *   reload or a closed tab and is sent the next time the note (or any record) is open.
 * - Carets and selections of the others travel as y-protocols awareness updates.
 */

export type NoteSection = (typeof NOTE_SECTIONS)[number];

/** What the server pushes for a note: a Yjs update or an awareness update. */
export interface NoteMessage {
	borgerId: string;
	section: string;
	update: unknown;
}

export interface NotePayload {
	borgerId: string;
	section: NoteSection;
	stateVector?: Uint8Array;
	update?: Uint8Array;
}

/** The small part of the live connection a note needs (a fake one in tests). */
export interface NoteTransport {
	readonly connected: boolean;
	emit(event: 'note:sync' | 'note:update' | 'note:awareness', payload: NotePayload): Promise<Ack>;
	on(event: 'note' | 'awareness', handler: (m: NoteMessage) => void): () => void;
	on(event: 'connect' | 'disconnect', handler: () => void): () => void;
}

/** The part of `Storage` we use; injectable for tests. */
export type NoteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface NoteUser {
	id: string;
	name: string;
}

export interface LiveNoteOptions {
	transport: NoteTransport;
	borgerId: string;
	section: NoteSection;
	user: NoteUser;
	/** Where unacknowledged changes are kept; defaults to localStorage, `null` for none. */
	storage?: NoteStorage | null;
	/** Minimum time between two awareness (caret) messages. */
	awarenessThrottleMs?: number;
	/** Wait before retrying after a timeout or a server error. */
	retryMs?: number;
}

/** Transaction origin of changes that came from the server (never sent back). */
export const REMOTE = 'remote';
const RESTORE = 'restore';
export const STORAGE_PREFIX = 'tavla:note:';
/** Refusals that will not change by trying again: the change is dropped. */
const PERMANENT = new Set(['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND']);
/** Connection trouble; the status line already says so. */
const TRANSIENT = new Set(['OFFLINE', 'TIMEOUT', 'TOO_MANY_REQUESTS']);
/** Storage keys held by notes open in this tab (the sweeper leaves them alone). */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not UI state
const liveKeys = new Set<string>();

/** Caret colours: twelve hues at the same perceived lightness, dark enough for white names. */
const HUES = [25, 55, 85, 145, 175, 205, 235, 265, 295, 325, 115, 355];

/** The same person gets the same colour in every browser. */
export function userColor(userId: string): { color: string; colorLight: string } {
	let h = 0x811c9dc5;
	for (let i = 0; i < userId.length; i++) {
		h ^= userId.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	const hue = HUES[(h >>> 0) % HUES.length]!;
	return { color: `oklch(0.48 0.14 ${hue})`, colorLight: `oklch(0.48 0.14 ${hue} / 0.25)` };
}

function defaultStorage(): NoteStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled by the browser
	}
}

function storageKeys(storage: NoteStorage, prefix: string): string[] {
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		if (k?.startsWith(prefix)) keys.push(k);
	}
	return keys;
}

/** The socket events of the browser's live connection, as a note transport. */
export function noteTransport(conn: LiveConnection): NoteTransport {
	const socket = conn.socket;
	return {
		get connected() {
			return socket.connected;
		},
		emit: (event, { update, stateVector, ...rest }) =>
			conn.emit(event, {
				...rest,
				...(update ? { update: toBase64(update) } : {}),
				...(stateVector ? { stateVector: toBase64(stateVector) } : {})
			} as never),
		on(event: string, handler: (m: NoteMessage) => void) {
			socket.on(event, handler);
			return () => void socket.off(event, handler);
		}
	};
}

export class LiveNote {
	/** The server has answered a sync since the last (re)connect. */
	synced = $state(false);
	/** The document has been synced at least once: safe to show and edit. */
	loaded = $state(false);
	online = $state(false);
	/** Local changes the server has not acknowledged yet. */
	pending = $state(0);
	error = $state<string | null>(null);

	readonly doc = new Y.Doc();
	readonly text: Y.Text;
	readonly awareness: Awareness;
	readonly borgerId: string;
	readonly section: NoteSection;

	#t: NoteTransport;
	#storage: NoteStorage | null;
	#key: string | null = null;
	#throttleMs: number;
	#retryMs: number;
	#outbox: Uint8Array[] = [];
	/** Bumped on every (re)connect; answers to older requests are ignored. */
	#gen = 0;
	#inflight = false;
	#destroyed = false;
	#closed = false;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not UI state
	#timers = new Set<ReturnType<typeof setTimeout>>();
	#awarenessTimer: ReturnType<typeof setTimeout> | null = null;
	#awarenessSentAt = 0;
	#resyncTimer: ReturnType<typeof setTimeout> | null = null;
	#offTransport: (() => void)[] = [];
	#offConnection: (() => void)[] = [];

	constructor(opts: LiveNoteOptions) {
		this.borgerId = opts.borgerId;
		this.section = opts.section;
		this.#t = opts.transport;
		this.#storage = opts.storage === undefined ? defaultStorage() : opts.storage;
		this.#throttleMs = opts.awarenessThrottleMs ?? 100;
		this.#retryMs = opts.retryMs ?? 2000;
		this.text = this.doc.getText(NOTE_TEXT);
		this.awareness = new Awareness(this.doc);
		this.awareness.setLocalStateField('user', { name: opts.user.name, ...userColor(opts.user.id) });

		this.#restore();
		this.doc.on('update', this.#onDocUpdate);
		this.awareness.on('update', this.#onAwarenessUpdate);
		this.#offConnection.push(
			this.#t.on('connect', this.#onConnect),
			this.#t.on('disconnect', this.#onDisconnect)
		);
		this.#offTransport.push(
			this.#t.on('note', this.#onNote),
			this.#t.on('awareness', this.#onAwareness)
		);
		if (this.#t.connected) this.#onConnect();
	}

	/**
	 * Stop listening and take the caret away. Changes the server has not acknowledged
	 * yet are still sent in the background (and stay in storage until they are).
	 */
	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		for (const off of this.#offTransport) off();
		this.#offTransport = [];
		for (const t of this.#timers) clearTimeout(t);
		this.#timers.clear();
		if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
		if (this.#resyncTimer) clearTimeout(this.#resyncTimer);
		this.awareness.off('update', this.#onAwarenessUpdate);
		removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
		if (this.#t.connected) {
			void this.#t.emit('note:awareness', {
				borgerId: this.borgerId,
				section: this.section,
				update: encodeAwarenessUpdate(this.awareness, [this.doc.clientID])
			});
		}
		this.awareness.destroy();
		if (this.#outbox.length === 0) this.#close();
		else this.#flush();
	}

	#close() {
		if (this.#closed) return;
		this.#closed = true;
		for (const off of this.#offConnection) off();
		this.#offConnection = [];
		if (this.#key) liveKeys.delete(this.#key);
		this.doc.off('update', this.#onDocUpdate);
		this.doc.destroy();
	}

	#later(fn: () => void, ms: number) {
		const t = setTimeout(() => {
			this.#timers.delete(t);
			fn();
		}, ms);
		this.#timers.add(t);
	}

	// ---- storage -------------------------------------------------------------

	/** Take over what earlier visits (this or other tabs) could not send. */
	#restore() {
		const s = this.#storage;
		if (!s) return;
		const prefix = `${STORAGE_PREFIX}${this.borgerId}:${this.section}:`;
		this.#key = prefix + Math.random().toString(36).slice(2, 10);
		liveKeys.add(this.#key);
		const found: Uint8Array[] = [];
		const taken: string[] = [];
		try {
			// Also keys of a note still open elsewhere: sending a change twice is harmless.
			for (const k of storageKeys(s, prefix)) {
				const v = s.getItem(k);
				taken.push(k);
				if (!v) continue;
				try {
					const u = fromBase64(v);
					Y.decodeUpdate(u); // throws on garbage
					found.push(u);
				} catch {
					// unreadable: nothing to recover
				}
			}
		} catch {
			return;
		}
		if (found.length > 0) {
			const merged = found.length === 1 ? found[0]! : Y.mergeUpdates(found);
			this.#outbox.push(merged);
			this.pending = this.#outbox.length;
			// May depend on text the first sync brings; Yjs holds it back until then.
			Y.applyUpdate(this.doc, merged, RESTORE);
			this.#persist();
		}
		for (const k of taken) {
			try {
				s.removeItem(k);
			} catch {
				// ignore
			}
		}
	}

	#persist() {
		const s = this.#storage;
		if (!s || !this.#key) return;
		try {
			if (this.#outbox.length === 0) s.removeItem(this.#key);
			else s.setItem(this.#key, toBase64(Y.mergeUpdates(this.#outbox)));
		} catch {
			// Quota or privacy mode: the change is still in memory and will be sent.
		}
	}

	// ---- document ------------------------------------------------------------

	#onDocUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === REMOTE || origin === RESTORE) return;
		this.#outbox.push(update);
		this.pending = this.#outbox.length;
		this.#persist();
		this.#flush();
	};

	#onNote = (m: NoteMessage) => {
		if (m.borgerId !== this.borgerId || m.section !== this.section) return;
		try {
			Y.applyUpdate(this.doc, toBytes(m.update), REMOTE);
		} catch {
			return;
		}
		// An update that depends on one we never got (e.g. sent while we were joining
		// the room) waits inside Yjs: fetch the gap.
		const store = this.doc.store;
		if ((store.pendingStructs || store.pendingDs) && this.synced) this.#scheduleResync();
	};

	#scheduleResync() {
		if (this.#resyncTimer) return;
		this.#resyncTimer = setTimeout(() => {
			this.#resyncTimer = null;
			if (!this.#destroyed) void this.#sync(this.#gen);
		}, 300);
	}

	#onConnect = () => {
		const gen = ++this.#gen;
		this.online = true;
		this.synced = false;
		this.#inflight = false;
		if (this.#destroyed) this.#flush();
		else void this.#sync(gen);
	};

	#onDisconnect = () => {
		this.#gen++;
		this.online = false;
		this.synced = false;
		this.#inflight = false;
		if (this.#destroyed) return;
		// Carets of the others are stale until we are back.
		const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
		if (others.length > 0) removeAwarenessStates(this.awareness, others, REMOTE);
	};

	async #sync(gen: number) {
		if (!this.#t.connected) return;
		const ack = await this.#t.emit('note:sync', {
			borgerId: this.borgerId,
			section: this.section,
			stateVector: Y.encodeStateVector(this.doc)
		});
		if (this.#destroyed || gen !== this.#gen) return;
		if (!ack.ok) {
			if (!TRANSIENT.has(ack.code)) this.error = ack.message;
			if (!PERMANENT.has(ack.code) && ack.code !== 'OFFLINE') {
				this.#later(() => gen === this.#gen && void this.#sync(gen), this.#retryMs);
			}
			return;
		}
		try {
			Y.applyUpdate(this.doc, toBytes(ack.data), REMOTE);
		} catch {
			this.error = 'Noten kunne ikke hentes.';
			return;
		}
		this.error = null;
		this.synced = true;
		this.loaded = true;
		this.#flush();
		this.#sendAwareness();
	}

	/** Send the outbox, one batch at a time; the batch leaves it when acknowledged. */
	#flush() {
		if (this.#inflight || this.#outbox.length === 0 || !this.#t.connected) return;
		if (!this.synced && !this.#destroyed) return;
		const gen = this.#gen;
		const count = this.#outbox.length;
		const update = count === 1 ? this.#outbox[0]! : Y.mergeUpdates(this.#outbox);
		this.#inflight = true;
		void this.#t
			.emit('note:update', { borgerId: this.borgerId, section: this.section, update })
			.then((ack) => {
				if (gen !== this.#gen) return; // reconnected meanwhile: the outbox is sent again
				this.#inflight = false;
				if (ack.ok || PERMANENT.has(ack.code)) {
					this.#outbox.splice(0, count);
					this.pending = this.#outbox.length;
					this.#persist();
					if (!ack.ok) this.error = ack.message;
					else if (this.error) this.error = null;
					if (this.#destroyed && this.#outbox.length === 0) return this.#close();
					this.#flush();
				} else if (ack.code !== 'OFFLINE') {
					if (!this.#destroyed && !TRANSIENT.has(ack.code)) this.error = ack.message;
					this.#later(() => gen === this.#gen && this.#flush(), this.#retryMs);
				}
			});
	}

	// ---- awareness -----------------------------------------------------------

	#onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		const me = this.doc.clientID;
		if (origin === REMOTE) {
			// Someone new: tell them where we are (they only learn it from us).
			if (added.some((id) => id !== me)) this.#queueAwareness();
			return;
		}
		if (added.includes(me) || updated.includes(me) || removed.includes(me)) {
			this.#queueAwareness();
		}
	};

	#onAwareness = (m: NoteMessage) => {
		if (m.borgerId !== this.borgerId || m.section !== this.section) return;
		try {
			applyAwarenessUpdate(this.awareness, toBytes(m.update), REMOTE);
		} catch {
			// ignore a malformed caret
		}
	};

	#queueAwareness() {
		if (this.#awarenessTimer || this.#destroyed) return;
		const wait = Math.max(0, this.#awarenessSentAt + this.#throttleMs - Date.now());
		this.#awarenessTimer = setTimeout(() => {
			this.#awarenessTimer = null;
			this.#sendAwareness();
		}, wait);
	}

	#sendAwareness() {
		if (this.#destroyed || !this.#t.connected || !this.synced) return;
		this.#awarenessSentAt = Date.now();
		void this.#t.emit('note:awareness', {
			borgerId: this.borgerId,
			section: this.section,
			update: encodeAwarenessUpdate(this.awareness, [this.doc.clientID])
		});
	}
}

/**
 * Sends changes that were typed offline in notes that are not open now (e.g. the tab
 * was closed before the connection came back). Runs shortly after every connect until
 * the returned function is called.
 */
export function flushStoredNotes(
	transport: NoteTransport,
	storage: NoteStorage | null = defaultStorage(),
	delayMs = 3000
): () => void {
	if (!storage) return () => {};
	let timer: ReturnType<typeof setTimeout> | null = null;
	const run = () => {
		for (const key of storageKeys(storage, STORAGE_PREFIX)) {
			if (liveKeys.has(key)) continue;
			const [borgerId, section] = key.slice(STORAGE_PREFIX.length).split(':');
			const value = storage.getItem(key);
			if (!borgerId || !section || !value) continue;
			let update: Uint8Array;
			try {
				update = fromBase64(value);
			} catch {
				storage.removeItem(key);
				continue;
			}
			void transport
				.emit('note:update', { borgerId, section: section as NoteSection, update })
				.then((ack) => {
					// Another tab may have added to it meanwhile: then it is not done.
					if ((ack.ok || PERMANENT.has(ack.code)) && storage.getItem(key) === value) {
						storage.removeItem(key);
					}
				});
		}
	};
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			if (transport.connected) run();
		}, delayMs);
	};
	const off = transport.on('connect', schedule);
	if (transport.connected) schedule();
	return () => {
		off();
		if (timer) clearTimeout(timer);
	};
}
