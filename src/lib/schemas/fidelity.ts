import { z } from '$lib/zod';
import { isoDate } from './borger';

/**
 * A fidelity scale as data (DOMAIN.md §8): focus areas → items → described anchor levels.
 * The same schema validates the shipped template, a team's imported JSON and what an audit
 * stores as its frozen copy, so an audit always keeps the version it was scored with.
 */

/** Evidence Tavla computes from its own data; an item names the ones that support it. */
export const INDICATOR_KEYS = [
	'caseload',
	'cadence',
	'meetings',
	'attendance',
	'crisis_plans',
	'risk_assessments',
	'consent',
	'shared_plans',
	'measurements',
	'tasks',
	'outer_wheel',
	'scaling_reasons',
	'referral_start'
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** The two scores the audit ends in (001:3283): quality of the work and organisation. */
export const DIMENSIONS = ['kvalitet', 'organisering'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const key = z
	.string()
	.regex(/^[a-z0-9_.-]{1,60}$/, 'Nøgler må kun have små bogstaver, tal, punktum, bindestreg og _.');
const text = (max: number, message: string) => z.string().trim().min(1, message).max(max);

export const anchorSchema = z.object({
	score: z.number().int().min(0).max(10),
	label: text(400, 'Beskriv ankerniveauet.')
});

export const itemSchema = z
	.object({
		key,
		text: text(500, 'Skriv punktets tekst.'),
		guidance: z.string().trim().max(1000).optional(),
		/** Relative weight in its section and overall; 1 when left out. */
		weight: z.number().min(0).max(10).optional(),
		anchors: z.array(anchorSchema).min(2, 'Et punkt skal have mindst to ankerniveauer.').max(11),
		evidence: z.array(z.enum(INDICATOR_KEYS)).max(INDICATOR_KEYS.length).default([])
	})
	.superRefine((item, ctx) => {
		const scores = item.anchors.map((a) => a.score);
		if (new Set(scores).size !== scores.length) {
			ctx.addIssue({
				code: 'custom',
				path: ['anchors'],
				message: `Punkt "${item.key}" har to ankerniveauer med samme score.`
			});
		}
	});

export const sectionSchema = z.object({
	key,
	title: text(200, 'Skriv fokusområdets navn.'),
	description: z.string().trim().max(1000).optional(),
	dimension: z.enum(DIMENSIONS),
	items: z.array(itemSchema).min(1, 'Et fokusområde skal have mindst ét punkt.').max(60)
});

export const thresholdSchema = z.object({
	key,
	label: text(80, 'Skriv niveauets navn.'),
	/** Lowest overall score that reaches this level. */
	minScore: z.number().min(0).max(10)
});

export const fidelityScaleSchema = z
	.object({
		/** Marks the JSON as ours, so a wrong file is refused with a clear message. */
		format: z.literal('tavla.fidelity-scale/1'),
		key,
		version: z.string().trim().min(1).max(40),
		name: text(200, 'Skriv skalaens navn.'),
		description: z.string().trim().max(2000).optional(),
		sections: z.array(sectionSchema).min(1).max(30),
		thresholds: z.array(thresholdSchema).min(1).max(10)
	})
	.superRefine((scale, ctx) => {
		const sectionKeys = new Set<string>();
		const itemKeys = new Set<string>();
		scale.sections.forEach((s, si) => {
			if (sectionKeys.has(s.key)) {
				ctx.addIssue({
					code: 'custom',
					path: ['sections', si, 'key'],
					message: `Fokusområdet "${s.key}" findes to gange.`
				});
			}
			sectionKeys.add(s.key);
			s.items.forEach((item, ii) => {
				if (itemKeys.has(item.key)) {
					ctx.addIssue({
						code: 'custom',
						path: ['sections', si, 'items', ii, 'key'],
						message: `Punktet "${item.key}" findes to gange.`
					});
				}
				itemKeys.add(item.key);
			});
		});
		const mins = scale.thresholds.map((t) => t.minScore);
		if (mins.some((m, i) => i > 0 && m <= mins[i - 1]!)) {
			ctx.addIssue({
				code: 'custom',
				path: ['thresholds'],
				message:
					'Certificeringsniveauerne skal stå i stigende rækkefølge med stigende minimumsscore.'
			});
		}
	});

export type FidelityAnchor = z.infer<typeof anchorSchema>;
export type FidelityItem = z.infer<typeof itemSchema>;
export type FidelitySection = z.infer<typeof sectionSchema>;
export type FidelityThreshold = z.infer<typeof thresholdSchema>;
export type FidelityScale = z.infer<typeof fidelityScaleSchema>;

// ---------------------------------------------------------------------------------------
// Inputs for the audit procedures
// ---------------------------------------------------------------------------------------

export const auditIdInput = z.object({ auditId: z.uuid() });

export const createAuditInput = z.object({
	year: z.number().int().min(2000).max(2100),
	periodFrom: isoDate,
	periodTo: isoDate,
	/** JSON text of an imported scale; the default template when left out. */
	scaleJson: z.string().max(500_000).optional()
});

export const scoreValue = z.number().int().min(0).max(10).nullable();

export const saveScoreInput = z.object({
	auditId: z.uuid(),
	itemKey: key,
	score: scoreValue,
	comment: z.string().trim().max(4000).default(''),
	evidence: z.array(z.enum(INDICATOR_KEYS)).max(INDICATOR_KEYS.length).default([])
});

export const participantsInput = z.object({
	auditId: z.uuid(),
	/** Members who may score the self-evaluation besides the team lead. */
	membershipIds: z.array(z.uuid()).max(50)
});

export const assignAuditorsInput = z.object({
	auditId: z.uuid(),
	membershipIds: z.array(z.uuid()).min(1, 'Vælg mindst én auditor.').max(5),
	leadMembershipId: z.uuid()
});

export const INTERVIEW_GROUPS = [
	'ledelse',
	'medarbejdere',
	'borgere',
	'samarbejdspartnere'
] as const;

export const interviewInput = z.object({
	auditId: z.uuid(),
	interviewId: z.uuid().optional(),
	group: z.enum(INTERVIEW_GROUPS, 'Vælg hvem der interviewes.'),
	plannedAt: z.iso.datetime({ offset: true, local: true }).nullable().optional(),
	participants: z.string().trim().max(500).default(''),
	notes: z.string().trim().max(20_000).default('')
});

export const goalStatusInput = z.object({
	goalId: z.uuid(),
	status: z.enum(['aktiv', 'naaet', 'opgivet'], 'Vælg status.')
});

export const reportInput = z.object({
	auditId: z.uuid(),
	preliminaryFeedback: z.string().trim().max(20_000).default(''),
	strengths: z.string().trim().max(20_000).default(''),
	recommendations: z.string().trim().max(20_000).default(''),
	goals: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
	/** The auditors' agreed score per item after reconciliation. */
	finalScores: z.record(key, scoreValue).default({})
});
