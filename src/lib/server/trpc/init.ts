import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { z, fieldErrors } from '$lib/zod';
import { can, type Permission, type TeamRole } from '$lib/domain/permissions';
import type { DataCategory } from '$lib/domain/borger-data';
import { t as text } from '$lib/i18n/da';
import type { Context } from './context';
import { resolveBorgerAccess } from '../access/borger';
import { rejectedInput } from '../db/rejected';
import { transformer } from '$lib/trpc/transformer';
import { StaleEditError, forbidden, unauthorized } from '../errors';

/**
 * Every procedure states two things in its meta:
 *
 * - `access`, who may call it: 'public', 'user' (any signed-in person) or a team
 *   permission from $lib/domain/permissions (set by the builders below);
 * - `data`, what it reads or writes. Declare it on every new procedure with one of
 *     .meta(borgerScoped(['maal', 'aftaler']))  data about borgere: name every consent
 *                     category it can return or change ($lib/domain/borger-data), and
 *                     read and write it only through ../access/borger.ts;
 *     .meta(teamAggregate)  the team's own data, or counts over borgere, never a
 *                     borger's name or content;
 *     .meta(personal)  the caller's own account.
 *   A borger-scoped procedure also needs a fixture entry in
 *   ./classification.integration.test.ts, which runs it under every consent state.
 *
 * Both are checked at run time over the whole router (router.integration.test.ts,
 * classification.test.ts): an undeclared procedure fails the tests.
 */
export type DataClass =
	{ kind: 'borger'; categories: readonly DataCategory[] } | { kind: 'team' } | { kind: 'personal' };

export interface Meta {
	access?: 'public' | 'user' | Permission;
	data?: DataClass;
}

export function borgerScoped(categories: readonly [DataCategory, ...DataCategory[]]): Meta {
	return { data: { kind: 'borger', categories } };
}
export const teamAggregate: Meta = { data: { kind: 'team' } };
export const personal: Meta = { data: { kind: 'personal' } };

const t = initTRPC
	.context<Context>()
	.meta<Meta>()
	.create({
		transformer,
		errorFormatter({ shape, error }) {
			const zod = error.cause instanceof ZodError ? error.cause : null;
			return {
				...shape,
				// Input errors get one Danish sentence plus per-field messages; internal
				// errors never reveal their cause.
				message: zod
					? text.errors.badRequest
					: error.code === 'INTERNAL_SERVER_ERROR'
						? text.errors.generic
						: shape.message,
				data: {
					code: shape.data.code,
					httpStatus: shape.data.httpStatus,
					fieldErrors: zod ? fieldErrors(zod) : null,
					// A stale edit names the fields someone else changed in the meantime.
					conflictFields: error instanceof StaleEditError ? error.fields : null
				}
			};
		}
	});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure: what PostgreSQL refuses as input is a typed error, never a 500. */
const procedure = t.procedure.use(async ({ next }) => {
	const result = await next();
	if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
		const mapped = rejectedInput(result.error.cause);
		if (mapped) throw mapped;
	}
	return result;
});

export const publicProcedure = procedure.meta({ access: 'public' });

export const userProcedure = procedure.meta({ access: 'user' }).use(({ ctx, next }) => {
	if (!ctx.user || !ctx.session) {
		throw unauthorized(text.errors.unauthorized);
	}
	return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

export interface TeamMember {
	membershipId: string;
	teamId: string;
	role: TeamRole;
}

/**
 * A procedure on one team's data. The caller must be an active member of the team
 * whose role has `permission`. Input must contain `teamId`; the procedure can extend it.
 */
export function teamProcedure(permission: Permission) {
	return userProcedure
		.meta({ access: permission })
		.input(z.object({ teamId: z.uuid() }))
		.use(async ({ ctx, input, next }) => {
			const m = await ctx.db
				.selectFrom('membership')
				.select(['id', 'team_id', 'role'])
				.where('team_id', '=', input.teamId)
				.where('user_id', '=', ctx.user.id)
				.where('deactivated_at', 'is', null)
				.executeTakeFirst();
			// Same answer for "no such team" and "not your team": ids are not probed.
			if (!m || !can(m.role, permission)) {
				throw forbidden(text.errors.forbidden);
			}
			const member: TeamMember = { membershipId: m.id, teamId: m.team_id, role: m.role };
			return next({ ctx: { ...ctx, member } });
		});
}

/**
 * A procedure on one borger record. Input must contain `borgerId`; access (team
 * membership, role permission, and the sections the viewer may see) is resolved by the
 * one access module and handed to the procedure as `ctx.access`.
 */
export function borgerProcedure(permission: Permission) {
	return userProcedure
		.meta({ access: permission })
		.input(z.object({ borgerId: z.uuid() }))
		.use(async ({ ctx, input, next, path, type }) => {
			// The procedure path names the feature in the access log; queries read, mutations write.
			const access = await resolveBorgerAccess(ctx.db, ctx.user.id, input.borgerId, permission, {
				feature: `trpc:${path}`,
				mode: type === 'mutation' ? 'write' : 'read'
			});
			return next({ ctx: { ...ctx, access } });
		});
}
