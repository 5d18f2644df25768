import type { Server, Socket } from 'socket.io';
import { TRPCError } from '@trpc/server';
import { ZodError, type ZodType } from 'zod';
import { fieldErrors } from '$lib/zod';
import { t } from '$lib/i18n/da';
import { can } from '$lib/domain/permissions';
import {
	clientEvents,
	roomName,
	type Ack,
	type ClientEventName,
	type ClientEventPayload,
	type PresenceEntry
} from '$lib/schemas/realtime';
import { getDb, type DB } from '../db';
import { logger } from '../log';
import { observeSocketEvent } from '../ops/metrics';
import {
	SESSION_COOKIE,
	sessionIsComplete,
	touchSession,
	validateSessionToken,
	TOUCH_INTERVAL_MS,
	type SessionUser
} from '../auth/session';
import { assertSection, resolveBorgerAccess } from '../access/borger';
import { rejectedInput } from '../db/rejected';
import { setConsentSink } from '../consent/live';
import { setAuditSink, setMeetingSink, setPublishSink } from './publish';
import { noteAppend, noteSync } from './notes';
import { clustered, fanOut, registerRelay } from './fanout';
import { AccessCache, invalidateBorgerAccess } from './access-cache';
import { registerRevocation, sessionRoom, startSessionSweep, userRoom } from './revocation';
import { noteRoom, noteRoomsOf } from './note-rooms';
import { toBase64 } from '$lib/realtime/bytes';
import { modifyAwarenessUpdate } from 'y-protocols/awareness';
import { badRequest, forbidden } from '../errors';

/**
 * Live collaboration over socket.io: authentication from the session cookie, rooms per
 * team board, borger record and meeting, Yjs note updates acknowledged after commit, and
 * presence. Structured edits go through tRPC; their committed changes reach the rooms
 * through the publish sink. Every event is validated with the shared zod schema
 * and authorised by the same access module as tRPC.
 */

interface SocketData {
	user: SessionUser;
	/** The session the socket was opened with; it ends with it (revocation.ts). */
	sessionId: string;
	/** When this socket last recorded activity on its session. */
	touchedAt: number;
	presence: { borgerId: string | null; field: string | null };
	bucket: { tokens: number; at: number };
	access: AccessCache;
}
type TavlaSocket = Socket<
	Record<string, never>,
	Record<string, never>,
	Record<string, never>,
	SocketData
>;

/**
 * Events a person causes (typing, moving between fields and pages): they keep the
 * session from going idle, like requests do. Cursor updates and re-syncs are sent by
 * the browser on its own and do not count.
 */
const ACTIVITY: ReadonlySet<string> = new Set([
	'note:update',
	'presence:set',
	'subscribe',
	'unsubscribe'
]);

/** Server-to-server: a borger's consent changed, so cached access answers are void. */
const ACCESS_CHANGED = 'tavla:access-changed';

// Per connection: bursts of 60 events, refilled at 30/s. Enough for fast typing.
const BUCKET_SIZE = 60;
const REFILL_PER_MS = 30 / 1000;

function parseCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return decodeURIComponent(v.join('='));
	}
	return null;
}

function toAck(err: unknown): Ack<never> {
	err = rejectedInput(err) ?? err;
	if (err instanceof ZodError) {
		return {
			ok: false,
			code: 'BAD_REQUEST',
			message: t.errors.badRequest,
			fields: fieldErrors(err)
		};
	}
	if (err instanceof TRPCError) {
		if (err.cause instanceof ZodError) {
			return {
				ok: false,
				code: 'BAD_REQUEST',
				message: t.errors.badRequest,
				fields: fieldErrors(err.cause)
			};
		}
		const fields = (err as TRPCError & { fields?: string[] }).fields;
		return {
			ok: false,
			code: err.code,
			message: err.code === 'INTERNAL_SERVER_ERROR' ? t.errors.generic : err.message,
			...(fields ? { fields } : {})
		};
	}
	logger.error({ err }, 'realtime handler failed');
	return { ok: false, code: 'INTERNAL_SERVER_ERROR', message: t.errors.generic };
}

type Handler<E extends ClientEventName> = (
	payload: ClientEventPayload<E>,
	socket: TavlaSocket,
	db: DB
) => Promise<unknown>;

