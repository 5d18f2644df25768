import { redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { startup } from '$lib/server/startup';
import { initRealtime } from '$lib/server/realtime';
import { SESSION_COOKIE, sessionIsComplete, validateSessionToken } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { logger, requestContext } from '$lib/server/log';
import { observeRequest } from '$lib/server/ops/metrics';
import { onShutdown } from '$lib/server/ops/lifecycle';
import { flushNoteRefreshes } from '$lib/server/realtime/notes';
import { closeDb } from '$lib/server/db';

export const init: ServerInit = async () => {
	await startup();
	// socket.io was attached by server.js (or the Vite plugin in dev); handlers go live now.
	initRealtime();
	// Run by server.js after the last request on SIGTERM: pending note text/history first.
	onShutdown('notes', flushNoteRefreshes);
	onShutdown('db', closeDb);
};

// Paths a half-signed-in user (password ok, TOTP pending) may still reach.
const TOTP_PATHS = ['/login/totp', '/logout'];

// An incoming id (from the proxy) is kept only when it is short and plain, so it cannot
// smuggle anything into logs or headers.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const handle: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
	const started = performance.now();
	const response = await requestContext
		.run({ requestId: event.locals.requestId }, async () => handleRequest({ event, resolve }))
		.catch((err: unknown) => {
			// Redirects and errors thrown by handle itself still count.
			const status = (err as { status?: number })?.status ?? 500;
			observeRequest(
				event.request.method,
				event.route.id ?? 'unmatched',
				status,
				(performance.now() - started) / 1000
			);
			throw err;
		});
	const seconds = (performance.now() - started) / 1000;
	const route = event.route.id ?? 'unmatched';
	observeRequest(event.request.method, route, response.status, seconds);
	// Route ids, not paths or query strings: those can carry names or e-mails.
	requestContext.run({ requestId: event.locals.requestId }, () =>
		logger.info(
			{
				method: event.request.method,
				route,
				status: response.status,
				ms: Math.round(seconds * 1000)
			},
			'request'
		)
	);
	return response;
};

const handleRequest: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const secure = event.url.protocol === 'https:';

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const db = await getDb();
		const result = await validateSessionToken(db, token);
		if (!result) {
			deleteSessionCookie(event.cookies, secure);
		} else {
			if (sessionIsComplete(result)) {
				event.locals.user = result.user;
				event.locals.session = result.session;
			} else if (TOTP_PATHS.includes(event.url.pathname)) {
				// Only the TOTP step sees the pending session.
				event.locals.session = result.session;
				event.locals.pendingUser = result.user;
			} else if (!event.url.pathname.startsWith('/api/')) {
				redirect(303, '/login/totp');
			}
		}
	}

	const theme = event.cookies.get('tavla_theme');
	const themeClass = theme === 'dark' || theme === 'light' ? theme : '';

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%tavla.theme%', themeClass)
	});
	response.headers.set('x-request-id', event.locals.requestId);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	if (secure)
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	// Pages show personal data: never cache them in shared caches.
	if (!response.headers.has('cache-control'))
		response.headers.set('cache-control', 'private, no-store');
	return response;
};
