import { z } from '$lib/zod';
import { RISK_LEVELS } from '$lib/domain/risk';
import type { SectionKey } from '$lib/domain/sections';

/**
 * Schemas for the borger record, shared by forms, tRPC procedures, live (socket) events
 * and the import. The server parses everything again; the client uses the same schema
 * to show field errors before sending.
 */

const text = (max: number) => z.string().trim().max(max, `Højst ${max} tegn.`);
const required = (max: number, msg: string) =>
	z.string().trim().min(1, msg).max(max, `Højst ${max} tegn.`);
const optionalText = (max: number) =>
	text(max)
		.optional()
		.transform((v) => (v ? v : undefined));
export const isoDate = z.iso.date('Skriv en gyldig dato (åååå-mm-dd).');
const optionalDate = z
	.union([isoDate, z.literal('')])
	.optional()
	.transform((v) => (v ? v : undefined));

export const BORGER_STATUSES = ['henvist', 'venter', 'aktiv', 'afsluttet'] as const;
export type BorgerStatus = (typeof BORGER_STATUSES)[number];

// --- Identity -----------------------------------------------------------------------

export const borgerIdentity = z.object({
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
	cpr: z
		.string()
		.trim()
		.regex(/^(\d{6}-?\d{4})?$/, 'CPR-nummer skal have formen ddmmåå-xxxx.')
		.optional()
		.transform((v) => (v ? v.replace('-', '') : undefined)),
	caseManagerId: z.uuid('Vælg en kontaktperson.').nullable().optional(),
	startDate: isoDate.optional(),
	status: z.enum(BORGER_STATUSES, 'Vælg en status.').optional(),
	staffSafety: optionalText(300)
});
export type BorgerIdentityInput = z.input<typeof borgerIdentity>;

/** Fields of the borger row that can be edited in place, one at a time or together. */
export const borgerPatch = z
	.object({
		name: required(120, 'Skriv borgerens navn.'),
		initials: z
			.string()
			.trim()
			.min(1, 'Skriv initialer.')
			.max(4, 'Initialer må højst være 4 tegn.'),
		birthYear: borgerIdentity.shape.birthYear,
		cpr: z
			.string()
			.trim()
			.regex(/^(\d{6}-?\d{4})?$/, 'CPR-nummer skal have formen ddmmåå-xxxx.')
			.transform((v) => (v ? v.replace('-', '') : null))
			.nullable(),
		caseManagerId: z.uuid('Vælg en kontaktperson.').nullable(),
		startDate: isoDate,
		status: z.enum(['henvist', 'venter', 'aktiv'], 'Vælg en status.'),
		staffSafety: text(300).nullable(),
		lastDiscussedOn: isoDate.nullable()
	})
	.partial()
	.strict();
export type BorgerPatch = z.infer<typeof borgerPatch>;

// --- List sections ------------------------------------------------------------------

export const networkData = z.object({
	name: required(120, 'Skriv et navn.'),
	relation: required(80, 'Skriv relationen (fx mor, ven, egen læge).'),
	kind: z.enum(['privat', 'professionel'], 'Vælg privat eller professionel.'),
	organisation: optionalText(120),
	phone: optionalText(40),
	email: z
		.union([z.email('Skriv en gyldig e-mail.'), z.literal('')])
		.optional()
		.transform((v) => (v ? v : undefined)),
	role: z.enum(['ressource', 'belastning', 'begge', 'neutral'], 'Vælg ressource eller belastning.'),
	closeness: z.coerce.number().int().min(1).max(3).default(2),
	mayInvolve: z.coerce.boolean().default(false),
	note: optionalText(500)
});

export const substanceData = z.object({
	substance: required(80, 'Skriv rusmidlet.'),
	pattern: required(200, 'Beskriv forbrugsmønstret.'),
	recentChange: optionalText(300),
	treatmentStatus: z.enum(
		['ingen', 'venter', 'i_behandling', 'afsluttet'],
		'Vælg behandlingsstatus.'
	),
	goal: z.enum(['stop', 'reducer', 'stabiliser', 'ikke_afklaret'], 'Vælg borgerens mål.'),
	note: optionalText(500)
});

export const legalData = z.object({
	kind: z.enum(
		['dom', 'behandlingsdom', 'vilkaar', 'retsmoede', 'sigtelse', 'tilsyn', 'andet'],
		'Vælg typen.'
	),
	description: required(300, 'Beskriv forholdet.'),
	date: optionalDate,
	contact: optionalText(200)
});

