import { z } from 'zod';

/**
 * All configuration comes from environment variables, validated once.
 * A bad value stops start-up with an error that names the variable.
 */
const schema = z
	.object({
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
		// Sessions (docs/OPERATIONS.md): idle timeout and absolute lifetime.
		TAVLA_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
		TAVLA_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
		TAVLA_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
		TAVLA_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
		NODE_ENV: z.string().default('development'),
		// Operations (docs/OPERATIONS.md).
		TAVLA_METRICS_TOKEN: optionalText(z.string().min(16, 'mindst 16 tegn')),
		TAVLA_SLOW_QUERY_MS: z.coerce.number().int().min(1).max(600_000).default(500),
		// Single sign-on (OpenID Connect); off unless the issuer is set.
		TAVLA_OIDC_ISSUER: optionalText(z.url({ message: 'skal være en URL' })),
		TAVLA_OIDC_CLIENT_ID: optionalText(z.string()),
		TAVLA_OIDC_CLIENT_SECRET: optionalText(z.string()),
		TAVLA_OIDC_REDIRECT_URI: optionalText(z.url({ message: 'skal være en URL' })),
		TAVLA_OIDC_LABEL: z.string().min(1).max(80).default('Log ind med din organisation'),
		TAVLA_OIDC_SCOPES: z.string().min(6).default('openid email profile'),
		// Which claims carry the address to match and its verification (docs/OPERATIONS.md).
		TAVLA_OIDC_EMAIL_CLAIM: z
			.string()
			.regex(/^[\w:./-]{1,100}$/, 'skal være navnet på et claim')
			.default('email'),
		TAVLA_OIDC_EMAIL_VERIFIED_CLAIM: z
			.string()
			.regex(/^[\w:./-]{1,100}$/, 'skal være navnet på et claim')
			.default('email_verified')
	})
	.superRefine((c, ctx) => {
		if (c.TAVLA_SESSION_IDLE_MINUTES > c.TAVLA_SESSION_MAX_HOURS * 60)
			ctx.addIssue({
				code: 'custom',
				path: ['TAVLA_SESSION_IDLE_MINUTES'],
				message: 'må ikke være længere end TAVLA_SESSION_MAX_HOURS'
			});
		if (c.TAVLA_OIDC_ISSUER && !c.TAVLA_OIDC_CLIENT_ID)
			ctx.addIssue({
				code: 'custom',
				path: ['TAVLA_OIDC_CLIENT_ID'],
				message: 'skal sættes, når TAVLA_OIDC_ISSUER er sat'
			});
	});

/** An optional variable; set but empty counts as unset. */
function optionalText<T extends z.ZodType<string | undefined>>(inner: T) {
	return z
		.literal('')
		.transform(() => undefined)
		.or(inner)
		.optional();
}

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
