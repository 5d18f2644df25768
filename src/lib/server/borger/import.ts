import { TRPCError } from '@trpc/server';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { z } from '$lib/zod';
import { borgerIdentity, type BorgerStatus } from '$lib/schemas/borger';
import type { ScalingLevel } from '$lib/domain/scaling';
import { initialsOf } from '$lib/domain/professions';
import type { DB, Executor } from '../db';
import { listMembers, type MemberRow } from '../teams/service';
import { insertBorger } from './write';
import { teamSettings } from '../team-settings';
import { badRequest } from '../errors';

/**
 * Importing a team's borgere from the spreadsheet it used before Tavla (CSV or XLSX).
 *
 * Three steps, each usable on its own: parse the file into header-keyed text rows,
 * validate the rows against the team (members, scaling levels, existing borgere) with
 * the same zod schema as the "Ny borger" form, and commit. The commit parses and
 * validates the file again on the server and writes all rows in one transaction, or
 * nothing when a single row is invalid.
 */

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 2000;

/** A problem with the file as a whole (type, size, encoding, structure). Message in Danish. */
export class ImportFileError extends Error {
	override name = 'ImportFileError';
}

export interface ParsedFile {
	headers: string[];
	/** One record per data row, keyed by header; row i is spreadsheet row i + 2. */
	rows: Record<string, string>[];
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

type Cell = string | number | boolean | Date | null | undefined;

export async function parseImportFile(filename: string, bytes: Uint8Array): Promise<ParsedFile> {
	const ext = /\.([^.]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
	if (ext === 'xls')
		throw new ImportFileError(
			'Gamle Excel-filer (.xls) kan ikke læses. Gem filen som .xlsx eller CSV, og prøv igen.'
		);
	if (ext !== 'csv' && ext !== 'xlsx')
		throw new ImportFileError('Vælg en CSV-fil (.csv) eller en Excel-fil (.xlsx).');
	if (bytes.length === 0) throw new ImportFileError('Filen er tom.');
	if (bytes.length > IMPORT_MAX_BYTES)
		throw new ImportFileError(
			`Filen fylder ${(bytes.length / 1024 / 1024).toFixed(1).replace('.', ',')} MB. Den må højst fylde 2 MB.`
		);
	const grid = ext === 'csv' ? parseCsv(decodeText(bytes)) : await parseXlsx(bytes);
	return toRecords(grid);
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 from older Danish Excel. */
export function decodeText(bytes: Uint8Array): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
	const utf8 = new TextDecoder('utf-8').decode(bytes);
	const text = utf8.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
	return text.replace(/^\uFEFF/, '');
}

/**
 * The delimiter used in the header line, outside quotes: Danish Excel writes `;`, most
 * other tools `,`. A header without any (one column) is read with `;`, so a name like
 * "Hansen, Jens" is not split.
 */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
	const counts = { ';': 0, ',': 0, '\t': 0 };
	let quoted = false;
	for (const ch of text) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
	}
	if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
	return counts[','] > counts[';'] ? ',' : ';';
}

function parseCsv(text: string): Cell[][] {
	const result = Papa.parse<string[]>(text, {
		delimiter: detectDelimiter(text),
		skipEmptyLines: false
	});
	const quoteError = result.errors.find((e) => e.type === 'Quotes');
	if (quoteError)
		throw new ImportFileError(
			`Filen kan ikke læses: et citationstegn (") i række ${(quoteError.row ?? 0) + 1} er ikke afsluttet.`
		);
	return result.data;
}

async function parseXlsx(bytes: Uint8Array): Promise<Cell[][]> {
	try {
		const data = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
		return data as unknown as Cell[][];
	} catch (e) {
		if ((e as { code?: string }).code === 'XLS_FILE_NOT_SUPPORTED')
			throw new ImportFileError(
				'Filen er en gammel Excel-fil (.xls). Gem den som .xlsx eller CSV, og prøv igen.'
			);
		throw new ImportFileError(
			'Filen kan ikke læses som Excel-fil (.xlsx). Gem den igen som .xlsx eller CSV.'
		);
	}
}

/** A spreadsheet cell as text; Excel dates become 'YYYY-MM-DD' (they are read as UTC midnight). */
export function cellText(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return '';
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
	}
	if (typeof value === 'boolean') return value ? 'ja' : 'nej';
	return String(value).trim();
}

