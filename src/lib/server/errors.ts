import { TRPCError } from '@trpc/server';
import type { ZodType } from 'zod';
import { t } from '$lib/i18n/da';

/**
 * The typed errors every server module throws. Each carries a Danish message for people
 * (the generic one from the catalogue unless the caller has a more precise one); tRPC and
 * the socket layer turn the code into the HTTP status or the ack's `code`.
 */

export const badRequest = (message: string = t.errors.badRequest, cause?: unknown) =>
	new TRPCError({ code: 'BAD_REQUEST', message, cause });

export const notFound = (message: string = t.errors.notFound) =>
	new TRPCError({ code: 'NOT_FOUND', message });

export const forbidden = (message: string = t.errors.forbidden) =>
	new TRPCError({ code: 'FORBIDDEN', message });

export const conflict = (message: string = t.errors.conflict) =>
	new TRPCError({ code: 'CONFLICT', message });

export const unauthorized = (message: string = t.errors.unauthorized) =>
	new TRPCError({ code: 'UNAUTHORIZED', message });

/**
 * A write based on an old version that touches a field someone else changed since. The
 * fields go to the client, which shows the new value beside the person's own.
 */
export class StaleEditError extends TRPCError {
	constructor(public fields: string[]) {
		super({ code: 'CONFLICT', message: t.errors.staleEdit });
	}
}

/**
 * Validation at a boundary that is not a tRPC input (an import file, a JSON column, a
 * schema chosen at run time): the zod error rides along as the cause, so callers can show
 * the field errors.
 */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown): T {
	const r = schema.safeParse(value);
	if (!r.success) throw badRequest(r.error.message, r.error);
	return r.data;
}
