import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	acceptGuestTask,
	addGuestNote,
	guestView,
	openGuest,
	verifyGuestCode
} from '$lib/server/guest/session';
import { guestNoteInput } from '$lib/schemas/guest';
import { guestDevice, plausibleToken } from '$lib/server/guest/http';
import { writeAccessLog } from '$lib/server/access/log';
import { z } from '$lib/zod';

/**
 * The outer-wheel guest's page. No account: the personal link plus the device cookie
 * (plus a one-time code if the leader chose one). Every request re-checks the link, the
 * device, the time window and the consent; outside them nothing about the borger loads.
 */
export const load: PageServerLoad = async ({ params, cookies, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
	if (!plausibleToken(params.token)) return { state: { kind: 'invalid' as const } };
	const db = await getDb();
	const device = guestDevice(cookies, url.protocol === 'https:');
	const state = await openGuest(db, params.token, device, 'gaest:side');
	if (state.kind !== 'open') return { state };
	return { state: { kind: 'open' as const }, view: await guestView(db, state.session) };
};

async function session(
	params: { token: string },
	cookies: import('@sveltejs/kit').Cookies,
	url: URL,
	feature: string
) {
	if (!plausibleToken(params.token)) return null;
	const db = await getDb();
	const state = await openGuest(
		db,
		params.token,
		guestDevice(cookies, url.protocol === 'https:'),
		feature
	);
	return state.kind === 'open' ? { db, s: state.session } : null;
}

export const actions: Actions = {
	code: async ({ params, cookies, request, url }) => {
		if (!plausibleToken(params.token)) return fail(400, { codeError: 'Linket er ugyldigt.' });
		const code = String((await request.formData()).get('code') ?? '');
		if (!/^\d{6}$/.test(code.trim())) return fail(400, { codeError: 'Koden er 6 cifre.' });
		const ok = await verifyGuestCode(
			await getDb(),
			params.token,
			guestDevice(cookies, url.protocol === 'https:'),
			code
		);
		if (!ok) return fail(400, { codeError: 'Koden er forkert.' });
		return { codeOk: true };
	},

	note: async ({ params, cookies, request, url }) => {
		const g = await session(params, cookies, url, 'gaest:note');
		if (!g) return fail(403, { noteError: 'Din adgang er lukket.' });
		const parsed = guestNoteInput.safeParse({ body: (await request.formData()).get('body') });
		if (!parsed.success) return fail(400, { noteError: parsed.error.issues[0]!.message });
		await addGuestNote(g.db, g.s, parsed.data.body);
		await writeAccessLog(g.db, [
			{
				teamId: g.s.viewer.teamId,
				borgerId: g.s.access.borger.id,
				actor: { kind: 'guest', guestId: g.s.viewer.guestId, name: g.s.viewer.name },
				action: 'write',
				feature: 'gaest:note',
				basis: { kind: 'consent', id: g.s.viewer.grantId }
			}
		]);
		return { noteOk: true };
	},

	accept: async ({ params, cookies, request, url }) => {
		const g = await session(params, cookies, url, 'gaest:opgave');
		if (!g) return fail(403, { taskError: 'Din adgang er lukket.' });
		const id = z.uuid().safeParse((await request.formData()).get('taskId'));
		if (!id.success || !(await acceptGuestTask(g.db, g.s, id.data)))
			return fail(400, { taskError: 'Opgaven kunne ikke accepteres.' });
		return { taskOk: true };
	}
};
