import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALING_LEVELS } from '$lib/domain/scaling';
import { zipBomb } from '$tests/zip-bomb';
import { checkUnpackedSize } from './xlsx-size';
import {
	IMPORT_MAX_BYTES,
	IMPORT_MAX_ROWS,
	ImportFileError,
	detectDelimiter,
	parseImportFile
} from './import-file';
import { mapColumns, matchMember, parseDate, type ImportMember } from './import-columns';
import { validateImport, type ImportContext } from './import-validation';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Windows-1252 bytes for Latin-1 text (all Danish letters are in that range). */
function cp1252(s: string): Uint8Array {
	return Uint8Array.from([...s].map((ch) => ch.charCodeAt(0)));
}

const members: ImportMember[] = [
	{
		membershipId: '11111111-1111-4111-8111-111111111111',
		name: 'Mette Holm',
		initials: 'MH',
		email: 'mette.holm@aabakke.dk',
		active: true
	},
	{
		membershipId: '22222222-2222-4222-8222-222222222222',
		name: 'Jonas Kjær',
		initials: 'JK',
		email: 'jonas@region.dk',
		active: true
	},
	{
		membershipId: '33333333-3333-4333-8333-333333333333',
		name: 'Jette Kragh',
		initials: 'JK',
		email: 'jette@aabakke.dk',
		active: true
	},
	{
		membershipId: '44444444-4444-4444-8444-444444444444',
		name: 'Ole Gammel',
		initials: 'OG',
		email: 'ole@aabakke.dk',
		active: false
	}
];

const ctx: ImportContext = {
	members,
	levels: DEFAULT_SCALING_LEVELS,
	existingNames: ['Karin Eksisterende']
};

async function parseCsv(text: string) {
	return parseImportFile('borgere.csv', utf8(text));
}

async function fileError(p: Promise<unknown>): Promise<string> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ImportFileError);
	return (e as Error).message;
}

