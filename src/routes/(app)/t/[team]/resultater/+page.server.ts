import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { rangeFromParams } from '$lib/server/pathway/outcomes';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'pathway.outcomes');
	event.depends('tavla:board');
	const range = rangeFromParams(event.url.searchParams);
	const outcomes = await (
		await serverCaller(event)
	).pathway
		.outcomes({ teamId: team.id, range })
		.catch((e: unknown) => {
			if (e instanceof TRPCError && e.code === 'BAD_REQUEST')
				error(400, 'Vælg en gyldig periode (åååå-mm).');
			throw e;
		});
	return { outcomes, range };
};
