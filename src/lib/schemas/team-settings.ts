import { z } from '$lib/zod';
import { DEFAULT_SCALING_LEVELS, TONES, validateLevels } from '$lib/domain/scaling';
import { DEFAULT_STALE_AFTER_DAYS, RISK_CATEGORIES } from '$lib/domain/risk';

/**
 * Team configuration stored in team.settings (jsonb). Every field has the default from
 * DOMAIN.md, so an empty object is a valid configuration and old rows keep working
 * when new settings appear.
 */
const scalingLevel = z.object({
	key: z.string().regex(/^[a-z0-9_]+$/),
	label: z.string().min(1).max(40),
	description: z.string().max(200),
	cadenceDays: z.number().int().positive().nullable(),
	onBoard: z.boolean(),
	rank: z.number().int(),
	tone: z.enum(TONES)
});

export const teamSettings = z.object({
	scalingLevels: z
		.array(scalingLevel)
		.default(() => DEFAULT_SCALING_LEVELS.map((l) => ({ ...l })))
		.superRefine((levels, ctx) => {
			for (const message of validateLevels(levels)) ctx.addIssue({ code: 'custom', message });
		}),
	riskCategories: z
		.array(z.object({ key: z.string().regex(/^[a-z0-9_]+$/), label: z.string().min(1).max(60) }))
		.default(() => RISK_CATEGORIES.map((c) => ({ ...c }))),
	staleAfterDays: z
		.object({ risk: z.number().int().positive(), crisisPlan: z.number().int().positive() })
		.default(() => ({ ...DEFAULT_STALE_AFTER_DAYS })),
	/** Team caseload cap, a warning not a rule (Silkeborg: 24, DOMAIN.md §6). */
	caseloadCap: z.number().int().positive().default(24)
});
export type TeamSettings = z.infer<typeof teamSettings>;

export function parseTeamSettings(raw: unknown): TeamSettings {
	const parsed = teamSettings.safeParse(raw ?? {});
	// A broken stored value must not take the board down: fall back to the defaults.
	return parsed.success ? parsed.data : teamSettings.parse({});
}
