import { consentInput, disclosureInput, withdrawInput } from '$lib/schemas/consent';
import { borgerProcedure, borgerScoped, router } from '../trpc/init';
import { actorOf, announceBorgerChange } from '../realtime/publish';
import type { SessionUser } from '../auth/session';
import type { BorgerAccess } from '../access/borger';
import { consentChanged } from './live';
import { addConsent, addDisclosure, loadRegistry, withdrawConsent } from './service';

/**
 * After a committed consent change: every open record and board refetches (its scope may
 * have narrowed), and live guest sessions re-check their grant at once.
 */
function announce<T>(ctx: { user: SessionUser; access: BorgerAccess }, result: T): T {
	announceBorgerChange({
		teamId: ctx.access.borger.teamId,
		borgerId: ctx.access.borger.id,
		what: 'status',
		by: actorOf(ctx.user)
	});
	consentChanged(ctx.access.borger.id);
	return result;
}

export const consentRouter = router({
	list: borgerProcedure('consent.manage')
		.meta(borgerScoped(['identitet']))
		.query(({ ctx }) => loadRegistry(ctx.db, ctx.access)),

	add: borgerProcedure('consent.manage')
		.meta(borgerScoped(['identitet']))
		.input(consentInput)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, await addConsent(ctx.db, ctx.access, ctx.user.id, input))
		),

	withdraw: borgerProcedure('consent.manage')
		.meta(borgerScoped(['identitet']))
		.input(withdrawInput)
		.mutation(async ({ ctx, input }) =>
			announce(
				ctx,
				await withdrawConsent(ctx.db, ctx.access, ctx.user.id, input.consentId, input.note)
			)
		),

	addDisclosure: borgerProcedure('consent.manage')
		.meta(borgerScoped(['identitet']))
		.input(disclosureInput)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, await addDisclosure(ctx.db, ctx.access, ctx.user.id, input))
		)
});
