import { TRPCError } from '@trpc/server';
import { z } from '$lib/zod';
import type { DB, Executor } from '../db';
import { listMembers } from '../teams/service';
import { insertBorger } from './create';
import { teamSettings } from '../team-settings';
import { badRequest } from '../errors';
import { ImportFileError, parseImportFile, type ParsedFile } from './import-file';
import { labelOf, type ImportField } from './import-columns';
import {
	validateImport,
	type ImportError,
	type PreviewRow,
	type ImportContext
} from './import-validation';

/**
 * Importing a team's borgere from the spreadsheet it used before Tavla (CSV or XLSX).
 *
 * Three steps, each usable on its own: parse the file into header-keyed text rows
 * (import-file.ts), validate the rows against the team (members, scaling levels, existing
 * borgere) with the same zod schema as the "Ny borger" form (import-validation.ts), and
 * commit (here). The commit parses and validates the file again on the server and writes
 * all rows in one transaction, or nothing when a single row is invalid.
 */

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
