import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { Actions } from './$types';
import { z } from '$lib/zod';
import { invitationText } from '$lib/i18n/da';
import { requireUser } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';

// The list itself comes from the layout (it also shows the banner).

const input = z.object({ invitationId: z.uuid() });

async function invitationId(event: RequestEvent): Promise<string | null> {
	const parsed = input.safeParse(Object.fromEntries(await event.request.formData()));
	return parsed.success ? parsed.data.invitationId : null;
}

export const actions: Actions = {
	accept: async (event) => {
		requireUser(event);
		const id = await invitationId(event);
		if (!id) return fail(400, { message: invitationText.notFound });
		let slug: string;
		try {
			slug = (await (await serverCaller(event)).teams.acceptInvitation({ invitationId: id }))
				.teamSlug;
		} catch (err) {
			if (err instanceof TRPCError) return fail(400, { message: err.message });
			throw err;
		}
		redirect(303, `/t/${slug}`);
	},

	decline: async (event) => {
		requireUser(event);
		const id = await invitationId(event);
		if (!id) return fail(400, { message: invitationText.notFound });
		try {
			await (await serverCaller(event)).teams.declineInvitation({ invitationId: id });
		} catch (err) {
			if (err instanceof TRPCError) return fail(400, { message: err.message });
			throw err;
		}
		return { ok: invitationText.declined };
	}
};
