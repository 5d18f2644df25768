import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { openGuest, guestView } from '$lib/server/guest/session';
import { guestDevice, plausibleToken } from '$lib/server/guest/http';

/**
 * What the guest page polls every few seconds: the timer and the item's notes, re-checked
 * like the page itself. When the slot ends or consent is withdrawn the answer is 403 and
 * the page removes everything it showed.
 */
export const GET: RequestHandler = async ({ params, cookies, url }) => {
	const headers = { 'cache-control': 'private, no-store' };
	if (!plausibleToken(params.token)) return json({ kind: 'invalid' }, { status: 403, headers });
	const db = await getDb();
	const state = await openGuest(
		db,
		params.token,
		guestDevice(cookies, url.protocol === 'https:'),
		'gaest:status'
	);
	if (state.kind !== 'open') return json({ kind: state.kind }, { status: 403, headers });
	const view = await guestView(db, state.session);
	return json(
		{
			kind: 'open',
			timer: view.timer,
			closesAt: view.closesAt,
			itemNotes: view.itemNotes,
			tasks: view.tasks
		},
		{ headers }
	);
};
