import type { TRPCError } from '@trpc/server';
import { securityText } from '$lib/i18n/da';
import { logger } from '../log';
import { badRequest, conflict, notFound } from '../errors';

/**
 * Input that passed validation but that PostgreSQL refused: a value it cannot store
 * (SQLSTATE class 22, data exception) or a reference or uniqueness the constraints
 * refuse (class 23). That is bad input, not a server fault, so it becomes a typed error
 * with a Danish message instead of an HTTP 500. It is still a gap in a schema or a
 * check, so it is logged (code and constraint only: the message can quote the value).
 * Both drivers (node-postgres, PGlite) report the SQLSTATE as `code`.
 */
export function rejectedInput(err: unknown): TRPCError | null {
	const e = err as { code?: unknown; constraint?: unknown; table?: unknown };
	if (typeof e?.code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(e.code)) return null;
	logger.warn(
		{ sqlstate: e.code, constraint: e.constraint, table: e.table },
		'database refused input that passed validation'
	);
	if (e.code === '23503') return notFound(securityText.missingReference);
	if (e.code === '23505') return conflict(securityText.duplicate);
	return badRequest(securityText.unstorable, err);
}
