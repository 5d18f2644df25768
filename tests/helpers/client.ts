// A client of a running Tavla server, as a browser would be one: the real sign-in form,
// the tRPC HTTP API and socket.io; and the waiting helpers that go with them.
import { io, type Socket } from 'socket.io-client';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../src/lib/server/trpc/router';
import { transformer } from '../../src/lib/trpc/transformer';

export const DEMO_PASSWORD = 'tavla-demo';

// --- Signing in, tRPC ------------------------------------------------------------------

/** Signs in through the real login form; returns the `tavla_session=...` cookie. */
export async function signIn(
	url: string,
	email: string,
	password = DEMO_PASSWORD
): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			// A browser's plain form post (not SvelteKit's enhanced JSON variant).
			accept: 'text/html',
			origin: url
		},
		body: new URLSearchParams({ email, password }).toString(),
		redirect: 'manual'
	});
	const body = await res.text();
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('tavla_session=') && c.length > 'tavla_session='.length);
	if (res.status !== 303 || !cookie) {
		throw new Error(
			`sign-in as ${email} failed: ${res.status} ${res.headers.get('location') ?? ''}\n${body.slice(0, 500)}`
		);
	}
	return cookie;
}

export function trpcClient(url: string, cookie: string) {
	return createTRPCClient<AppRouter>({
		links: [httpLink({ url: `${url}/api/trpc`, transformer, headers: { cookie } })]
	});
}
export type TrpcClient = ReturnType<typeof trpcClient>;

// --- socket.io -------------------------------------------------------------------------

export type ClientOptions = Parameters<typeof io>[1];

/** A connected socket for the session `cookie`; rejects with the connect_error. */
export function connect(url: string, cookie: string, opts: ClientOptions = {}): Promise<Socket> {
	const socket = io(url, {
		extraHeaders: { cookie },
		transports: ['websocket'],
		reconnection: true,
		reconnectionDelay: 200,
		reconnectionDelayMax: 1_000,
		...opts
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.close();
			reject(new Error(`socket.io: no connection to ${url} within 10 s`));
		}, 10_000);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.off('connect_error', onError);
			resolve(socket);
		});
		const onError = (err: Error) => {
			clearTimeout(timer);
			socket.close();
			reject(err);
		};
		socket.once('connect_error', onError);
	});
}

export interface AckOk<T = unknown> {
	ok: true;
	data: T;
}
export interface AckErr {
	ok: false;
	code: string;
	message: string;
	fields?: Record<string, string> | string[];
}
export type Ack<T = unknown> = AckOk<T> | AckErr;

/** Emits `event` and resolves with the server's acknowledgement; rejects after `timeoutMs`. */
export async function emitAck<T = unknown>(
	socket: Socket,
	event: string,
	payload: unknown,
	timeoutMs = 10_000
): Promise<Ack<T>> {
	return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

/** Resolves with the first `event` for which `match` holds; rejects after `timeoutMs`. */
export function waitForEvent<T = unknown>(
	socket: Socket,
	event: string,
	match: (payload: T) => boolean = () => true,
	timeoutMs = 10_000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event, handler);
			reject(new Error(`no matching '${event}' event within ${timeoutMs} ms`));
		}, timeoutMs);
		const handler = (payload: T) => {
			if (!match(payload)) return;
			clearTimeout(timer);
			socket.off(event, handler);
			resolve(payload);
		};
		socket.on(event, handler);
	});
}

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	what: string | (() => string),
	timeoutMs = 10_000,
	intervalMs = 50
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await sleep(intervalMs);
	}
	throw new Error(
		`timed out after ${timeoutMs} ms waiting for: ${typeof what === 'function' ? what() : what}`
	);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
