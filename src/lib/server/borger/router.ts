import { SECTION_KEYS } from '$lib/domain/sections';
import { z } from '$lib/zod';
import {
	addItemInput,
	baseVersion,
	borgerIdentity,
	borgerPatch,
	closeInput,
	crisisPlanData,
	riskAssessmentInput,
	scalingInput,
	updateItemInput
} from '$lib/schemas/borger';
import { toIsoDate } from '$lib/domain/scaling';
import { borgerProcedure, borgerScoped, router, teamProcedure } from '../trpc/init';
import { actorOf, announceBorgerChange, type BorgerChangeKind } from '../realtime/publish';
import type { SessionUser } from '../auth/session';
import type { BorgerAccess } from '../access/borger';
import { loadBoard, listClosed } from './board';
import { loadBorgerRecord, loadHistory } from './record';
import { importFile, importFileInput, previewImport } from './import';
import { addItem, removeItem, updateItem } from './items';
import {
	addRiskAssessment,
	changeScaling,
	closeBorger,
	saveCrisisPlan,
	setSecondaryContacts,
	updateBorger
} from './write';
import { createBorger } from './create';

/** Announce a committed change to everyone looking at the record or the board. */
function announce<T>(
	ctx: { user: SessionUser; access: BorgerAccess },
	what: BorgerChangeKind,
	result: T,
	extra: { version?: number; fields?: string[] } = {}
): T {
	announceBorgerChange({
		teamId: ctx.access.borger.teamId,
		borgerId: ctx.access.borger.id,
		what,
		...extra,
		by: actorOf(ctx.user)
	});
	return result;
}

