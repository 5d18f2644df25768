import { z } from '$lib/zod';
import { DEFAULT_SCALING_LEVELS, TONES, validateLevels } from '$lib/domain/scaling';
import { DEFAULT_STALE_AFTER_DAYS, RISK_CATEGORIES } from '$lib/domain/risk';
import { AGENDA_MODES, DEFAULT_MEETING_SETTINGS } from '$lib/domain/agenda/settings';
import { pathwaySettingsShape } from './pathway';

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
	/** The weekly tavlemøde (DOMAIN.md §2); every value a configurable default. */
	meeting: z
		.object({
			weekday: z.number().int().min(1).max(7).default(2),
			mode: z.enum(AGENDA_MODES).default(DEFAULT_MEETING_SETTINGS.mode),
			startTime: z
				.string()
				.regex(/^([01]\d|2[0-3]):[0-5]\d$/)
				.default(DEFAULT_MEETING_SETTINGS.startTime),
			lengthMinutes: z
				.number()
				.int()
				.min(15)
				.max(480)
				.default(DEFAULT_MEETING_SETTINGS.lengthMinutes),
			caseCount: z.number().int().min(1).max(60).default(DEFAULT_MEETING_SETTINGS.caseCount),
			defaultCaseMinutes: z
				.number()
				.int()
				.min(1)
				.max(120)
				.default(DEFAULT_MEETING_SETTINGS.defaultCaseMinutes),
			briefCaseMinutes: z
				.number()
				.int()
				.min(1)
				.max(60)
				.default(DEFAULT_MEETING_SETTINGS.briefCaseMinutes),
			inDepthMinutes: z
				.number()
				.int()
				.min(1)
				.max(120)
				.default(DEFAULT_MEETING_SETTINGS.inDepthMinutes),
			room: z.string().max(120).default(''),
			onlineLink: z.string().max(500).default('')
		})
		.default(() => ({
			weekday: 2,
			mode: DEFAULT_MEETING_SETTINGS.mode,
			startTime: DEFAULT_MEETING_SETTINGS.startTime,
			lengthMinutes: DEFAULT_MEETING_SETTINGS.lengthMinutes,
			caseCount: DEFAULT_MEETING_SETTINGS.caseCount,
			defaultCaseMinutes: DEFAULT_MEETING_SETTINGS.defaultCaseMinutes,
			briefCaseMinutes: DEFAULT_MEETING_SETTINGS.briefCaseMinutes,
			inDepthMinutes: DEFAULT_MEETING_SETTINGS.inDepthMinutes,
			room: '',
			onlineLink: ''
		})),
	/** Team caseload cap, a warning not a rule (Silkeborg: 24, DOMAIN.md §6). */
	caseloadCap: z.number().int().positive().default(24),
	/** Care pathway: member cap, referral checklist, instruments, measurement schedule. */
	...pathwaySettingsShape
});
export type TeamSettings = z.infer<typeof teamSettings>;

export function parseTeamSettings(raw: unknown): TeamSettings {
	const parsed = teamSettings.safeParse(raw ?? {});
	// A broken stored value must not take the board down: fall back to the defaults.
	return parsed.success ? parsed.data : teamSettings.parse({});
}
