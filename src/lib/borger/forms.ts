import type { ItemKind } from '$lib/schemas/borger';

/**
 * How each list section of the borger record is edited and summarised: the Danish
 * labels of every field and its input type. The record page renders every list
 * section from this one description.
 */

export type FieldType = 'text' | 'textarea' | 'select' | 'date' | 'checkbox' | 'number' | 'member';

export interface FieldDef {
	name: string;
	label: string;
	type: FieldType;
	options?: { value: string; label: string }[];
	required?: boolean;
	/** Hidden in privacy mode and in summaries for others (free text). */
	freeText?: boolean;
	min?: number;
	max?: number;
}

export interface ItemFormDef {
	kind: ItemKind;
	title: string;
	addLabel: string;
	emptyText: string;
	fields: FieldDef[];
	/** The line shown for an item in the list. */
	summary: (data: Record<string, unknown>) => string;
}

const opt = (pairs: Record<string, string>) =>
	Object.entries(pairs).map(([value, label]) => ({ value, label }));

export const NETWORK_ROLE = {
	ressource: 'Ressource',
	belastning: 'Belastning',
	begge: 'Både og',
	neutral: 'Neutral'
};
export const CLOSENESS = { '1': 'Tæt på', '2': 'Nogen kontakt', '3': 'Perifer' };
export const TREATMENT_STATUS = {
	ingen: 'Ingen behandling',
	venter: 'Venter',
	i_behandling: 'I behandling',
	afsluttet: 'Afsluttet'
};
export const SUBSTANCE_GOAL = {
	stop: 'Stoppe',
	reducer: 'Reducere',
	stabiliser: 'Stabilisere',
	ikke_afklaret: 'Ikke afklaret'
};
export const LEGAL_KIND = {
	dom: 'Dom',
	behandlingsdom: 'Behandlingsdom',
	vilkaar: 'Vilkår',
	retsmoede: 'Retsmøde',
	sigtelse: 'Sigtelse',
	tilsyn: 'Tilsyn (Kriminalforsorgen)',
	andet: 'Andet'
};
export const GOAL_STATUS = { aktiv: 'Aktivt', naaet: 'Nået', opgivet: 'Opgivet' };
export const PLAN_KIND = {
	faelles_plan: 'Fælles plan',
	handleplan: 'Handleplan (SEL § 141)',
	behandlingsplan: 'Behandlingsplan',
	andet: 'Andet dokument'
};
export const AGREEMENT_STATUS = { aaben: 'Åben', udfoert: 'Udført', annulleret: 'Annulleret' };

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export const ITEM_FORMS: Record<ItemKind, ItemFormDef> = {
	netvaerk: {
		kind: 'netvaerk',
		title: 'Personer og organisationer',
		addLabel: 'Tilføj person',
		emptyText: 'Ingen personer registreret.',
		fields: [
			{ name: 'name', label: 'Navn', type: 'text', required: true },
			{ name: 'relation', label: 'Relation', type: 'text', required: true },
			{
				name: 'kind',
				label: 'Type',
				type: 'select',
				options: opt({ privat: 'Privat', professionel: 'Professionel' }),
				required: true
			},
			{ name: 'organisation', label: 'Organisation', type: 'text' },
			{ name: 'phone', label: 'Telefon', type: 'text' },
			{ name: 'email', label: 'E-mail', type: 'text' },
			{
				name: 'role',
				label: 'Ressource eller belastning',
				type: 'select',
				options: opt(NETWORK_ROLE),
				required: true
			},
			{ name: 'closeness', label: 'Nærhed', type: 'select', options: opt(CLOSENESS) },
			{
				name: 'mayInvolve',
				label: 'Borgeren har givet samtykke til, at teamet må involvere personen',
				type: 'checkbox'
			},
			{ name: 'note', label: 'Note', type: 'textarea', freeText: true }
		],
		summary: (d) => `${s(d.name)} (${s(d.relation)})`
	},
	misbrug: {
		kind: 'misbrug',
		title: 'Rusmidler',
		addLabel: 'Tilføj rusmiddel',
		emptyText: 'Intet rusmiddelbrug registreret.',
		fields: [
			{ name: 'substance', label: 'Rusmiddel', type: 'text', required: true },
			{ name: 'pattern', label: 'Mønster', type: 'text', required: true },
			{ name: 'recentChange', label: 'Seneste ændring', type: 'text', freeText: true },
			{
				name: 'treatmentStatus',
				label: 'Behandling',
				type: 'select',
				options: opt(TREATMENT_STATUS),
				required: true
			},
			{
				name: 'goal',
				label: 'Borgerens mål',
				type: 'select',
				options: opt(SUBSTANCE_GOAL),
				required: true
			},
			{ name: 'note', label: 'Note', type: 'textarea', freeText: true }
		],
		summary: (d) => `${s(d.substance)}: ${s(d.pattern)}`
	},
	retslige: {
		kind: 'retslige',
		title: 'Retslige forhold',
		addLabel: 'Tilføj forhold',
		emptyText: 'Ingen retslige forhold registreret.',
		fields: [
			{ name: 'kind', label: 'Type', type: 'select', options: opt(LEGAL_KIND), required: true },
			{ name: 'description', label: 'Beskrivelse', type: 'text', required: true, freeText: true },
			{ name: 'date', label: 'Dato', type: 'date' },
			{ name: 'contact', label: 'Kontakt (fx tilsynsførende)', type: 'text' }
		],
		summary: (d) => `${LEGAL_KIND[s(d.kind) as keyof typeof LEGAL_KIND] ?? ''}: ${s(d.description)}`
	},
	maal: {
		kind: 'maal',
		title: 'Mål og delmål',
		addLabel: 'Tilføj mål',
		emptyText: 'Ingen mål registreret endnu.',
		fields: [
			{
				name: 'text',
				label: 'Mål (gerne med borgerens egne ord)',
				type: 'textarea',
				required: true,
				freeText: true
			},
			{ name: 'ownerId', label: 'Ansvarlig', type: 'member' },
			{ name: 'followUpOn', label: 'Opfølgning', type: 'date' },
			{ name: 'status', label: 'Status', type: 'select', options: opt(GOAL_STATUS) },
			{ name: 'progress', label: 'Fremskridt (%)', type: 'number', min: 0, max: 100 }
		],
		summary: (d) => s(d.text)
	},
	plan: {
		kind: 'plan',
		title: 'Planer og dokumenter',
		addLabel: 'Tilføj plan',
		emptyText: 'Ingen planer tilknyttet.',
		fields: [
			{ name: 'kind', label: 'Type', type: 'select', options: opt(PLAN_KIND), required: true },
			{ name: 'title', label: 'Titel', type: 'text', required: true },
			{ name: 'reference', label: 'Reference (journalnr., link eller placering)', type: 'text' },
			{ name: 'date', label: 'Dato', type: 'date' }
		],
		summary: (d) => `${PLAN_KIND[s(d.kind) as keyof typeof PLAN_KIND] ?? ''}: ${s(d.title)}`
	},
	indsatser: {
		kind: 'indsatser',
		title: 'Andre indsatser',
		addLabel: 'Tilføj indsats',
		emptyText: 'Ingen andre indsatser registreret.',
		fields: [
			{ name: 'provider', label: 'Udbyder', type: 'text', required: true },
			{ name: 'description', label: 'Indsats', type: 'text', required: true },
			{ name: 'legalBasis', label: 'Lovgrundlag (fx SEL § 85)', type: 'text' },
			{ name: 'startDate', label: 'Start', type: 'date' },
			{ name: 'endDate', label: 'Slut', type: 'date' }
		],
		summary: (d) =>
			`${s(d.provider)}: ${s(d.description)}${d.legalBasis ? ` (${s(d.legalBasis)})` : ''}`
	},
	sikkerhed: {
		kind: 'sikkerhed',
		title: 'Sikkerhedsforanstaltninger',
		addLabel: 'Tilføj foranstaltning',
		emptyText: 'Ingen sikkerhedsforanstaltninger.',
		fields: [
			{ name: 'description', label: 'Foranstaltning', type: 'text', required: true },
			{ name: 'ownerId', label: 'Ansvarlig', type: 'member' },
			{ name: 'validUntil', label: 'Gælder til', type: 'date' },
			{
				name: 'staffSafety',
				label: 'Personalesikkerhed (vises for alle, der tager på besøg)',
				type: 'checkbox'
			}
		],
		summary: (d) => s(d.description)
	},
	aftaler: {
		kind: 'aftaler',
		title: 'Interventioner og aftaler',
		addLabel: 'Tilføj aftale',
		emptyText: 'Ingen aftaler.',
		fields: [
			{ name: 'description', label: 'Aftale', type: 'text', required: true },
			{ name: 'ownerId', label: 'Ansvarlig', type: 'member' },
			{ name: 'dueOn', label: 'Frist', type: 'date' },
			{ name: 'status', label: 'Status', type: 'select', options: opt(AGREEMENT_STATUS) }
		],
		summary: (d) => s(d.description)
	}
};
