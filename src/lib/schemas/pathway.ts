import { z } from '$lib/zod';
import {
	DEFAULT_REFERRAL_CRITERIA,
	DISCHARGE_REASONS,
	REFERRER_KINDS,
	VISITATION_DECISIONS
} from '$lib/domain/pathway';
import { DEFAULT_INSTRUMENTS, DEFAULT_SCHEDULE, WHO5_KEY } from '$lib/domain/measurements';

/**
 * Schemas for the care pathway (referral → visitation → startup → shared plan →
 * measurements → discharge), shared by forms and tRPC, plus the pathway part of the team
 * settings. The server parses everything again.
 */

const text = (max: number) => z.string().trim().max(max, `Højst ${max} tegn.`);
const required = (max: number, msg: string) =>
	z.string().trim().min(1, msg).max(max, `Højst ${max} tegn.`);
export const isoDate = z.iso.date('Skriv en gyldig dato (åååå-mm-dd).');
const optionalDate = z
	.union([isoDate, z.literal(''), z.null()])
	.optional()
	.transform((v) => (v ? v : null));
const key = z.string().regex(/^[a-z0-9_]+$/, 'Nøglen må kun indeholde a–z, 0–9 og _.');

// --- Team settings ----------------------------------------------------------------------

export const referralCriterionSetting = z.object({
	key,
	label: z.string().min(1).max(160),
	exclusion: z.boolean().default(false),
	source: z.string().max(80).default('')
});

export const instrumentSetting = z.object({
	key: key.refine((k) => k !== WHO5_KEY, 'WHO-5 er indbygget og kan ikke ændres.'),
	label: z.string().min(1).max(80),
	description: z.string().max(300).default(''),
	aggregate: z.enum(['sum', 'mean']).default('sum'),
	unit: z.string().max(20).default(''),
	higherIsBetter: z.boolean().default(true),
	fields: z
		.array(
			z.object({
				key,
				label: z.string().min(1).max(160),
				min: z.number(),
				max: z.number(),
				options: z
					.array(z.object({ value: z.number(), label: z.string().min(1).max(80) }))
					.max(20)
					.optional()
			})
		)
		.min(1)
		.max(30),
	source: z.string().max(80).default('')
});

export const measurementScheduleSetting = z.object({
	atIntake: z.boolean().default(DEFAULT_SCHEDULE.atIntake),
	months: z
		.array(z.number().int().min(1).max(120))
		.max(12)
		.default([...DEFAULT_SCHEDULE.months]),
	thenEveryMonths: z
		.number()
		.int()
		.min(1)
		.max(60)
		.nullable()
		.default(DEFAULT_SCHEDULE.thenEveryMonths),
	atDischarge: z.boolean().default(DEFAULT_SCHEDULE.atDischarge),
	instruments: z
		.array(key)
		.min(1)
		.max(20)
		.default([...DEFAULT_SCHEDULE.instruments]),
	dueSoonDays: z.number().int().min(0).max(90).default(DEFAULT_SCHEDULE.dueSoonDays)
});

/** The pathway fields of team.settings; spread into teamSettings. */
export const pathwaySettingsShape = {
	/** Optional cap per case manager (about 10 per nurse, 001:2517); null = none. */
	memberCaseloadCap: z.number().int().positive().nullable().default(null),
	/** The target-group checklist shown on every referral (DOMAIN.md §6, §11.4). */
	referralCriteria: z
		.array(referralCriterionSetting)
		.max(30)
		.default(() => DEFAULT_REFERRAL_CRITERIA.map((c) => ({ ...c }))),
	/** Instruments besides the built-in WHO-5 (DOMAIN.md §11.12). */
	instruments: z
		.array(instrumentSetting)
		.max(30)
		.default(() => DEFAULT_INSTRUMENTS.map((i) => structuredClone(i))),
	/** When measurements are due (intake, 3 and 6 months, every 6 months, discharge). */
	measurementSchedule: measurementScheduleSetting.default(() => ({
		...DEFAULT_SCHEDULE,
		months: [...DEFAULT_SCHEDULE.months],
		instruments: [...DEFAULT_SCHEDULE.instruments]
	}))
};

// --- Referral and visitation ------------------------------------------------------------

