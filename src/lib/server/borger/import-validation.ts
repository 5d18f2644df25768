import { z } from '$lib/zod';
import { borgerIdentity, type BorgerStatus } from '$lib/schemas/borger';
import type { ScalingLevel } from '$lib/domain/scaling';
import { initialsOf } from '$lib/domain/professions';
import {
	fold,
	IMPORT_COLUMNS,
	mapColumns,
	parseDate,
	STATUS_ALIASES,
	STATUS_LABEL,
	NO_STAFF_SAFETY,
	collapse,
	matchMember,
	type ImportField,
	type ColumnMapping,
	type ImportMember
} from './import-columns';

/** Validating every row of an import against the team, with a Danish message per cell. */

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
