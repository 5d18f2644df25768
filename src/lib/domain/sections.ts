/**
 * The sections of a borger record: the seven the board lists, plus identity, crisis plan
 * and scaling, plus the course ('forloeb': referral, visitation, startup meeting,
 * discharge) and its measurements ('maalinger'), which a borger may consent to share or
 * not like any other part (docs/CONSENT.md, "Every piece of borger data has a section").
 *
 * The keys double as consent data categories (DOMAIN.md §7), so a stored consent refers
 * to them. Never rename or reuse a key; add a new one instead. Labels may change freely.
 */

export const SECTION_KEYS = [
	'identitet',
	'netvaerk',
	'misbrug',
	'retslige',
	'maal',
	'indsatser',
	'risiko',
	'kriseplan',
	'skalering',
	'aftaler',
	'forloeb',
	'maalinger'
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface SectionDefinition {
	key: SectionKey;
	label: string;
	description: string;
}

// A Record, so the compiler rejects a key without a label or description.
const SECTION_TEXT: Record<SectionKey, Omit<SectionDefinition, 'key'>> = {
	identitet: {
		label: 'Identitet',
		description: 'Navn, kontaktoplysninger, primær kontaktperson og forløbets start.'
	},
	netvaerk: {
		label: 'Socialt netværk',
		description:
			'Familie, venner og professionelt netværk: relation, ressource eller risiko, og om teamet må tale med dem.'
	},
	misbrug: {
		label: 'Misbrug / rusmidler',
		description: 'Rusmidler, aktuel behandling, borgerens eget mål og nylige ændringer i brug.'
	},
	retslige: {
		label: 'Retslige forhold',
		description: 'Rets- og fogedsager, forventede domme, kriminalforsorg og kontakt med politiet.'
	},
	maal: {
		label: 'Mål og ønsker',
		description: 'Borgerens egne håb og ønsker, konkrete delmål og hvordan de følges.'
	},
	indsatser: {
		label: 'Andre indsatser',
		description: 'Øvrige indsatser med udbyder, kontaktperson, lovgrundlag og status.'
	},
	risiko: {
		label: 'Risiko og sikkerhed',
		description: 'Risikovurdering pr. kategori med niveau og dato, og sikkerhedsforanstaltninger.'
	},
	kriseplan: {
		label: 'Kriseplan',
		description:
			'Tidlige tegn, hvad der hjælper, hvad der skal undgås, hvem der kontaktes, og plan B.'
	},
	skalering: {
		label: 'Skalering',
		description:
			'Nuværende niveau og årsag, dato og beslutningstager for hver op- eller nedskalering.'
	},
	aftaler: {
		label: 'Interventioner og aftaler',
		description: 'Teamets konkrete tiltag og handlinger, og hvem der gør hvad inden hvornår.'
	},
	forloeb: {
		label: 'Forløb',
		description:
			'Henvisning og visitation, opstartsmødet, og afslutningen med bro, modtager og vejen tilbage.'
	},
	maalinger: {
		label: 'Målinger',
		description:
			'Spørgeskemaer og tællinger i forløbet (fx WHO-5 og indlæggelsesdage) med svar, score og plan.'
	}
};

/** In the order the record shows them (the order of SECTION_KEYS). */
export const SECTIONS: readonly SectionDefinition[] = SECTION_KEYS.map((key) => ({
	key,
	...SECTION_TEXT[key]
}));

export function isSectionKey(value: unknown): value is SectionKey {
	return typeof value === 'string' && (SECTION_KEYS as readonly string[]).includes(value);
}

export function sectionByKey(key: SectionKey): SectionDefinition {
	return { key, ...SECTION_TEXT[key] };
}
