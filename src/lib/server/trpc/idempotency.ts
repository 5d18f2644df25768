import type { DB } from '../db';
import { logger } from '../log';

/**
 * Idempotency keys for edits replayed from the browser's offline queue
 * (`$lib/realtime/edit-queue.svelte.ts`). The queue sends each queued edit with an
 * `Idempotency-Key` header and resends it until it gets an answer. If the first attempt
 * was committed but its answer was lost (connection dropped, tab closed), the resend
 * gets the stored first answer instead of applying the edit a second time.
 *
 * Only successful answers are stored: a refused edit changed nothing and may be retried.
 * Keys are per user and kept for a week.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEEP_DAYS = 7;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lastPrune = 0;

function refuse(message: string): Response {
	return Response.json(
		{ error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } } },
		{ status: 400 }
	);
}

export async function withIdempotency(
	db: DB,
	request: Request,
	userId: string | null,
	handle: () => Promise<Response>
): Promise<Response> {
	const key = request.headers.get(IDEMPOTENCY_HEADER);
	if (key === null) return handle();
	if (!UUID.test(key)) return refuse('Ugyldig Idempotency-Key: den skal være et UUID.');
	if (request.method !== 'POST') return refuse('Idempotency-Key bruges kun ved ændringer.');
	const path = new URL(request.url).pathname.replace(/^\/api\/trpc\//, '');
	if (path.includes(','))
		return refuse('Idempotency-Key kan ikke bruges på en samlet forespørgsel.');
	// Signed-out requests are refused by the procedure itself; nothing to remember.
	if (!userId) return handle();

	const seen = await db
		.selectFrom('idempotency_key')
		.select(['path', 'body'])
		.where('user_id', '=', userId)
		.where('key', '=', key)
		.executeTakeFirst();
	if (seen) {
		if (seen.path !== path)
			return refuse('Idempotency-Key er allerede brugt til en anden ændring.');
		return new Response(seen.body, {
			status: 200,
			headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' }
		});
	}

	const response = await handle();
	if (response.status !== 200) return response;
	const body = await response.text();
	try {
		await db
			.insertInto('idempotency_key')
			.values({ user_id: userId, key, path, body })
			.onConflict((oc) => oc.doNothing())
			.execute();
	} catch (err) {
		// The edit is committed; failing to remember it only risks a conflict on a resend.
		logger.warn({ err }, 'could not store idempotency key');
	}
	void prune(db);
	return new Response(body, { status: 200, headers: response.headers });
}

async function prune(db: DB): Promise<void> {
	const now = Date.now();
	if (now - lastPrune < PRUNE_EVERY_MS) return;
	lastPrune = now;
	try {
		await db
			.deleteFrom('idempotency_key')
			.where('created_at', '<', new Date(now - KEEP_DAYS * 24 * 60 * 60 * 1000))
			.execute();
	} catch (err) {
		logger.warn({ err }, 'could not prune idempotency keys');
	}
}
