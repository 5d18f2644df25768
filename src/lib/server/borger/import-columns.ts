import type { BorgerStatus } from '$lib/schemas/borger';
import type { MemberRow } from '../teams/service';
import { cellText } from './import-file';

/**
 * What an import file's columns and cells mean: headers matched to fields by their Danish
 * names and common aliases, dates in Danish or ISO form, statuses and case managers by name.
 */

export type ImportField =
	| 'name'
	| 'initials'
	| 'birthYear'
	| 'cpr'
	| 'caseManager'
	| 'startDate'
	| 'status'
	| 'level'
	| 'staffSafety';

/** Lower case, æøå folded, everything but letters and digits removed: "Fødsels-år" → "fodselsaar". */
export function fold(s: string): string {
	return s
		.normalize('NFC')
		.toLowerCase()
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'o')
		.replace(/å/g, 'aa')
		.replace(/[^a-z0-9]/g, '');
}

export const IMPORT_COLUMNS: { field: ImportField; label: string; aliases: string[] }[] = [
	{ field: 'name', label: 'Navn', aliases: ['navn', 'name', 'borger', 'borgernavn', 'fulde navn'] },
	{ field: 'initials', label: 'Initialer', aliases: ['initialer', 'initials'] },
	{
		field: 'birthYear',
		label: 'Fødselsår',
		aliases: ['fødselsår', 'fodselsaar', 'foedselsaar', 'fødselsar', 'birth year', 'year of birth']
	},
	{ field: 'cpr', label: 'CPR', aliases: ['cpr', 'cpr-nummer', 'cpr-nr', 'cpr no'] },
	{
		field: 'caseManager',
		label: 'Kontaktperson',
		aliases: ['kontaktperson', 'primær kontaktperson', 'case manager', 'tovholder']
	},
	{
		field: 'startDate',
		label: 'Startdato',
		aliases: ['startdato', 'start', 'start date', 'opstart', 'opstartsdato']
	},
	{ field: 'status', label: 'Status', aliases: ['status'] },
	{
		field: 'level',
		label: 'Skalering',
		aliases: ['skalering', 'niveau', 'skaleringsniveau', 'level', 'scaling level']
	},
	{
		field: 'staffSafety',
		label: 'Personalesikkerhed',
		aliases: ['personalesikkerhed', 'staff safety']
	}
];

const FIELD_BY_ALIAS = new Map(
	IMPORT_COLUMNS.flatMap((c) => c.aliases.map((a) => [fold(a), c.field] as const))
);

export interface ColumnMapping {
	columns: { header: string; field: ImportField | null }[];
	/** The header read for each field (the first, when a field appears twice). */
	headerOf: Partial<Record<ImportField, string>>;
	ignored: string[];
	warnings: string[];
}

export function mapColumns(headers: string[]): ColumnMapping {
	const headerOf: Partial<Record<ImportField, string>> = {};
	const ignored: string[] = [];
	const warnings: string[] = [];
	const columns = headers.map((header) => {
		const field = FIELD_BY_ALIAS.get(fold(header)) ?? null;
		if (field === null) {
			ignored.push(header);
			warnings.push(`Kolonnen "${header}" kendes ikke og bliver ikke importeret.`);
			return { header, field };
		}
		if (headerOf[field] !== undefined) {
			ignored.push(header);
			warnings.push(
				`Kolonnen "${header}" bliver ikke importeret, fordi "${headerOf[field]}" allerede bruges som ${labelOf(field)}.`
			);
			return { header, field: null };
		}
		headerOf[field] = header;
		return { header, field };
	});
	return { columns, headerOf, ignored, warnings };
}

export function labelOf(field: ImportField): string {
	return IMPORT_COLUMNS.find((c) => c.field === field)!.label;
}

/**
 * A date written as 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY' or 'D/M/YYYY' (always day
 * first, as in Denmark), or an Excel serial number, as 'YYYY-MM-DD'. Null when the text
 * is none of these or not a real date.
 */
export function parseDate(raw: string): string | null {
	const s = raw.trim();
	let y: number, m: number, d: number;
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
	if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4})$/.exec(s)))
		[y, m, d] = [Number(match[4]), Number(match[3]), Number(match[1])];
	else if (/^\d{5}(\.0+)?$/.test(s) && Number(s) > 20000 && Number(s) < 80000) {
		// An Excel date serial that was not formatted as a date (days since 1899-12-30).
		const date = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000);
		return cellText(date);
	} else return null;
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
		return null;
	return cellText(date);
}

export const STATUS_ALIASES: Record<string, BorgerStatus> = {
	henvist: 'henvist',
	referred: 'henvist',
	venter: 'venter',
	ventende: 'venter',
	venteliste: 'venter',
	waiting: 'venter',
	aktiv: 'aktiv',
	active: 'aktiv',
	iforlob: 'aktiv',
	afsluttet: 'afsluttet',
	closed: 'afsluttet'
};

export const STATUS_LABEL: Record<'henvist' | 'venter' | 'aktiv', string> = {
	henvist: 'Henvist',
	venter: 'Venter',
	aktiv: 'Aktiv'
};

export const NO_STAFF_SAFETY = new Set(['', 'nej', 'n', 'no', 'ingen', '0', 'false']);

export type ImportMember = Pick<
	MemberRow,
	'membershipId' | 'name' | 'initials' | 'email' | 'active'
>;

export const collapse = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Find the team member a case-manager cell means: by e-mail, then full name, then
 * initials, then (whiteboards often say just "Lene") a first name only one active member has.
 */
export function matchMember(
	raw: string,
	members: readonly ImportMember[]
): { member: ImportMember } | { error: string } {
	const value = collapse(raw);
	const tiers: ((m: ImportMember) => boolean)[] = [
		(m) => m.email.toLowerCase() === value,
		(m) => collapse(m.name) === value,
		(m) => m.initials.toLowerCase() === value,
		(m) => !value.includes(' ') && collapse(m.name).split(' ')[0] === value
	];
	for (const test of tiers) {
		const active = members.filter((m) => m.active && test(m));
		if (active.length === 1) return { member: active[0]! };
		if (active.length > 1)
			return {
				error: `"${raw}" passer på flere medlemmer (${active.map((m) => m.name).join(', ')}). Skriv det fulde navn eller e-mailen.`
			};
	}
	const inactive = members.find((m) => !m.active && tiers.some((test) => test(m)));
	if (inactive) return { error: `${inactive.name} er ikke længere aktivt medlem af teamet.` };
	return {
		error: `Ukendt kontaktperson "${raw}". Skriv navn, initialer eller e-mail på et aktivt medlem af teamet.`
	};
}