export const referralInput = z.object({
	name: required(120, 'Skriv borgerens navn.'),
	initials: z
		.string()
		.trim()
		.max(4, 'Initialer må højst være 4 tegn.')
		.optional()
		.transform((v) => (v ? v.toUpperCase() : undefined)),
	birthYear: z.coerce
		.number('Skriv et årstal.')
		.int('Skriv et årstal.')
		.min(1900, 'Fødselsåret skal være efter 1900.')
		.max(new Date().getFullYear(), 'Fødselsåret kan ikke ligge i fremtiden.')
		.nullable()
		.optional(),
	referrerKind: z.enum(REFERRER_KINDS, 'Vælg hvem der henviser.'),
	referrerName: text(160).default(''),
	referredOn: isoDate,
	reason: required(2000, 'Skriv årsagen til henvisningen.'),
	criteria: z
		.array(z.object({ key, met: z.boolean().nullable() }))
		.max(30)
		.default([]),
	documents: z
		.array(
			z.object({
				title: required(160, 'Skriv dokumentets titel.'),
				reference: text(500).default('')
			})
		)
		.max(20)
		.default([])
});
export type ReferralInput = z.input<typeof referralInput>;

export const visitationInput = z
	.object({
		referralId: z.uuid(),
		decision: z.enum(VISITATION_DECISIONS, 'Vælg visitationens afgørelse.'),
		visitationOn: isoDate,
		participants: z
			.array(required(160, 'Skriv deltagerens navn.'))
			.min(1, 'Skriv hvem der deltog i visitationen.')
			.max(20),
		reason: text(2000).default(''),
		referredTo: text(300).default(''),
		caseManagerId: z.uuid().nullable().optional(),
		/** Put an accepted borger on the waiting list even if the team has room. */
		waitingList: z.boolean().default(false)
	})
	.superRefine((v, ctx) => {
		if (v.decision === 'afvist' && !v.reason)
			ctx.addIssue({
				code: 'custom',
				path: ['reason'],
				message: 'Skriv begrundelsen for afvisningen.'
			});
		if (v.decision === 'videresendt' && !v.referredTo)
			ctx.addIssue({
				code: 'custom',
				path: ['referredTo'],
				message: 'Skriv hvilket tilbud borgeren henvises til.'
			});
	});
export type VisitationInput = z.input<typeof visitationInput>;

// --- Startup meeting and shared plan ------------------------------------------------------

export const startupInput = z.object({
	heldOn: isoDate,
	place: text(200).default(''),
	participants: z.array(required(160, 'Skriv deltagerens navn.')).max(20).default([]),
	agreedActors: text(2000).default(''),
	notes: text(4000).default('')
});
export type StartupInput = z.input<typeof startupInput>;

export const sharedPlanInput = z.object({
	validFrom: isoDate,
	followUpOn: isoDate,
	borgerWords: text(4000).default(''),
	handleplanRef: text(500).default(''),
	handleplanOn: optionalDate,
	note: text(4000).default('')
});
export type SharedPlanInput = z.input<typeof sharedPlanInput>;

// --- Measurements and discharge -----------------------------------------------------------

export const measurementInput = z.object({
	instrument: key,
	occasion: z
		.string()
		.regex(/^(indskrivning|afslutning|ekstra|m\d{1,3})$/, 'Ukendt måletidspunkt.'),
	measuredOn: isoDate,
	answers: z.record(z.string().max(40), z.coerce.number('Besvar alle spørgsmål.')),
	note: text(1000).default('')
});
export type MeasurementInput = z.input<typeof measurementInput>;

export const dischargeInput = z.object({
	dischargedOn: isoDate,
	reason: z.enum(DISCHARGE_REASONS, 'Vælg årsagen til afslutningen.'),
	reasonText: text(1000).default(''),
	bridge: text(1000).default(''),
	receivingPerson: text(200).default(''),
	wayBack: text(2000).default(''),
	summary: required(6000, 'Skriv et afsluttende resumé.')
});
export type DischargeInput = z.input<typeof dischargeInput>;

// Years 1900–2199, as for dates (see $lib/zod).
const month = z
	.string()
	.regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'Skriv en måned (åååå-mm) mellem 1900 og 2199.');

export const outcomesRange = z
	.object({
		fromMonth: month,
		toMonth: month
	})
	.refine((r) => r.fromMonth <= r.toMonth, {
		message: 'Fra-måneden skal ligge før til-måneden.',
		path: ['fromMonth']
	})
	.refine(
		(r) => {
			const [fy, fm] = r.fromMonth.split('-').map(Number);
			const [ty, tm] = r.toMonth.split('-').map(Number);
			return (ty! - fy!) * 12 + (tm! - fm!) < 120;
		},
		{ message: 'Vælg højst 10 år ad gangen.', path: ['toMonth'] }
	);