function on<E extends ClientEventName>(socket: TavlaSocket, db: DB, event: E, handler: Handler<E>) {
	(socket as unknown as Socket).on(event as string, async (...args: unknown[]) => {
		// socket.io passes the acknowledgement last. Taking the second argument instead left
		// `emit(event, payload, extra, ack)` unanswered, yet carried out (an ack-less write).
		const ack = typeof args.at(-1) === 'function' ? (args.pop() as (a: Ack) => void) : null;
		const reply = ack ?? (() => {});
		const b = socket.data.bucket;
		const now = Date.now();
		b.tokens = Math.min(BUCKET_SIZE, b.tokens + (now - b.at) * REFILL_PER_MS);
		b.at = now;
		if (b.tokens < 1) {
			observeSocketEvent(event, 'rate_limited');
			return reply({ ok: false, code: 'TOO_MANY_REQUESTS', message: t.errors.tooMany });
		}
		b.tokens -= 1;
		if (ACTIVITY.has(event) && now - socket.data.touchedAt >= TOUCH_INTERVAL_MS) {
			socket.data.touchedAt = now;
			touchSession(db, socket.data.sessionId).catch(() => {});
		}
		// Exactly one payload: none, or more than one, is a malformed call.
		if (args.length !== 1) {
			observeSocketEvent(event, 'error');
			return reply({ ok: false, code: 'BAD_REQUEST', message: t.errors.badRequest });
		}
		const parsed = (clientEvents[event] as unknown as ZodType<ClientEventPayload<E>>).safeParse(
			args[0]
		);
		if (!parsed.success) {
			observeSocketEvent(event, 'error');
			return reply(toAck(parsed.error));
		}
		try {
			const data = (await handler(parsed.data, socket, db)) ?? null;
			observeSocketEvent(event, 'ok');
			reply({ ok: true, data });
		} catch (err) {
			observeSocketEvent(event, 'error');
			reply(toAck(err));
		}
	});
}

async function presenceOf(io: Server, room: string): Promise<PresenceEntry[]> {
	const sockets = await io.in(room).fetchSockets();
	return sockets.map((s) => {
		const d = s.data as SocketData;
		return {
			socketId: s.id,
			userId: d.user.id,
			name: d.user.name,
			initials: d.user.initials,
			borgerId: d.presence?.borgerId ?? null,
			field: d.presence?.field ?? null
		};
	});
}

async function broadcastPresence(io: Server, rooms: Iterable<string>) {
	for (const room of rooms) {
		if (!room.startsWith('team:') && !room.startsWith('borger:') && !room.startsWith('meeting:'))
			continue;
		try {
			const people = await presenceOf(io, room);
			fanOut(io, null, [room], 'live', { type: 'presence', room, people });
		} catch (err) {
			// fetchSockets waits for every instance; for a few seconds after one dies the
			// adapter still counts it and times out. Presence is advisory: a failed update must
			// not fail the subscribe (the join already happened) or the client's edit.
			logger.warn(
				{ err: err instanceof Error ? err.message : 'unknown', room },
				'presence update failed'
			);
		}
	}
}

