import { z } from 'zod';

/**
 * All configuration comes from environment variables, validated once.
 * A bad value stops start-up with an error that names the variable.
 */
const schema = z.object({
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'skal være en postgres:// URL')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	TAVLA_DATA_DIR: z.string().min(1).default('.data/pglite'),
	TAVLA_DEMO: z
		.enum(['0', '1', 'true', 'false', ''])
		.default('0')
		.transform((v) => v === '1' || v === 'true'),
	TAVLA_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
	TAVLA_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
	TAVLA_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
	NODE_ENV: z.string().default('development')
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
	const result = schema.safeParse(env);
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Ugyldig konfiguration:\n${lines.join('\n')}`);
	}
	return result.data;
}

let cached: Config | undefined;
export function config(): Config {
	cached ??= parseConfig(process.env);
	return cached;
}
