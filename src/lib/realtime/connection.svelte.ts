import { io, type Socket } from 'socket.io-client';
import type {
	Ack,
	ClientEventName,
	ClientEventPayload,
	LiveEvent,
	PresenceEntry,
	RoomRef
} from '$lib/schemas/realtime';
import { roomName } from '$lib/schemas/realtime';
import { t } from '$lib/i18n/da';

/**
 * The browser's one live connection. Keeps the rooms the page shows subscribed across
 * reconnects, exposes online/offline state, and sends events with acknowledgement:
 * a promise that settles when the server has committed (or refused) the change.
 */
export class LiveConnection {
	status = $state<'connecting' | 'online' | 'offline'>('connecting');
	/** Presence per room name. */
	presence = $state<Record<string, PresenceEntry[]>>({});
	socket: Socket;
	// Bookkeeping, not UI state: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#rooms = new Map<string, { ref: RoomRef; count: number }>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Set<
		(e: Extract<LiveEvent, { type: 'borger.changed' }>, recovered: boolean) => void
	>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#meetingListeners = new Set<(e: Extract<LiveEvent, { type: 'meeting.changed' }>) => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#auditListeners = new Set<(e: Extract<LiveEvent, { type: 'audit.changed' }>) => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#resyncListeners = new Set<() => void>();

	constructor(url?: string) {
		this.socket = io(url ?? '', { withCredentials: true, transports: ['websocket', 'polling'] });
		this.socket.on('connect', () => {
			this.status = 'online';
			// After a short outage socket.io replays what we missed (recovered); after a
			// longer one the rooms must be joined again and the pages refetch their state.
			if (!this.socket.recovered) {
				for (const { ref } of this.#rooms.values()) void this.emit('subscribe', ref);
				for (const l of this.#resyncListeners) l();
			}
		});
		this.socket.on('disconnect', (reason) => {
			this.status = 'offline';
			// The server ends a connection when the person's access changed (signed out,
			// role or membership changed). Connect again through its checks: what they may
			// still see comes back; a refusal makes the page refetch (below).
			if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 500);
		});
		this.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
			this.status = 'offline';
			// Signed out (elsewhere, or the session ended): the page's own load sends the
			// person to the sign-in page.
			if (err.data?.code === 'UNAUTHORIZED') for (const l of this.#resyncListeners) l();
		});
		this.socket.on('live', (e: LiveEvent) => {
			if (e.type === 'presence') this.presence = { ...this.presence, [e.room]: e.people };
			else if (e.type === 'meeting.changed') for (const l of this.#meetingListeners) l(e);
			else if (e.type === 'audit.changed') for (const l of this.#auditListeners) l(e);
			else for (const l of this.#listeners) l(e, false);
		});
	}

	emit<E extends ClientEventName>(
		event: E,
		payload: ClientEventPayload<E>,
		timeoutMs = 10_000
	): Promise<Ack> {
		return new Promise((resolve) => {
			if (!this.socket.connected) {
				resolve({ ok: false, code: 'OFFLINE', message: t.errors.network });
				return;
			}
			this.socket.timeout(timeoutMs).emit(event, payload, (err: unknown, ack: Ack) => {
				resolve(err ? { ok: false, code: 'TIMEOUT', message: t.errors.network } : ack);
			});
		});
	}

	/** Subscribe to a room while the returned function has not been called. */
	join(ref: RoomRef): () => void {
		const name = roomName(ref);
		const entry = this.#rooms.get(name);
		if (entry) entry.count++;
		else {
			this.#rooms.set(name, { ref, count: 1 });
			if (this.socket.connected) void this.emit('subscribe', ref);
		}
		return () => {
			const e = this.#rooms.get(name);
			if (!e) return;
			if (--e.count === 0) {
				this.#rooms.delete(name);
				if (this.socket.connected) void this.emit('unsubscribe', ref);
			}
		};
	}

	onChange(
		listener: (e: Extract<LiveEvent, { type: 'borger.changed' }>, recovered: boolean) => void
	): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	onMeeting(listener: (e: Extract<LiveEvent, { type: 'meeting.changed' }>) => void): () => void {
		this.#meetingListeners.add(listener);
		return () => this.#meetingListeners.delete(listener);
	}

	onAudit(listener: (e: Extract<LiveEvent, { type: 'audit.changed' }>) => void): () => void {
		this.#auditListeners.add(listener);
		return () => this.#auditListeners.delete(listener);
	}

	/** Called after a reconnect that socket.io could not bridge: refetch state. */
	onResync(listener: () => void): () => void {
		this.#resyncListeners.add(listener);
		return () => this.#resyncListeners.delete(listener);
	}

	setPresence(borgerId: string | null, field: string | null) {
		void this.emit('presence:set', { borgerId, field });
	}
}

let shared: LiveConnection | null = null;
/** One connection per browser tab, created on first use (never during SSR). */
export function live(): LiveConnection {
	shared ??= new LiveConnection();
	return shared;
}