describe('parseImportFile: CSV', () => {
	it('reads semicolon-separated files (Danish Excel), quoted fields included', async () => {
		const file = await parseCsv(
			'Navn;Fødselsår;Kontaktperson\n"Hansen; Jens";1980;MH\nAnna Berg;1975;\n'
		);
		expect(file.headers).toEqual(['Navn', 'Fødselsår', 'Kontaktperson']);
		expect(file.rows).toEqual([
			{ Navn: 'Hansen; Jens', Fødselsår: '1980', Kontaktperson: 'MH' },
			{ Navn: 'Anna Berg', Fødselsår: '1975', Kontaktperson: '' }
		]);
	});

	it('reads comma-separated files with CRLF line endings', async () => {
		const file = await parseCsv('Name,Birth year\r\n"Berg, Anna",1975\r\nBo Ek,1990\r\n');
		expect(file.headers).toEqual(['Name', 'Birth year']);
		expect(file.rows.map((r) => r['Name'])).toEqual(['Berg, Anna', 'Bo Ek']);
	});

	it('detects the delimiter from the header line, outside quotes', () => {
		expect(detectDelimiter('Navn;Status\nA, B;aktiv')).toBe(';');
		expect(detectDelimiter('"Navn;x",Status\n')).toBe(',');
		expect(detectDelimiter('Navn\tStatus\n')).toBe('\t');
		// One column: read with ';' so "Hansen, Jens" stays one name.
		expect(detectDelimiter('Navn\nHansen, Jens')).toBe(';');
	});

	it('strips a UTF-8 byte order mark from the first header', async () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Navn;Status\nSøren Ø;aktiv\n')]);
		const file = await parseImportFile('x.csv', bytes);
		expect(file.headers).toEqual(['Navn', 'Status']);
		expect(file.rows[0]).toEqual({ Navn: 'Søren Ø', Status: 'aktiv' });
	});

	it('falls back to Windows-1252 when the file is not UTF-8', async () => {
		const file = await parseImportFile('x.CSV', cp1252('Navn;Fødselsår\nSøren Åberg;1980\n'));
		expect(file.headers).toEqual(['Navn', 'Fødselsår']);
		expect(file.rows[0]!['Navn']).toBe('Søren Åberg');
	});

	it('reads UTF-16 files with a byte order mark', async () => {
		const text = 'Navn\tStatus\nSøren\taktiv\n';
		const body = new Uint8Array(text.length * 2);
		[...text].forEach((ch, i) => (body[i * 2] = ch.charCodeAt(0)));
		const file = await parseImportFile('x.csv', new Uint8Array([0xff, 0xfe, ...body]));
		expect(file.rows).toEqual([{ Navn: 'Søren', Status: 'aktiv' }]);
	});

	it('drops trailing blank rows and empty unnamed columns, names the rest', async () => {
		const file = await parseCsv('Navn;;Status;;\nA;;aktiv;x;\nB;;;;\n;;;;\n\n');
		expect(file.headers).toEqual(['Navn', 'Status', 'Kolonne D']);
		expect(file.rows).toHaveLength(2);
	});

	it('makes repeated headers unique', async () => {
		const file = await parseCsv('Navn;Navn\nA;B\n');
		expect(file.headers).toEqual(['Navn', 'Navn (2)']);
	});

	it('rejects other file types, empty and too large files, and too many rows', async () => {
		expect(await fileError(parseImportFile('x.pdf', utf8('Navn')))).toMatch(/CSV-fil.*\.xlsx/);
		expect(await fileError(parseImportFile('x.xls', utf8('Navn')))).toMatch(/\.xls/);
		expect(await fileError(parseImportFile('x.csv', new Uint8Array()))).toBe('Filen er tom.');
		expect(await fileError(parseCsv('\n\n;;\n'))).toBe('Filen er tom.');
		expect(await fileError(parseCsv('Navn\n'))).toMatch(/kun overskrifter/);
		const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(65);
		expect(await fileError(parseImportFile('x.csv', big))).toMatch(/højst fylde 2 MB/);

		const rows = (n: number) =>
			'Navn\n' + Array.from({ length: n }, (_, i) => `Borger ${i}`).join('\n');
		expect((await parseCsv(rows(IMPORT_MAX_ROWS))).rows).toHaveLength(IMPORT_MAX_ROWS);
		expect(await fileError(parseCsv(rows(IMPORT_MAX_ROWS + 1)))).toMatch(
			/2\.001 rækker.*højst importeres 2\.000/
		);
	});

	it('reports an unterminated quote as a file error', async () => {
		expect(await fileError(parseCsv('Navn;Status\n"Anna;aktiv\n'))).toMatch(/citationstegn/);
	});
});

describe('the example file offered for download', () => {
	it('parses, maps every column and validates against a team with its case manager', async () => {
		const file = await parseImportFile(
			'eksempel-import.csv',
			new Uint8Array(readFileSync('static/eksempel-import.csv'))
		);
		const mette = { ...members[0]!, email: 'mette@eksempel.dk' };
		const r = validateImport(file.rows, { ...ctx, members: [mette], headers: file.headers });
		expect(r.ignoredColumns).toEqual([]);
		expect(r.columns.every((c) => c.field !== null)).toBe(true);
		expect(r.errors).toEqual([]);
		expect(r.valid).toHaveLength(3);
	});
});

