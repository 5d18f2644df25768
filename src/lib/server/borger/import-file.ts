import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { securityText } from '$lib/i18n/da';
import { XLSX_MAX_UNPACKED_BYTES, checkUnpackedSize } from './xlsx-size';

/** Reading an import file (CSV in any common encoding and delimiter, or XLSX) into header-keyed text rows. */

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
	if (checkUnpackedSize(bytes) === 'too_big')
		throw new ImportFileError(
			securityText.importTooBigUnpacked(XLSX_MAX_UNPACKED_BYTES / 1024 / 1024)
		);
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
