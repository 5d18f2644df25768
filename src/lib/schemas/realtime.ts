import { z } from '$lib/zod';
import { NOTE_SECTIONS } from './borger';
import { toBytes } from '$lib/realtime/bytes';

/**
 * Socket events between browser and server. Every payload a client sends is parsed
 * with these schemas on the server; a bad payload is answered with a typed error and
 * changes nothing.
 */

export const roomRef = z.discriminatedUnion('type', [
	z.object({ type: z.literal('team'), teamId: z.uuid() }),
	z.object({ type: z.literal('borger'), borgerId: z.uuid() }),
	z.object({ type: z.literal('meeting'), meetingId: z.uuid() })
]);
export type RoomRef = z.infer<typeof roomRef>;

export function roomName(ref: RoomRef): string {
	if (ref.type === 'team') return `team:${ref.teamId}`;
	if (ref.type === 'borger') return `borger:${ref.borgerId}`;
	return `meeting:${ref.meetingId}`;
}

/**
 * A Yjs update or state vector: base64 text (what our clients send, see
 * `$lib/realtime/bytes`) or binary. 1 MB of text decodes to ~750 kB, under socket.io's
 * 1 MB frame limit either way.
 */
const yBytes = z
	.union([z.base64().max(1_400_000), z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)])
	.transform((v) => toBytes(v));

export const clientEvents = {
	subscribe: roomRef,
	unsubscribe: roomRef,
	'note:sync': z.object({
		borgerId: z.uuid(),
		section: z.enum(NOTE_SECTIONS),
		stateVector: yBytes.optional()
	}),
	'note:update': z.object({
		borgerId: z.uuid(),
		section: z.enum(NOTE_SECTIONS),
		update: yBytes
	}),
	'note:awareness': z.object({
		borgerId: z.uuid(),
		section: z.enum(NOTE_SECTIONS),
		update: yBytes
	}),
	'presence:set': z.object({
		borgerId: z.uuid().nullable(),
		field: z.string().max(60).nullable()
	})
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]>;

/** Answer to every client event (socket.io acknowledgement). */
export type Ack<T = unknown> =
	| { ok: true; data: T }
	| { ok: false; code: string; message: string; fields?: Record<string, string> | string[] };

export interface Actor {
	userId: string;
	name: string;
	initials: string;
}

/** What the server pushes to subscribed clients after a committed change. */
export type LiveEvent =
	| {
			type: 'borger.changed';
			teamId: string;
			borgerId: string;
			/** What changed, for clients that refetch only part of the record. */
			what: 'fields' | 'item' | 'risk' | 'kriseplan' | 'skalering' | 'note' | 'status' | 'created';
			version?: number;
			fields?: string[];
			by: Actor;
			at: number;
	  }
	| { type: 'meeting.changed'; teamId: string; meetingId: string; at: number }
	/** A self-evaluation changed; carries no scores, so it may go to the whole team room. */
	| { type: 'audit.changed'; teamId: string; auditId: string; at: number }
	| { type: 'presence'; room: string; people: PresenceEntry[] };

export interface PresenceEntry {
	socketId: string;
	userId: string;
	name: string;
	initials: string;
	borgerId: string | null;
	field: string | null;
}
