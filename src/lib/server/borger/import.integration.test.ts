import { readFileSync } from 'node:fs';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDb } from '$tests/db';
import { callerFor } from '$tests/caller';
import { zipBomb } from '$tests/zip-bomb';
import { fieldErrors } from '$lib/zod';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { importFile, previewImport } from './import';

let handle: DbHandle;
let teamId: string;
let lead: SessionUser;
let auditor: SessionUser;
let counter = 0;
const memberIds: Record<string, string> = {};

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const csv = (lines: string[]) => ({ filename: 'borgere.csv', base64: b64(lines.join('\r\n')) });

async function addPerson(name: string, initials: string, role: 'teamleder' | 'medlem' | 'auditor') {
	counter++;
	const email = `${initials.toLowerCase()}-${counter}@import.tavla.test`;
	const user = await handle.db
		.insertInto('app_user')
		.values({ email, name, initials, password_hash: 'x' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const org = await handle.db
		.selectFrom('team')
		.select('municipality_id')
		.where('id', '=', teamId)
		.executeTakeFirstOrThrow();
	const m = await handle.db
		.insertInto('membership')
		.values({
			team_id: teamId,
			user_id: user.id,
			organisation_id: org.municipality_id,
			profession: 'sygeplejerske',
			role
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	memberIds[name] = m.id;
	const sessionUser: SessionUser = {
		id: user.id,
		email,
		name,
		initials,
		isAdmin: false,
		hasTotp: false
	};
	return sessionUser;
}

async function counts() {
	const r = await sql<{ borgere: number; changes: number; events: number }>`
		select
			(select count(*)::int from borger where team_id = ${teamId}) as borgere,
			(select count(*)::int from change_log where team_id = ${teamId}) as changes,
			(select count(*)::int from scaling_event) as events
	`.execute(handle.db);
	return r.rows[0]!;
}

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(TRPCError);
	return e as TRPCError;
}

const caller = (user: SessionUser) => callerFor(handle.db, user);

beforeAll(async () => {
	handle = await createTestDb();
	const [kommune, region] = await handle.db
		.insertInto('organisation')
		.values([
			{ name: 'Importby Kommune', kind: 'kommune' },
			{ name: 'Region Import', kind: 'region' }
		])
		.returning('id')
		.execute();
	const team = await handle.db
		.insertInto('team')
		.values({
			slug: 'import-team',
			name: 'Team Import',
			municipality_id: kommune!.id,
			region_id: region!.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	teamId = team.id;
	lead = await addPerson('Mette Holm', 'MH', 'teamleder');
	await addPerson('Jonas Kjær', 'JK', 'medlem');
	auditor = await addPerson('Anne Revisor', 'AR', 'auditor');
});

afterAll(async () => {
	await handle?.close();
});

describe('importFile (commit)', () => {
	it('creates every borger of a valid file, with history rows from the import', async () => {
		const before = await counts();
		const res = await importFile(
			handle.db,
			teamId,
			lead.id,
			csv([
				'Navn;Fødselsår;CPR;Kontaktperson;Startdato;Status;Skalering;Telefon',
				'Anna Berg;1975;010175-1234;MH;15.01.2024;aktiv;Intensiv;11223344',
				'Bo Ek;1990;;Jonas Kjær;2024-02-01;venter;;',
				'Carla Dahl;;;;;henvist;skærpet;'
			])
		);
		expect(res).toEqual({ created: 3 });
		const after = await counts();
		expect(after.borgere - before.borgere).toBe(3);
		expect(after.events - before.events).toBe(3);

		const rows = await handle.db
			.selectFrom('borger')
			.select([
				'id',
				'name',
				'initials',
				'birth_year',
				'cpr',
				'case_manager_id',
				sql<string>`start_date::text`.as('start_date'),
				'status',
				'scaling_level'
			])
			.where('team_id', '=', teamId)
			.where('name', 'in', ['Anna Berg', 'Bo Ek', 'Carla Dahl'])
			.orderBy('name')
			.execute();
		expect(rows.map(({ id: _id, ...r }) => r)).toEqual([
			{
				name: 'Anna Berg',
				initials: 'AB',
				birth_year: 1975,
				cpr: '0101751234',
				case_manager_id: memberIds['Mette Holm'],
				start_date: '2024-01-15',
				status: 'aktiv',
				scaling_level: 'intensiv'
			},
			{
				name: 'Bo Ek',
				initials: 'BE',
				birth_year: 1990,
				cpr: null,
				case_manager_id: memberIds['Jonas Kjær'],
				start_date: '2024-02-01',
				status: 'venter',
				scaling_level: 'stabil'
			},
			{
				name: 'Carla Dahl',
				initials: 'CD',
				birth_year: null,
				cpr: null,
				case_manager_id: null,
				start_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				status: 'henvist',
				scaling_level: 'skaerpet'
			}
		]);

		const log = await handle.db
			.selectFrom('change_log')
			.select(['borger_id', 'source', 'actor_id', 'entity', 'field'])
			.where(
				'borger_id',
				'in',
				rows.map((r) => r.id)
			)
			.execute();
		expect(log).toHaveLength(3);
		for (const entry of log)
			expect(entry).toMatchObject({
				source: 'import',
				actor_id: lead.id,
				entity: 'borger',
				field: '*'
			});
	});

	it('writes nothing when one row is invalid, and says which row and why', async () => {
		const before = await counts();
		const error = await rejection(
			importFile(
				handle.db,
				teamId,
				lead.id,
				csv([
					'Navn,Fødselsår,Kontaktperson',
					'Dorte Fisk,1980,MH',
					'Erik Gran,19x0,MH',
					'Frida Holm,1985,Ukendt Person'
				])
			)
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toBe('Filen har 2 fejl. Intet er importeret.');
		expect(error.cause).toBeInstanceOf(ZodError);
		expect(fieldErrors(error.cause as ZodError)).toEqual({
			'3.birthYear': 'Skriv et årstal.',
			'4.caseManager': expect.stringMatching(/^Ukendt kontaktperson "Ukendt Person"/)
		});
		expect(await counts()).toEqual(before);
	});

	it('reads an XLSX file (first sheet, date cells) and imports it', async () => {
		const before = await counts();
		const base64 = readFileSync('tests/fixtures/import.xlsx').toString('base64');
		const res = await importFile(handle.db, teamId, lead.id, {
			filename: 'Borgere.XLSX',
			base64
		});
		expect(res).toEqual({ created: 3 });
		expect((await counts()).borgere - before.borgere).toBe(3);
		const soeren = await handle.db
			.selectFrom('borger')
			.select([
				'name',
				'birth_year',
				sql<string>`start_date::text`.as('start_date'),
				'scaling_level',
				'case_manager_id'
			])
			.where('team_id', '=', teamId)
			.where('name', '=', 'Søren Ærø')
			.executeTakeFirstOrThrow();
		expect(soeren).toEqual({
			name: 'Søren Ærø',
			birth_year: 1985,
			start_date: '2024-03-01',
			scaling_level: 'intensiv',
			case_manager_id: memberIds['Mette Holm']
		});
	});

	it('validates again on commit: a case manager deactivated since the preview fails the import', async () => {
		const tmp = await addPerson('Tina Vikar', 'TV', 'medlem');
		const file = csv(['Navn;Kontaktperson', 'Gitte Iversen;Tina Vikar']);
		const preview = await previewImport(handle.db, teamId, file);
		expect(preview.errors).toEqual([]);
		await handle.db
			.updateTable('membership')
			.set({ deactivated_at: new Date() })
			.where('user_id', '=', tmp.id)
			.execute();
		const before = await counts();
		const error = await rejection(importFile(handle.db, teamId, lead.id, file));
		expect(fieldErrors(error.cause as ZodError)).toEqual({
			'2.caseManager': 'Tina Vikar er ikke længere aktivt medlem af teamet.'
		});
		expect(await counts()).toEqual(before);
	});

	it('rolls back rows already inserted when a later insert fails', async () => {
		// A level key removed from the team between validation and insert cannot happen
		// inside one transaction, so break the database instead: a trigger fails the 2nd row.
		await sql`create function fail_second() returns trigger language plpgsql as $$
			begin
				if new.name = 'Ida Jensen' then raise exception 'boom'; end if;
				return new;
			end $$`.execute(handle.db);
		await sql`create trigger fail_second before insert on borger
			for each row execute function fail_second()`.execute(handle.db);
		try {
			const before = await counts();
			const e = await importFile(
				handle.db,
				teamId,
				lead.id,
				csv(['Navn', 'Hans Jensen', 'Ida Jensen', 'Jens Jensen'])
			).then(
				() => null,
				(err: unknown) => err
			);
			expect(e).toBeInstanceOf(Error);
			expect(await counts()).toEqual(before);
		} finally {
			await sql`drop trigger fail_second on borger`.execute(handle.db);
			await sql`drop function fail_second()`.execute(handle.db);
		}
	});
});

describe('tRPC: borger.importPreview / borger.importCommit', () => {
	it('previews rows, errors, warnings and ignored columns without writing', async () => {
		const before = await counts();
		const preview = await caller(lead).borger.importPreview({
			teamId,
			...csv([
				'Navn;Fødselsår;Kontaktperson;Noter',
				'Anna Berg;1975;MH;findes allerede',
				';1980;;',
				'Kim Lund;1999;jk;'
			])
		});
		expect(await counts()).toEqual(before);
		expect(preview.headers).toEqual(['Navn', 'Fødselsår', 'Kontaktperson', 'Noter']);
		expect(preview.ignoredColumns).toEqual(['Noter']);
		expect(preview.readyCount).toBe(2);
		expect(preview.errors).toEqual([{ row: 3, field: 'name', message: 'Skriv borgerens navn.' }]);
		expect(preview.warnings).toEqual([
			'Kolonnen "Noter" kendes ikke og bliver ikke importeret.',
			'Række 2: Der er allerede en borger med navnet "Anna Berg" i teamet. Tjek, at det ikke er den samme person.'
		]);
		expect(preview.rows.map((r) => [r.row, r.name, r.caseManager, r.errors.length])).toEqual([
			[2, 'Anna Berg', 'Mette Holm', 0],
			[3, '', '', 1],
			[4, 'Kim Lund', 'Jonas Kjær', 0]
		]);
		// The preview never sends CPR numbers back.
		expect(JSON.stringify(preview)).not.toMatch(/cpr"\s*:\s*"/);
	});

	it('turns file problems into a Danish BAD_REQUEST', async () => {
		const error = await rejection(
			caller(lead).borger.importPreview({ teamId, filename: 'x.pdf', base64: b64('%PDF') })
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toBe('Vælg en CSV-fil (.csv) eller en Excel-fil (.xlsx).');
	});

	it('refuses a zip bomb with a Danish BAD_REQUEST, not a crash', async () => {
		const base64 = Buffer.from(zipBomb(64)).toString('base64');
		const before = await counts();
		for (const call of [
			caller(lead).borger.importPreview({ teamId, filename: 'bombe.xlsx', base64 }),
			caller(lead).borger.importCommit({ teamId, filename: 'bombe.xlsx', base64 })
		]) {
			const error = await rejection(call);
			expect(error.code).toBe('BAD_REQUEST');
			expect(error.message).toMatch(/fylder mere end 20 MB, når den pakkes ud/);
		}
		expect(await counts()).toEqual(before);
	}, 60_000);

	it('commits a valid file and refuses callers without borger.write', async () => {
		const file = csv(['Navn;Status', 'Lars Munk;aktiv', 'Maja Nør;henvist']);
		const denied = await rejection(caller(auditor).borger.importCommit({ teamId, ...file }));
		expect(denied.code).toBe('FORBIDDEN');
		const before = await counts();
		expect(await caller(lead).borger.importCommit({ teamId, ...file })).toEqual({ created: 2 });
		expect((await counts()).borgere - before.borgere).toBe(2);
	});
});