export const borgerRouter = router({
	board: teamProcedure('borger.read')
		.meta(borgerScoped(SECTION_KEYS))
		.query(({ ctx, input }) =>
			loadBoard(ctx.db, input.teamId, new Date(), {
				userId: ctx.user.id,
				name: ctx.user.name,
				role: ctx.member.role
			})
		),

	closed: teamProcedure('borger.read')
		.meta(borgerScoped(['identitet']))
		.query(({ ctx, input }) => listClosed(ctx.db, input.teamId)),

	create: teamProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'skalering']))
		.input(z.object({ identity: borgerIdentity, level: z.string().max(40).optional() }))
		.mutation(async ({ ctx, input }) => {
			const r = await createBorger(ctx.db, input.teamId, ctx.user.id, input.identity, {
				level: input.level
			});
			announceBorgerChange({
				teamId: input.teamId,
				borgerId: r.id,
				what: 'created',
				by: actorOf(ctx.user)
			});
			return r;
		}),

	get: borgerProcedure('borger.read')
		.meta(borgerScoped(SECTION_KEYS))
		.query(({ ctx }) => loadBorgerRecord(ctx.db, ctx.access)),

	history: borgerProcedure('borger.read')
		.meta(borgerScoped(SECTION_KEYS))
		.input(
			z.object({
				entity: z.string().max(60).optional(),
				entityId: z.uuid().optional(),
				field: z.string().max(60).optional()
			})
		)
		.query(({ ctx, input }) =>
			loadHistory(ctx.db, input.borgerId, {
				entity: input.entity,
				entityId: input.entityId,
				field: input.field,
				sections: ctx.access.sections
			})
		),

	update: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'risiko']))
		.input(z.object({ baseVersion, patch: borgerPatch }))
		.mutation(async ({ ctx, input }) => {
			const r = await updateBorger(ctx.db, ctx.access, ctx.user.id, input.baseVersion, input.patch);
			return r.changed.length
				? announce(ctx, 'fields', r, { version: r.version, fields: r.changed })
				: r;
		}),

	markDiscussed: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet']))
		.input(z.object({ baseVersion }))
		.mutation(async ({ ctx, input }) => {
			const patch = { lastDiscussedOn: toIsoDate(new Date()) };
			const r = await updateBorger(ctx.db, ctx.access, ctx.user.id, input.baseVersion, patch);
			return announce(ctx, 'fields', r, { version: r.version, fields: r.changed });
		}),

	setSecondaryContacts: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet']))
		.input(z.object({ membershipIds: z.array(z.uuid()).max(30) }))
		.mutation(async ({ ctx, input }) =>
			announce(
				ctx,
				'fields',
				await setSecondaryContacts(ctx.db, ctx.access, ctx.user.id, input.membershipIds),
				{
					fields: ['secondaryContacts']
				}
			)
		),

	addItem: borgerProcedure('borger.write')
		.meta(
			borgerScoped(['netvaerk', 'misbrug', 'retslige', 'maal', 'indsatser', 'risiko', 'aftaler'])
		)
		.input(addItemInput)
		.mutation(async ({ ctx, input }) =>
			announce(
				ctx,
				'item',
				await addItem(
					ctx.db,
					ctx.access,
					ctx.user.id,
					input.kind,
					input.data,
					input.parentId ?? null
				)
			)
		),

	updateItem: borgerProcedure('borger.write')
		.meta(
			borgerScoped(['netvaerk', 'misbrug', 'retslige', 'maal', 'indsatser', 'risiko', 'aftaler'])
		)
		.input(updateItemInput)
		.mutation(async ({ ctx, input }) => {
			const r = await updateItem(
				ctx.db,
				ctx.access,
				ctx.user.id,
				input.itemId,
				input.baseVersion,
				input.data
			);
			return r.changed.length ? announce(ctx, 'item', r, { fields: r.changed }) : r;
		}),

	removeItem: borgerProcedure('borger.write')
		.meta(
			borgerScoped(['netvaerk', 'misbrug', 'retslige', 'maal', 'indsatser', 'risiko', 'aftaler'])
		)
		.input(z.object({ itemId: z.uuid() }))
		.mutation(async ({ ctx, input }) =>
			announce(ctx, 'item', await removeItem(ctx.db, ctx.access, ctx.user.id, input.itemId))
		),

	addRisk: borgerProcedure('borger.write')
		.meta(borgerScoped(['risiko']))
		.input(riskAssessmentInput)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, 'risk', await addRiskAssessment(ctx.db, ctx.access, ctx.user.id, input))
		),

	saveCrisisPlan: borgerProcedure('borger.write')
		.meta(borgerScoped(['kriseplan']))
		.input(crisisPlanData)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, 'kriseplan', await saveCrisisPlan(ctx.db, ctx.access, ctx.user.id, input))
		),

	changeScaling: borgerProcedure('borger.write')
		.meta(borgerScoped(['skalering']))
		.input(scalingInput)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, 'skalering', await changeScaling(ctx.db, ctx.access, ctx.user.id, input))
		),

	close: borgerProcedure('borger.write')
		.meta(borgerScoped(['identitet']))
		.input(closeInput)
		.mutation(async ({ ctx, input }) =>
			announce(ctx, 'status', await closeBorger(ctx.db, ctx.access, ctx.user.id, input.reason))
		),

	// Import from CSV/XLSX: the file itself is sent both times and parsed on the server.
	importPreview: teamProcedure('borger.write')
		.meta(borgerScoped(['identitet']))
		.input(importFileInput)
		.mutation(({ ctx, input }) => previewImport(ctx.db, input.teamId, input)),

	importCommit: teamProcedure('borger.write')
		.meta(borgerScoped(['identitet', 'skalering']))
		.input(importFileInput)
		.mutation(async ({ ctx, input }) => {
			const r = await importFile(ctx.db, input.teamId, ctx.user.id, input);
			// One board refresh for the whole import (no single borger to name).
			announceBorgerChange({
				teamId: input.teamId,
				borgerId: '',
				what: 'created',
				by: actorOf(ctx.user)
			});
			return r;
		})
});
