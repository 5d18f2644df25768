import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { logger } from '../log';

/**
 * Local-first fan-out for everything live: Yjs updates, awareness, presence and the
 * `live` change events.
 *
 * socket.io's cluster adapters (PostgreSQL, Redis) publish a broadcast to the other
 * instances and only then deliver it to the sockets on this instance, so every edit
 * would wait for a `pg_notify` round trip before anyone in the same process sees it.
 * Here the local sockets get the message at once (`io.local`) and the other instances
 * get it through `serverSideEmit`, which publishes in the background. Yjs messages are
 * base64 text so that they fit in one notification instead of a stored attachment.
 *
 * An instance that has heard from no other (the adapter counts them by heartbeat) does
 * not publish at all: a `pg_notify` per keystroke that nobody listens to was a database
 * round trip and a notification to parse back, on every edit of a single-instance
 * installation. For the first STARTUP_RELAY_MS it relays regardless, since its own
 * first heartbeat answers may not have arrived yet.
 *
 * Missed text updates are never lost: on reconnect (and whenever an update arrives whose
 * predecessor is missing) a note resyncs by Yjs state vector, and records refetch by
 * version, so these messages need no connection-state-recovery offsets.
 */

const RELAY = 'tavla:relay';
/** Longer than the adapter's heartbeat interval (2 s, see bootstrap.js) with room to spare. */
const STARTUP_RELAY_MS = 10_000;

const noteRoom = z.string().regex(/^note:[0-9a-f-]{36}:[a-z]{1,20}$/);
const anyRoom = z.string().regex(/^(team|borger|meeting):[0-9a-f-]{36}$/);
const textPayload = z.object({ borgerId: z.string(), section: z.string(), update: z.string() });
const relayMessage = z.discriminatedUnion('event', [
	z.object({
		rooms: z.tuple([noteRoom]),
		event: z.enum(['note', 'awareness']),
		payload: textPayload
	}),
	// Presence lists must arrive newest last, which a publish-then-deliver broadcast does
	// not guarantee when two updates overlap; change events are the same shape.
	z.object({
		rooms: z.array(anyRoom).min(1).max(2),
		event: z.literal('live'),
		payload: z.object({ type: z.string() }).loose()
	})
]);
type RelayMessage = z.infer<typeof relayMessage>;

/** True when socket.io runs with an adapter that reaches other instances. */
export function clustered(io: Server): boolean {
	return typeof (io.of('/').adapter as { doPublish?: unknown }).doPublish === 'function';
}

let relayFrom = 0;

/** Receives relayed messages from other instances; call once per server. */
export function registerRelay(io: Server): void {
	if (!clustered(io)) return;
	relayFrom = Date.now();
	io.on(RELAY as never, (raw: unknown) => {
		const m = relayMessage.safeParse(raw);
		if (!m.success) return logger.warn('realtime relay: malformed message ignored');
		io.local.to(m.data.rooms).emit(m.data.event, m.data.payload);
	});
}

/** Whether another instance may be listening: one has sent a heartbeat, or we just started. */
async function othersMayListen(io: Server): Promise<boolean> {
	if (Date.now() - relayFrom < STARTUP_RELAY_MS) return true;
	return (await io.of('/').adapter.serverCount()) > 1;
}

/**
 * Sends a message to everyone in `rooms` (except `sender`, when given) on every instance:
 * at once to this instance's sockets, in the background to the others. A socket in more
 * than one of the rooms gets it once.
 */
export function fanOut<M extends RelayMessage>(
	io: Server,
	sender: Socket | null,
	rooms: M['rooms'],
	event: M['event'],
	payload: M['payload']
): void {
	const local = io.local.to(rooms);
	(sender ? local.except(sender.id) : local).emit(event, payload);
	if (!clustered(io)) return;
	const message = { rooms, event, payload };
	// Relays keep their order: each waits one microtask for the (synchronous) count. If
	// the count ever failed, relaying anyway is the safe side.
	void othersMayListen(io)
		.catch(() => true)
		.then((yes) => {
			if (yes) io.serverSideEmit(RELAY, message);
		})
		.catch((err) => logger.warn({ err }, 'realtime relay failed'));
}
