import { z } from '$lib/zod';
import { SECTION_KEYS } from '$lib/domain/sections';
import { isoDate } from './borger';

/**
 * Consent registry and legal-basis disclosures (DOMAIN.md §7). Shared by the record's
 * consent page (forms) and tRPC.
 */

export const ACTOR_KINDS = ['team', 'organisation', 'role', 'person'] as const;
export const actorKind = z.enum(ACTOR_KINDS, { error: 'Vælg hvem samtykket gælder.' });

export const actorKindLabel: Record<(typeof ACTOR_KINDS)[number], string> = {
	team: 'Teamet (inderhjulet)',
	organisation: 'En organisation',
	role: 'En funktion eller rolle',
	person: 'En navngiven person'
};

export const GIVEN_HOW = ['skriftligt', 'mundtligt'] as const;
export const givenHowLabel: Record<(typeof GIVEN_HOW)[number], string> = {
	skriftligt: 'Skriftligt',
	mundtligt: 'Mundtligt'
};

export const LEGAL_BASES = [
	'retsplejeloven_115',
	'akut_fare',
	'sel_141_stk5',
	'anden_lovhjemmel'
] as const;
export const legalBasisLabel: Record<(typeof LEGAL_BASES)[number], string> = {
	retsplejeloven_115: 'Retsplejeloven § 115 (PSP, kriminalitetsforebyggelse)',
	akut_fare: 'Akut fare for liv eller helbred',
	sel_141_stk5: 'Serviceloven § 141, stk. 5 (relevante dele af handleplanen)',
	anden_lovhjemmel: 'Anden lovhjemmel'
};

/** Sections the consent covers; null = all sections (the default scope). */
const categories = z
	.array(z.enum(SECTION_KEYS, { error: 'Ukendt oplysningskategori.' }))
	.min(1, 'Vælg mindst én kategori, eller vælg "alle".')
	.max(SECTION_KEYS.length)
	.transform((v) => [...new Set(v)])
	.nullable();

const text = (max: number, message: string) =>
	z.string().trim().min(1, message).max(max, `Højst ${max} tegn.`);

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Højst ${max} tegn.`)
		.optional()
		.transform((v) => (v ? v : null));

export const consentInput = z
	.object({
		actorKind,
		actorLabel: text(200, 'Skriv hvem samtykket gælder (navn, rolle eller organisation).'),
		actorContact: optionalText(200),
		categories,
		purpose: text(1000, 'Skriv formålet med samtykket.'),
		validFrom: isoDate,
		validUntil: isoDate.nullable(),
		givenHow: z.enum(GIVEN_HOW, {
			error: 'Vælg om samtykket er givet skriftligt eller mundtligt.'
		}),
		witnessedBy: optionalText(200)
	})
	.refine((v) => v.validUntil === null || v.validUntil >= v.validFrom, {
		path: ['validUntil'],
		message: 'Slutdatoen skal ligge efter startdatoen.'
	});
export type ConsentInput = z.input<typeof consentInput>;

export const withdrawInput = z.object({
	consentId: z.uuid(),
	note: optionalText(1000)
});

export const disclosureInput = z
	.object({
		recipientKind: actorKind,
		recipientLabel: text(200, 'Skriv hvem oplysningerne er videregivet til.'),
		categories,
		basis: z.enum(LEGAL_BASES, { error: 'Vælg lovgrundlaget.' }),
		legalReference: text(300, 'Henvis til bestemmelsen, fx "Retsplejeloven § 115".'),
		reason: text(2000, 'Begrund hvorfor oplysningerne er videregivet uden samtykke.'),
		decidedBy: text(200, 'Skriv hvem der traf beslutningen.'),
		disclosedOn: isoDate,
		validUntil: isoDate.nullable()
	})
	.refine((v) => v.validUntil === null || v.validUntil >= v.disclosedOn, {
		path: ['validUntil'],
		message: 'Slutdatoen skal ligge efter datoen for videregivelsen.'
	});
export type DisclosureInput = z.input<typeof disclosureInput>;
