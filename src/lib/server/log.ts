import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/**
 * The request being served (set in hooks.server.ts). Every log line written while it
 * runs carries its id, also from deep inside services that never see the request.
 */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Structured JSON logs. Never log borger data, names, e-mails or secrets; ids only. */
export const logger = pino({
	level: process.env.TAVLA_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
	base: undefined,
	mixin() {
		const ctx = requestContext.getStore();
		return ctx ? { reqId: ctx.requestId } : {};
	}
});
