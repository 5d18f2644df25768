import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '$lib/server/trpc/router';
import { transformer } from './transformer';
import { t } from '$lib/i18n/da';

/** The typed tRPC client for pages. Errors carry a Danish message and per-field messages. */
export const trpc = createTRPCClient<AppRouter>({
	links: [httpBatchLink({ url: '/api/trpc', transformer })]
});

export interface UiError {
	message: string;
	fields: Record<string, string>;
}

export function toUiError(err: unknown): UiError {
	if (err instanceof TRPCClientError) {
		const data = err.data as { fieldErrors?: Record<string, string> | null } | undefined;
		return { message: err.message || t.errors.generic, fields: data?.fieldErrors ?? {} };
	}
	if (err instanceof TypeError) return { message: t.errors.network, fields: {} };
	return { message: t.errors.generic, fields: {} };
}