function columnLetter(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
		s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function toRecords(grid: Cell[][]): ParsedFile {
	const text = grid.map((row) => row.map(cellText));
	const isBlank = (row: string[]) => row.every((c) => c === '');
	while (text.length > 0 && isBlank(text[text.length - 1]!)) text.pop();
	if (text.length === 0) throw new ImportFileError('Filen er tom.');
	const [head, ...body] = text as [string[], ...string[][]];
	if (isBlank(head))
		throw new ImportFileError(
			'Første række skal indeholde kolonneoverskrifterne (fx Navn, Fødselsår, Kontaktperson).'
		);
	if (body.length === 0)
		throw new ImportFileError('Filen indeholder kun overskrifter og ingen borgere.');
	if (body.length > IMPORT_MAX_ROWS)
		throw new ImportFileError(
			`Filen har ${body.length.toLocaleString('da-DK')} rækker. Der kan højst importeres ${IMPORT_MAX_ROWS.toLocaleString('da-DK')} ad gangen; del filen op.`
		);

	// Columns: every position with a header or with data. Blank headers get the column
	// letter, repeated headers a number, so each key is unique.
	const width = Math.max(...text.map((r) => r.length));
	const columns: { index: number; header: string }[] = [];
	const seen = new Map<string, number>();
	for (let i = 0; i < width; i++) {
		let header = head[i] ?? '';
		if (header === '') {
			if (body.every((r) => (r[i] ?? '') === '')) continue;
			header = `Kolonne ${columnLetter(i)}`;
		}
		const n = (seen.get(header.toLowerCase()) ?? 0) + 1;
		seen.set(header.toLowerCase(), n);
		columns.push({ index: i, header: n > 1 ? `${header} (${n})` : header });
	}
	return {
		headers: columns.map((c) => c.header),
		rows: body.map((r) => Object.fromEntries(columns.map((c) => [c.header, r[c.index] ?? ''])))
	};
}

// ---------------------------------------------------------------------------------------
// Column mapping
// ---------------------------------------------------------------------------------------

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
function fold(s: string): string {
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

function labelOf(field: ImportField): string {
	return IMPORT_COLUMNS.find((c) => c.field === field)!.label;
}

// ---------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------

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

const STATUS_ALIASES: Record<string, BorgerStatus> = {
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

const STATUS_LABEL: Record<'henvist' | 'venter' | 'aktiv', string> = {
	henvist: 'Henvist',
	venter: 'Venter',
	aktiv: 'Aktiv'
};

const NO_STAFF_SAFETY = new Set(['', 'nej', 'n', 'no', 'ingen', '0', 'false']);

export type ImportMember = Pick<
	MemberRow,
	'membershipId' | 'name' | 'initials' | 'email' | 'active'
>;

const collapse = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

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

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

export interface ImportError {
	/** Spreadsheet row, 1-based and counting the header: the first data row is row 2. */
	row: number;
	field: ImportField | 'columns';
	message: string;
}

/** One data row as the preview shows it: cleaned values when valid, the cell text when not. */
export interface PreviewRow {
	row: number;
	name: string;
	initials: string;
	birthYear: string;
	caseManager: string;
	/** 'YYYY-MM-DD'; empty means "today" when imported. */
	startDate: string;
	status: string;
	level: string;
	hasCpr: boolean;
	staffSafety: boolean;
	errors: { field: ImportField; message: string }[];
}

export interface ValidRow {
	row: number;
	input: z.output<typeof borgerIdentity>;
	level: string;
}

export interface ImportValidation {
	valid: ValidRow[];
	rows: PreviewRow[];
	errors: ImportError[];
	warnings: string[];
	columns: ColumnMapping['columns'];
	ignoredColumns: string[];
}

export interface ImportContext {
	members: readonly ImportMember[];
	levels: readonly ScalingLevel[];
	/** Names of the team's borgere (also closed ones), for the "already on the team" warning. */
	existingNames: readonly string[];
	/** Column order; defaults to the keys of the first row. */
	headers?: string[];
}

const SCHEMA_FIELD: Record<string, ImportField> = {
	name: 'name',
	initials: 'initials',
	birthYear: 'birthYear',
	cpr: 'cpr',
	caseManagerId: 'caseManager',
	startDate: 'startDate',
	status: 'status',
	staffSafety: 'staffSafety'
};

export function validateImport(
	rows: readonly Record<string, string>[],
	ctx: ImportContext
): ImportValidation {
	const mapping = mapColumns(ctx.headers ?? Object.keys(rows[0] ?? {}));
	const warnings = [...mapping.warnings];
	const errors: ImportError[] = [];
	const base = { columns: mapping.columns, ignoredColumns: mapping.ignored };
	if (mapping.headerOf.name === undefined) {
		errors.push({
			row: 1,
			field: 'columns',
			message:
				'Filen mangler kolonnen "Navn". Første række skal indeholde kolonneoverskrifterne (fx Navn, Fødselsår, Kontaktperson).'
		});
		return { valid: [], rows: [], errors, warnings, ...base };
	}

	const defaultLevel = ctx.levels.find((l) => l.key === 'stabil') ?? ctx.levels[0]!;
	const existing = new Set(ctx.existingNames.map(collapse));
	const seen = new Map<string, { row: number; birthYear: string }[]>();
	const valid: ValidRow[] = [];
	const preview: PreviewRow[] = [];

	rows.forEach((record, index) => {
		if (Object.values(record).every((v) => v.trim() === '')) return;
		const rowNo = index + 2;
		const get = (f: ImportField) => {
			const header = mapping.headerOf[f];
			return header === undefined ? '' : (record[header] ?? '').trim();
		};
		const rowErrors: { field: ImportField; message: string }[] = [];
		const fail = (field: ImportField, message: string) => {
			if (!rowErrors.some((e) => e.field === field)) rowErrors.push({ field, message });
		};

		const name = get('name').replace(/\s+/g, ' ');
		const birthYear = get('birthYear');

		let cpr = get('cpr');
		if (/^\d{9}$/.test(cpr)) {
			// Excel stores a CPR number without dash as a number and drops a leading 0.
			cpr = `0${cpr}`;
			warnings.push(
				`Række ${rowNo}: CPR-nummeret manglede et 0 forrest (typisk fra Excel) og er rettet.`
			);
		}

		const cmText = get('caseManager');
		let caseManager: ImportMember | null = null;
		if (cmText !== '') {
			const m = matchMember(cmText, ctx.members);
			if ('member' in m) caseManager = m.member;
			else fail('caseManager', m.error);
		}

		const startText = get('startDate');
		const startDate = startText === '' ? undefined : (parseDate(startText) ?? startText);

		const statusText = get('status');
		let status: BorgerStatus | undefined;
		if (statusText !== '') {
			status = STATUS_ALIASES[fold(statusText)];
			if (status === 'afsluttet')
				fail(
					'status',
					'Afsluttede borgere kan ikke importeres. Skriv henvist, venter eller aktiv.'
				);
			else if (!status)
				fail('status', `Ukendt status "${statusText}". Skriv henvist, venter eller aktiv.`);
		}

		const levelText = get('level');
		let level: ScalingLevel | undefined = defaultLevel;
		if (levelText !== '') {
			level = ctx.levels.find(
				(l) => fold(l.key) === fold(levelText) || fold(l.label) === fold(levelText)
			);
			if (!level)
				fail(
					'level',
					`Ukendt skaleringsniveau "${levelText}". Skriv et af: ${ctx.levels.map((l) => l.label).join(', ')}.`
				);
		}

		const safetyText = get('staffSafety');
		const staffSafety = NO_STAFF_SAFETY.has(fold(safetyText)) ? '' : safetyText;

		const parsed = borgerIdentity.safeParse({
			name,
			initials: get('initials') || undefined,
			birthYear: birthYear === '' ? undefined : birthYear,
			cpr: cpr || undefined,
			caseManagerId: caseManager?.membershipId,
			startDate,
			status: status === 'afsluttet' ? undefined : status,
			staffSafety: staffSafety || undefined
		});
		if (!parsed.success)
			for (const issue of parsed.error.issues)
				fail(SCHEMA_FIELD[String(issue.path[0])] ?? 'name', issue.message);

		if (name !== '') {
			const key = collapse(name);
			const earlier = seen.get(key) ?? [];
			const same = earlier.find(
				(e) => e.birthYear === '' || birthYear === '' || e.birthYear === birthYear
			);
			if (same)
				fail(
					'name',
					`"${name}" står også i række ${same.row}.` +
						(same.birthYear === '' || birthYear === ''
							? ' Er det to forskellige borgere, så skriv fødselsår på begge.'
							: '')
				);
			seen.set(key, [...earlier, { row: rowNo, birthYear }]);
			if (existing.has(key))
				warnings.push(
					`Række ${rowNo}: Der er allerede en borger med navnet "${name}" i teamet. Tjek, at det ikke er den samme person.`
				);
		}

		// Errors in column order, as the person reads the row.
		const order = IMPORT_COLUMNS.map((c) => c.field);
		rowErrors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
		for (const e of rowErrors) errors.push({ row: rowNo, ...e });

		const ok = parsed.success && rowErrors.length === 0 && level !== undefined;
		preview.push({
			row: rowNo,
			name,
			initials: ok ? (parsed.data.initials ?? initialsOf(name)) : get('initials'),
			birthYear,
			caseManager: caseManager?.name ?? cmText,
			startDate: parsed.success ? (parsed.data.startDate ?? '') : startText,
			status: status && status !== 'afsluttet' ? STATUS_LABEL[status] : statusText || 'Aktiv',
			level: level?.label ?? levelText,
			hasCpr: cpr !== '',
			staffSafety: staffSafety !== '',
			errors: rowErrors
		});
		if (ok) valid.push({ row: rowNo, input: parsed.data, level: level!.key });
	});

	if (preview.length === 0)
		errors.push({ row: 1, field: 'columns', message: 'Filen indeholder ingen borgere.' });
	return { valid, rows: preview, errors, warnings, ...base };
}

// ---------------------------------------------------------------------------------------
// Team context, preview and commit
// ---------------------------------------------------------------------------------------

export async function loadImportContext(db: Executor, teamId: string): Promise<ImportContext> {
	const [members, settings, borgere] = await Promise.all([
		listMembers(db, teamId),
		teamSettings(db, teamId),
		db.selectFrom('borger').select('name').where('team_id', '=', teamId).execute()
	]);
	return {
		members,
		levels: settings.scalingLevels,
		existingNames: borgere.map((b) => b.name)
	};
}

/** Turn validation errors into the BAD_REQUEST the API returns: one field error per row and column. */
function validationError(errors: ImportError[]): TRPCError {
	const issues = errors.map((e) => ({
		code: 'custom' as const,
		path: [e.row, e.field],
		message: e.message,
		input: undefined
	}));
	return new TRPCError({
		code: 'BAD_REQUEST',
		message: `Filen har ${errors.length} fejl. Intet er importeret.`,
		// ZodRealError is the Error subclass; TRPCError keeps only Error causes as they are.
		cause: new z.ZodRealError(issues)
	});
}

/**
 * Insert every row of `rows` for the team, or none. The rows are validated again here,
 * inside the transaction, against the team as it is now; any error throws BAD_REQUEST
 * (with the row errors) before anything is written.
 */
export async function commitImport(
	db: DB,
	teamId: string,
	actorId: string,
	rows: readonly Record<string, string>[],
	headers?: string[]
): Promise<{ created: number }> {
	return db.transaction().execute(async (trx) => {
		const ctx = await loadImportContext(trx, teamId);
		const result = validateImport(rows, { ...ctx, headers });
		if (result.errors.length > 0) throw validationError(result.errors);
		for (const r of result.valid)
			await insertBorger(trx, teamId, actorId, r.input, r.level, 'import');
		return { created: result.valid.length };
	});
}

/** The upload as the client sends it: the file name and its bytes as base64. */
export const importFileInput = z.object({
	filename: z.string().max(200),
	base64: z.string().max(3_000_000)
});
export type ImportFileInput = z.infer<typeof importFileInput>;

async function readUpload(input: ImportFileInput): Promise<ParsedFile> {
	// Tolerate a data: URL as FileReader.readAsDataURL gives it.
	const bytes = Buffer.from(input.base64.replace(/^data:[^,]*,/, ''), 'base64');
	try {
		return await parseImportFile(input.filename, new Uint8Array(bytes));
	} catch (e) {
		if (e instanceof ImportFileError) throw badRequest(e.message);
		throw e;
	}
}

export interface ImportPreview {
	headers: string[];
	columns: { header: string; field: ImportField | null; label: string | null }[];
	ignoredColumns: string[];
	rows: PreviewRow[];
	errors: ImportError[];
	warnings: string[];
	/** Rows that would be created: only imported when `errors` is empty. */
	readyCount: number;
}

export async function previewImport(
	db: DB,
	teamId: string,
	input: ImportFileInput
): Promise<ImportPreview> {
	const file = await readUpload(input);
	const ctx = await loadImportContext(db, teamId);
	const result = validateImport(file.rows, { ...ctx, headers: file.headers });
	return {
		headers: file.headers,
		columns: result.columns.map((c) => ({
			...c,
			label: c.field === null ? null : labelOf(c.field)
		})),
		ignoredColumns: result.ignoredColumns,
		rows: result.rows,
		errors: result.errors,
		warnings: result.warnings,
		readyCount: result.valid.length
	};
}

/** Parse and validate the uploaded file again, then create all its borgere (source 'import'). */
export async function importFile(
	db: DB,
	teamId: string,
	actorId: string,
	input: ImportFileInput
): Promise<{ created: number }> {
	const file = await readUpload(input);
	return commitImport(db, teamId, actorId, file.rows, file.headers);
}