export const goalData = z.object({
	text: required(500, 'Skriv målet, gerne med borgerens egne ord.'),
	ownerId: z.uuid().nullable().optional(),
	followUpOn: optionalDate,
	status: z.enum(['aktiv', 'naaet', 'opgivet'], 'Vælg status.').default('aktiv'),
	progress: z.coerce.number().int().min(0).max(100).default(0)
});

export const planRefData = z.object({
	kind: z.enum(['faelles_plan', 'handleplan', 'behandlingsplan', 'andet'], 'Vælg plantypen.'),
	title: required(200, 'Skriv en titel.'),
	reference: optionalText(500),
	date: optionalDate
});

export const serviceData = z.object({
	provider: required(160, 'Skriv udbyderen.'),
	description: required(300, 'Beskriv indsatsen.'),
	legalBasis: optionalText(80),
	startDate: optionalDate,
	endDate: optionalDate
});

export const safetyData = z.object({
	description: required(300, 'Beskriv foranstaltningen.'),
	categories: z.array(z.string().max(40)).max(20).default([]),
	ownerId: z.uuid().nullable().optional(),
	validUntil: optionalDate,
	staffSafety: z.coerce.boolean().default(false)
});

export const agreementData = z.object({
	description: required(300, 'Beskriv aftalen.'),
	ownerId: z.uuid().nullable().optional(),
	dueOn: optionalDate,
	status: z.enum(['aaben', 'udfoert', 'annulleret'], 'Vælg status.').default('aaben')
});

export const ITEM_SCHEMAS = {
	netvaerk: networkData,
	misbrug: substanceData,
	retslige: legalData,
	maal: goalData,
	plan: planRefData,
	indsatser: serviceData,
	sikkerhed: safetyData,
	aftaler: agreementData
} as const;
export type ItemKind = keyof typeof ITEM_SCHEMAS;
export const ITEM_KINDS = Object.keys(ITEM_SCHEMAS) as ItemKind[];
export type ItemData<K extends ItemKind> = z.infer<(typeof ITEM_SCHEMAS)[K]>;

/** Which record section (and so which consent category) each item kind belongs to. */
export const ITEM_SECTION: Record<ItemKind, SectionKey> = {
	netvaerk: 'netvaerk',
	misbrug: 'misbrug',
	retslige: 'retslige',
	maal: 'maal',
	plan: 'maal',
	indsatser: 'indsatser',
	sikkerhed: 'risiko',
	aftaler: 'aftaler'
};

export const itemKind = z.enum(ITEM_KINDS as [ItemKind, ...ItemKind[]]);

export const addItemInput = z.object({
	borgerId: z.uuid(),
	kind: itemKind,
	parentId: z.uuid().nullable().optional(),
	data: z.record(z.string(), z.unknown())
});

/**
 * The version an edit was made from. Versions are `int` columns: a larger number would
 * make PostgreSQL fail the query (a 500) instead of the schema refusing it (a 400).
 */
export const baseVersion = z.number().int().min(1).max(2_147_483_647);

export const updateItemInput = z.object({
	itemId: z.uuid(),
	baseVersion,
	data: z.record(z.string(), z.unknown())
});

// --- Risk, crisis plan, scaling, notes ------------------------------------------------

export const riskAssessmentInput = z.object({
	borgerId: z.uuid(),
	category: z.string().min(1).max(40),
	level: z.enum(RISK_LEVELS, 'Vælg et risikoniveau.'),
	rationale: text(1000).default(''),
	assessedOn: isoDate.optional(),
	reviewBy: optionalDate
});

export const crisisPlanData = z.object({
	earlySigns: text(4000).default(''),
	whatHelps: text(4000).default(''),
	whatToAvoid: text(4000).default(''),
	contacts: text(4000).default(''),
	planB: text(4000).default('')
});

export const scalingInput = z.object({
	borgerId: z.uuid(),
	toLevel: z.string().min(1).max(40),
	reasonCategory: z.string().max(40).nullable().optional(),
	reasonText: required(1000, 'Skriv begrundelsen for skaleringen.')
});

export const NOTE_SECTIONS = [
	'identitet',
	'netvaerk',
	'misbrug',
	'retslige',
	'maal',
	'indsatser',
	'risiko',
	'skalering',
	'aftaler'
] as const satisfies readonly SectionKey[];

export const noteInput = z.object({
	borgerId: z.uuid(),
	section: z.enum(NOTE_SECTIONS),
	body: text(20000)
});

export const closeInput = z.object({
	borgerId: z.uuid(),
	reason: required(500, 'Skriv årsagen til afslutningen.')
});
