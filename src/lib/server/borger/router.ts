import { z } from '$lib/zod';
import {
	addItemInput,
	borgerIdentity,
	borgerPatch,
	closeInput,
	crisisPlanData,
	noteInput,
	riskAssessmentInput,
	scalingInput,
	updateItemInput
} from '$lib/schemas/borger';
import { toIsoDate } from '$lib/domain/scaling';
import { borgerProcedure, router, teamProcedure } from '../trpc/init';
import { loadBoard, listClosed } from './board';
import { loadBorgerRecord, loadHistory } from './record';
import {
	addItem,
	addRiskAssessment,
	changeScaling,
	closeBorger,
	createBorger,
	removeItem,
	saveCrisisPlan,
	setNote,
	updateBorger,
	updateItem
} from './write';

export const borgerRouter = router({
	board: teamProcedure('borger.read').query(({ ctx, input }) => loadBoard(ctx.db, input.teamId)),

	closed: teamProcedure('borger.read').query(({ ctx, input }) => listClosed(ctx.db, input.teamId)),

	create: teamProcedure('borger.write')
		.input(z.object({ identity: borgerIdentity, level: z.string().max(40).optional() }))
		.mutation(({ ctx, input }) =>
			createBorger(ctx.db, input.teamId, ctx.user.id, input.identity, { level: input.level })
		),

	get: borgerProcedure('borger.read').query(({ ctx }) => loadBorgerRecord(ctx.db, ctx.access)),

	history: borgerProcedure('borger.read')
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
				field: input.field
			})
		),

	update: borgerProcedure('borger.write')
		.input(z.object({ baseVersion: z.number().int().min(1), patch: borgerPatch }))
		.mutation(({ ctx, input }) =>
			updateBorger(ctx.db, ctx.access, ctx.user.id, input.baseVersion, input.patch)
		),

	markDiscussed: borgerProcedure('borger.write')
		.input(z.object({ baseVersion: z.number().int().min(1) }))
		.mutation(({ ctx, input }) =>
			updateBorger(ctx.db, ctx.access, ctx.user.id, input.baseVersion, {
				lastDiscussedOn: toIsoDate(new Date())
			})
		),

	addItem: borgerProcedure('borger.write')
		.input(addItemInput)
		.mutation(({ ctx, input }) =>
			addItem(ctx.db, ctx.access, ctx.user.id, input.kind, input.data, input.parentId ?? null)
		),

	updateItem: borgerProcedure('borger.write')
		.input(updateItemInput)
		.mutation(({ ctx, input }) =>
			updateItem(ctx.db, ctx.access, ctx.user.id, input.itemId, input.baseVersion, input.data)
		),

	removeItem: borgerProcedure('borger.write')
		.input(z.object({ itemId: z.uuid() }))
		.mutation(({ ctx, input }) => removeItem(ctx.db, ctx.access, ctx.user.id, input.itemId)),

	setNote: borgerProcedure('borger.write')
		.input(noteInput)
		.mutation(({ ctx, input }) =>
			setNote(ctx.db, ctx.access, ctx.user.id, input.section, input.body)
		),

	addRisk: borgerProcedure('borger.write')
		.input(riskAssessmentInput)
		.mutation(({ ctx, input }) => addRiskAssessment(ctx.db, ctx.access, ctx.user.id, input)),

	saveCrisisPlan: borgerProcedure('borger.write')
		.input(crisisPlanData)
		.mutation(({ ctx, input }) => saveCrisisPlan(ctx.db, ctx.access, ctx.user.id, input)),

	changeScaling: borgerProcedure('borger.write')
		.input(scalingInput)
		.mutation(({ ctx, input }) => changeScaling(ctx.db, ctx.access, ctx.user.id, input)),

	close: borgerProcedure('borger.write')
		.input(closeInput)
		.mutation(({ ctx, input }) => closeBorger(ctx.db, ctx.access, ctx.user.id, input.reason))
});