describe('parseImportFile: XLSX', () => {
	const fixture = new Uint8Array(readFileSync('tests/fixtures/import.xlsx'));

	it('reads the first sheet; numbers become text and date cells YYYY-MM-DD', async () => {
		const file = await parseImportFile('borgere.xlsx', fixture);
		expect(file.headers).toEqual([
			'Navn',
			'Fødselsår',
			'Kontaktperson',
			'Startdato',
			'Status',
			'Skalering',
			'Telefon'
		]);
		expect(file.rows[0]).toEqual({
			Navn: 'Søren Ærø',
			Fødselsår: '1985',
			Kontaktperson: 'Mette Holm',
			Startdato: '2024-03-01',
			Status: 'aktiv',
			Skalering: 'Intensiv',
			Telefon: '12345678'
		});
		expect(file.rows[1]!['Startdato']).toBe('2023-11-15');
		expect(file.rows[2]!['Startdato']).toBe('');
	});

	it('validates the fixture against the team', async () => {
		const file = await parseImportFile('borgere.xlsx', fixture);
		const result = validateImport(file.rows, { ...ctx, headers: file.headers });
		expect(result.errors).toEqual([]);
		expect(result.valid.map((v) => [v.input.name, v.input.caseManagerId, v.level])).toEqual([
			['Søren Ærø', members[0]!.membershipId, 'intensiv'],
			['Åse Lund', members[0]!.membershipId, 'stabil'],
			['Bo Nygaard', undefined, 'skaerpet']
		]);
		expect(result.ignoredColumns).toEqual(['Telefon']);
	});

	it('refuses a zip bomb: small on the wire, far too big unpacked, before reading it', async () => {
		const bomb = zipBomb(64);
		expect(bomb.length).toBeLessThan(IMPORT_MAX_BYTES);
		expect(checkUnpackedSize(bomb)).toBe('too_big');
		expect(await fileError(parseImportFile('bombe.xlsx', bomb))).toBe(
			'Excel-filen fylder mere end 20 MB, når den pakkes ud. Del filen op, eller gem den som CSV.'
		);
		// A real workbook is well inside the limit.
		expect(checkUnpackedSize(fixture)).toBe('ok');
	}, 30_000);

	it('rejects a file that is not a real workbook', async () => {
		expect(await fileError(parseImportFile('x.xlsx', utf8('Navn;Status\n')))).toMatch(
			/kan ikke læses som Excel-fil/
		);
	});
});

describe('column mapping', () => {
	it('maps Danish and English headers, case-insensitively and trimmed', () => {
		const m = mapColumns([
			' NAVN ',
			'initialer',
			'Fodselsaar',
			'CPR-nummer',
			'Case manager',
			'Start date',
			'STATUS',
			'Niveau',
			'Personalesikkerhed',
			'Telefon'
		]);
		expect(m.columns.map((c) => c.field)).toEqual([
			'name',
			'initials',
			'birthYear',
			'cpr',
			'caseManager',
			'startDate',
			'status',
			'level',
			'staffSafety',
			null
		]);
		expect(m.ignored).toEqual(['Telefon']);
		expect(m.warnings).toEqual(['Kolonnen "Telefon" kendes ikke og bliver ikke importeret.']);
	});

	it('accepts other aliases', () => {
		const fields = (h: string) => mapColumns([h]).columns[0]!.field;
		expect(fields('name')).toBe('name');
		expect(fields('Fødselsår')).toBe('birthYear');
		expect(fields('birth year')).toBe('birthYear');
		expect(fields('Kontaktperson')).toBe('caseManager');
		expect(fields('Skalering')).toBe('level');
		expect(fields('Startdato')).toBe('startDate');
	});

	it('reads a field once; a second column for it is ignored with a warning', () => {
		const m = mapColumns(['Navn', 'Name']);
		expect(m.headerOf.name).toBe('Navn');
		expect(m.ignored).toEqual(['Name']);
		expect(m.warnings[0]).toMatch(/"Name".*"Navn".*Navn/);
	});
});

