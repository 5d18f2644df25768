import pino from 'pino';

/** Structured JSON logs. Never log borger data or secrets; ids only. */
export const logger = pino({
	level: process.env.TAVLA_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
	base: undefined
});