export function registerRealtime(io: Server): void {
	registerRelay(io);
	registerRevocation(io);
	startSessionSweep(io, getDb);
	setPublishSink((event) => {
		fanOut(io, null, [`borger:${event.borgerId}`, `team:${event.teamId}`], 'live', event);
	});

	// Consent changed: re-check every socket in the borger's room at once, on every
	// instance. Those that lost access leave the record's room and its notes; those whose
	// sections narrowed leave the notes they may no longer read. The 'borger.changed'
	// event already published makes the others refetch their (possibly narrower) record.
	setConsentSink((borgerId) => {
		invalidateBorgerAccess(borgerId);
		if (clustered(io)) io.serverSideEmit(ACCESS_CHANGED, borgerId);
		void (async () => {
			const db = await getDb();
			const room = `borger:${borgerId}`;
			for (const s of await io.in(room).fetchSockets()) {
				const u = (s.data as SocketData).user;
				const notes = noteRoomsOf(s.rooms, borgerId);
				try {
					const access = await resolveBorgerAccess(db, u.id, borgerId, 'borger.read', {
						log: false
					});
					const gone = notes.filter((n) => !access.sections.has(n.section)).map((n) => n.room);
					for (const r of gone) s.leave(r);
				} catch {
					for (const r of [room, ...notes.map((n) => n.room)]) s.leave(r);
				}
			}
		})().catch((err) => logger.error({ err }, 'consent re-check failed'));
	});

	if (clustered(io)) {
		io.on(ACCESS_CHANGED as never, (borgerId: unknown) => {
			if (typeof borgerId === 'string') invalidateBorgerAccess(borgerId);
		});
	}

	setMeetingSink((event) => {
		fanOut(io, null, [`meeting:${event.meetingId}`], 'live', event);
	});

	setAuditSink((event) => {
		fanOut(io, null, [`team:${event.teamId}`], 'live', event);
	});

	io.use(async (socket, next) => {
		try {
			const token = parseCookie(socket.request.headers.cookie, SESSION_COOKIE);
			const db = await getDb();
			const v = token ? await validateSessionToken(db, token) : null;
			if (!v || !sessionIsComplete(v)) {
				const err = new Error(t.errors.unauthorized) as Error & { data?: unknown };
				err.data = { code: 'UNAUTHORIZED' };
				return next(err);
			}
			const data = socket.data as SocketData;
			data.user = v.user;
			data.sessionId = v.session.id;
			data.touchedAt = Date.now();
			data.presence = { borgerId: null, field: null };
			data.bucket = { tokens: BUCKET_SIZE, at: Date.now() };
			data.access = new AccessCache();
			next();
		} catch (err) {
			logger.error({ err }, 'realtime auth failed');
			next(new Error(t.errors.generic));
		}
	});

	io.on('connection', async (raw) => {
		const socket = raw as unknown as TavlaSocket;
		const db = await getDb();
		const user = socket.data.user;
		// Where revocations find this socket (revocation.ts).
		await (raw as Socket).join([userRoom(user.id), sessionRoom(socket.data.sessionId)]);

		on(socket, db, 'subscribe', async (ref) => {
			if (ref.type === 'team') {
				const m = await db
					.selectFrom('membership')
					.select('role')
					.where('team_id', '=', ref.teamId)
					.where('user_id', '=', user.id)
					.where('deactivated_at', 'is', null)
					.executeTakeFirst();
				if (!m || !can(m.role, 'borger.read')) throw forbidden(t.errors.forbidden);
			} else if (ref.type === 'borger') {
				await resolveBorgerAccess(db, user.id, ref.borgerId, 'borger.read', {
					feature: 'socket:subscribe'
				});
			} else {
				const m = await db
					.selectFrom('meeting')
					.innerJoin('membership', 'membership.team_id', 'meeting.team_id')
					.select('membership.role')
					.where('meeting.id', '=', ref.meetingId)
					.where('membership.user_id', '=', user.id)
					.where('membership.deactivated_at', 'is', null)
					.executeTakeFirst();
				if (!m || !can(m.role, 'meeting.participate')) throw forbidden(t.errors.forbidden);
			}
			const room = roomName(ref);
			await (raw as Socket).join(room);
			await broadcastPresence(io, [room]);
			return { room };
		});

		on(socket, db, 'unsubscribe', async (ref) => {
			const room = roomName(ref);
			// Leaving a room one is not in stays a harmless no-op, but must not make the
			// server send (and, across instances, gather) presence in any room named.
			const joined = (raw as Socket).rooms.has(room);
			await (raw as Socket).leave(room);
			if (ref.type === 'borger') {
				for (const n of noteRoomsOf((raw as Socket).rooms, ref.borgerId))
					await (raw as Socket).leave(n.room);
			}
			if (joined) await broadcastPresence(io, [room]);
			return { room };
		});

		on(socket, db, 'presence:set', async (p) => {
			socket.data.presence = { borgerId: p.borgerId, field: p.field };
			await broadcastPresence(io, (raw as Socket).rooms);
			return null;
		});

		/**
		 * Write access for keystrokes: a recent answer is reused while the socket is in the
		 * record's room (see access-cache.ts); outside it every update is checked in full.
		 * noteAppend checks the course's status itself when it commits.
		 */
		const liveWriteAccess = (borgerId: string, feature: string) => {
			const load = () =>
				resolveBorgerAccess(db, user.id, borgerId, 'borger.write', { feature, coalesce: true });
			return (raw as Socket).rooms.has(`borger:${borgerId}`)
				? socket.data.access.get(`${feature}:${borgerId}`, borgerId, load)
				: load();
		};

		on(socket, db, 'note:sync', async (p) => {
			const access = await resolveBorgerAccess(db, user.id, p.borgerId, 'borger.read', {
				feature: 'socket:note:sync',
				coalesce: true
			});
			// Keystrokes of this note reach only sockets that may read its section. Joined
			// before the state is read, so nothing committed in between is missed.
			assertSection(access, p.section);
			await (raw as Socket).join(noteRoom(p.borgerId, p.section));
			return noteSync(db, access, p.section, p.stateVector);
		});

		on(socket, db, 'note:update', async (p) => {
			const access = await liveWriteAccess(p.borgerId, 'socket:note:update');
			await noteAppend(db, access, user.id, p.section, p.update);
			// Others with the note open get the update (as base64); the sender already has it.
			fanOut(io, raw as Socket, [noteRoom(p.borgerId, p.section)], 'note', {
				borgerId: p.borgerId,
				section: p.section,
				update: toBase64(p.update)
			});
			return null;
		});

		on(socket, db, 'note:awareness', async (p) => {
			// Only into a note this socket has synced, and still may read.
			if (!(raw as Socket).rooms.has(noteRoom(p.borgerId, p.section))) {
				throw forbidden(t.errors.forbidden);
			}
			// Not stored, but relayed to everyone editing the note: junk stops here.
			try {
				modifyAwarenessUpdate(p.update, (state: unknown) => state);
			} catch {
				throw badRequest(t.errors.badAwareness);
			}
			fanOut(io, raw as Socket, [noteRoom(p.borgerId, p.section)], 'awareness', {
				borgerId: p.borgerId,
				section: p.section,
				update: toBase64(p.update)
			});
			return null;
		});

		socket.on('disconnecting' as never, () => {
			const rooms = [...(raw as Socket).rooms];
			// After the socket has left, tell the rooms who is still there.
			setTimeout(() => void broadcastPresence(io, rooms).catch(() => {}), 0);
		});
	});
}

declare global {
	var __tavlaRealtime: { io: Server; ready: boolean } | undefined;
}

/** Called from the server `init` hook: registers handlers on the server that server.js or Vite attached. */
export function initRealtime(): void {
	const state = globalThis.__tavlaRealtime;
	if (!state || state.ready) return;
	registerRealtime(state.io);
	state.ready = true;
	logger.info('realtime ready');
}