describe('parseDate', () => {
	it.each([
		['2024-03-01', '2024-03-01'],
		['2024-3-1', '2024-03-01'],
		['01-03-2024', '2024-03-01'],
		['01.03.2024', '2024-03-01'],
		['1/3/2024', '2024-03-01'],
		['29.02.2024', '2024-02-29'],
		['45352', '2024-03-01']
	])('%s → %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));

	it.each(['31-02-2024', '2024-13-01', '1/3/24', '01.03-2024', 'i går', ''])('rejects %s', (raw) =>
		expect(parseDate(raw)).toBeNull()
	);
});

describe('matchMember', () => {
	it('matches full name, initials or e-mail of an active member', () => {
		for (const v of ['Mette Holm', ' mette  holm ', 'mh', 'METTE.HOLM@aabakke.dk'])
			expect(matchMember(v, members)).toEqual({ member: members[0] });
	});

	it('refuses ambiguous, inactive and unknown people', () => {
		expect(matchMember('JK', members)).toEqual({ error: expect.stringMatching(/flere medlemmer/) });
		expect(matchMember('Jonas Kjær', members)).toEqual({ member: members[1] });
		expect(matchMember('OG', members)).toEqual({
			error: 'Ole Gammel er ikke længere aktivt medlem af teamet.'
		});
		// A first name alone works when only one active member has it.
		expect(matchMember('mette', members)).toEqual({ member: members[0] });
		expect(matchMember('Jonas', members)).toEqual({ member: members[1] });
		const twoAnnas = [
			...members,
			{ ...members[0]!, membershipId: 'a1', name: 'Anna Ager', initials: 'AA', email: 'a1@x.dk' },
			{ ...members[0]!, membershipId: 'a2', name: 'Anna Berg', initials: 'AB', email: 'a2@x.dk' }
		];
		expect(matchMember('Anna', twoAnnas)).toEqual({
			error:
				'"Anna" passer på flere medlemmer (Anna Ager, Anna Berg). Skriv det fulde navn eller e-mailen.'
		});
		expect(matchMember('Ole', members)).toEqual({
			error: 'Ole Gammel er ikke længere aktivt medlem af teamet.'
		});
		expect(matchMember('Lise', members)).toEqual({
			error: expect.stringMatching(/^Ukendt kontaktperson "Lise"/)
		});
	});
});

describe('validateImport', () => {
	async function validate(csv: string, context: Partial<ImportContext> = {}) {
		const file = await parseCsv(csv);
		return validateImport(file.rows, { ...ctx, ...context, headers: file.headers });
	}

	it('turns valid rows into the identity input, with defaults', async () => {
		const r = await validate(
			[
				'Navn;Initialer;Fødselsår;CPR;Kontaktperson;Startdato;Status;Skalering;Personalesikkerhed',
				'Anna Berg;ab;1975;010175-1234;mh;15.01.2024;Venter;skærpet;Kom aldrig alene',
				'Bo Ek;;;;;;;;nej'
			].join('\n')
		);
		expect(r.errors).toEqual([]);
		expect(r.valid).toEqual([
			{
				row: 2,
				level: 'skaerpet',
				input: {
					name: 'Anna Berg',
					initials: 'AB',
					birthYear: 1975,
					cpr: '0101751234',
					caseManagerId: members[0]!.membershipId,
					startDate: '2024-01-15',
					status: 'venter',
					staffSafety: 'Kom aldrig alene'
				}
			},
			{ row: 3, level: 'stabil', input: { name: 'Bo Ek' } }
		]);
		expect(r.rows[0]).toMatchObject({
			row: 2,
			caseManager: 'Mette Holm',
			status: 'Venter',
			level: 'Skærpet',
			hasCpr: true,
			staffSafety: true,
			errors: []
		});
		expect(r.rows[1]).toMatchObject({ initials: 'BE', status: 'Aktiv', level: 'Stabil' });
	});

	it('gives row-numbered Danish errors (data row 1 = row 2), the form messages where they exist', async () => {
		const r = await validate(
			[
				'Navn;Fødselsår;CPR;Kontaktperson;Skalering;Startdato;Status',
				'OK Borger;1980;;;;;',
				';1980;;;;;',
				'Bad Year;19x0;;;;;',
				'Old Year;1850;;;;;',
				'Bad Cpr;;12345;;;;',
				'Bad Cm;;;Lise Hansen;;;',
				'Bad Level;;;;Superhøj;;',
				'Bad Date;;;;;31-02-2024;',
				'Bad Status;;;;;;pause',
				'Closed;;;;;;afsluttet'
			].join('\n')
		);
		const byRow = Object.fromEntries(r.errors.map((e) => [e.row, e]));
		expect(byRow[3]).toEqual({ row: 3, field: 'name', message: 'Skriv borgerens navn.' });
		expect(byRow[4]).toEqual({ row: 4, field: 'birthYear', message: 'Skriv et årstal.' });
		expect(byRow[5]).toEqual({
			row: 5,
			field: 'birthYear',
			message: 'Fødselsåret skal være efter 1900.'
		});
		expect(byRow[6]).toEqual({
			row: 6,
			field: 'cpr',
			message: 'CPR-nummer skal have formen ddmmåå-xxxx.'
		});
		expect(byRow[7]).toMatchObject({
			field: 'caseManager',
			message: expect.stringMatching(/^Ukendt kontaktperson "Lise Hansen"/)
		});
		expect(byRow[8]).toMatchObject({
			field: 'level',
			message:
				'Ukendt skaleringsniveau "Superhøj". Skriv et af: Intensiv, Skærpet, Stabil, Ikke på tavlen.'
		});
		expect(byRow[9]).toMatchObject({
			field: 'startDate',
			message: 'Skriv en gyldig dato (åååå-mm-dd).'
		});
		expect(byRow[10]).toMatchObject({
			field: 'status',
			message: expect.stringMatching(/Ukendt status "pause"/)
		});
		expect(byRow[11]).toMatchObject({
			field: 'status',
			message: expect.stringMatching(/Afsluttede/)
		});
		expect(byRow[2]).toBeUndefined();
		expect(r.errors).toHaveLength(9);
		expect(r.valid.map((v) => v.row)).toEqual([2]);
		// Every row is in the preview, with its errors next to it.
		expect(r.rows).toHaveLength(10);
		expect(r.rows.find((p) => p.row === 8)).toMatchObject({
			level: 'Superhøj',
			errors: [{ field: 'level', message: expect.any(String) }]
		});
	});

	it('reports several problems in one row, in column order', async () => {
		const r = await validate('Navn;Fødselsår;Kontaktperson\n;3000;Lise\n');
		expect(r.errors.map((e) => [e.row, e.field])).toEqual([
			[2, 'name'],
			[2, 'birthYear'],
			[2, 'caseManager']
		]);
	});

	it('skips blank rows in the middle but keeps the spreadsheet row numbers', async () => {
		const r = await validate('Navn;Fødselsår\nA;1980\n;\nB;abc\n');
		expect(r.rows.map((p) => p.row)).toEqual([2, 4]);
		expect(r.errors).toEqual([{ row: 4, field: 'birthYear', message: 'Skriv et årstal.' }]);
	});

	it('refuses the same borger twice in the file', async () => {
		const r = await validate(
			'Navn;Fødselsår\nAnna Berg;1975\nanna  berg;1975\nJens Ek;1960\nJens Ek;1988\nBo Ek;\nBo Ek;1990\n'
		);
		expect(r.errors).toEqual([
			{ row: 3, field: 'name', message: '"anna berg" står også i række 2.' },
			{
				row: 7,
				field: 'name',
				message:
					'"Bo Ek" står også i række 6. Er det to forskellige borgere, så skriv fødselsår på begge.'
			}
		]);
	});

	it('warns (does not fail) about names already on the team and ignored columns', async () => {
		const r = await validate('Navn;Telefon\nKarin Eksisterende;12345678\n');
		expect(r.errors).toEqual([]);
		expect(r.valid).toHaveLength(1);
		expect(r.ignoredColumns).toEqual(['Telefon']);
		expect(r.warnings).toEqual([
			'Kolonnen "Telefon" kendes ikke og bliver ikke importeret.',
			'Række 2: Der er allerede en borger med navnet "Karin Eksisterende" i teamet. Tjek, at det ikke er den samme person.'
		]);
	});

	it('restores the leading 0 Excel drops from a CPR number, with a warning', async () => {
		const r = await validate('Navn;CPR\nAnna;101751234\n');
		expect(r.valid[0]!.input.cpr).toBe('0101751234');
		expect(r.warnings).toEqual([expect.stringMatching(/^Række 2: CPR-nummeret manglede et 0/)]);
	});

	it('needs a Navn column: a file-level error on row 1', async () => {
		const r = await validate('Fornavn;Fødselsår\nAnna;1975\n');
		expect(r.valid).toEqual([]);
		expect(r.errors).toEqual([
			{ row: 1, field: 'columns', message: expect.stringMatching(/mangler kolonnen "Navn"/) }
		]);
	});

	it('uses the team levels, by label or key', async () => {
		const levels = [
			{ ...DEFAULT_SCALING_LEVELS[0]!, key: 'roed', label: 'Rød' },
			{ ...DEFAULT_SCALING_LEVELS[1]!, key: 'gul', label: 'Gul' }
		];
		const r = await validate('Navn;Niveau\nA;rød\nB;GUL\nC;\nD;Stabil\n', { levels });
		expect(r.valid.map((v) => v.level)).toEqual(['roed', 'gul', 'roed']);
		expect(r.errors).toEqual([
			{
				row: 5,
				field: 'level',
				message: 'Ukendt skaleringsniveau "Stabil". Skriv et af: Rød, Gul.'
			}
		]);
	});
});
