import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { logger } from '../log';

/**
 * Local-first fan-out for the hot path of collaborative text (Yjs updates and awareness).
 *
 * socket.io's cluster adapters (PostgreSQL, Redis) publish a broadcast to the other
 * instances and only then deliver it to the sockets on this instance, so every keystroke
 * would wait for a `pg_notify` round trip before anyone in the same process sees it.
 * Here the local sockets get the message at once (`io.local`) and the other instances
 * get it through `serverSideEmit`, which publishes in the background. Messages are
 * base64 text so that they fit in one notification instead of a stored attachment.
 *
 * Missed text updates are never lost: on reconnect a note resyncs by Yjs state vector,
 * so these messages need no connection-state-recovery offsets.
 */

const RELAY = 'tavla:relay';

const textPayload = z.object({ borgerId: z.string(), section: z.string(), update: z.string() });
const relayMessage = z.discriminatedUnion('event', [
	z.object({
		room: z.string().regex(/^borger:[0-9a-f-]{36}$/),
		event: z.enum(['note', 'awareness']),
		payload: textPayload
	}),
	// Presence lists: the newest must arrive last, which a publish-then-deliver broadcast
	// does not guarantee when two updates overlap.
	z.object({
		room: z.string().regex(/^(team|borger|meeting):[0-9a-f-]{36}$/),
		event: z.literal('live'),
		payload: z.object({ type: z.literal('presence') }).loose()
	})
]);
type RelayMessage = z.infer<typeof relayMessage>;

/** True when socket.io runs with an adapter that reaches other instances. */
export function clustered(io: Server): boolean {
	return typeof (io.of('/').adapter as { doPublish?: unknown }).doPublish === 'function';
}

/** Receives relayed messages from other instances; call once per server. */
export function registerRelay(io: Server): void {
	if (!clustered(io)) return;
	io.on(RELAY as never, (raw: unknown) => {
		const m = relayMessage.safeParse(raw);
		if (!m.success) return logger.warn('realtime relay: malformed message ignored');
		io.local.to(m.data.room).emit(m.data.event, m.data.payload);
	});
}

/**
 * Sends a message to everyone in `room` (except `sender`, when given) on every instance:
 * at once to this instance's sockets, in the background to the others.
 */
export function fanOut<M extends RelayMessage>(
	io: Server,
	sender: Socket | null,
	room: M['room'],
	event: M['event'],
	payload: M['payload']
): void {
	const local = io.local.to(room);
	(sender ? local.except(sender.id) : local).emit(event, payload);
	if (clustered(io)) io.serverSideEmit(RELAY, { room, event, payload });
}
