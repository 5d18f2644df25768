// The note log on the database: the plain-text copy, compaction into the snapshot, the
// refresh step's working copy, and an update that commits after one with a higher id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import * as Y from 'yjs';
import { createTestDb } from '$tests/db';
import { accessFor, makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import type { BorgerAccess } from '../access/borger';
import { createBorger } from '../borger/create';
import { flushNoteRefreshes, noteAppend, noteSync, refreshNote, TEXT_NAME } from './notes';

let h: DbHandle;
let userId: string;
let teamId: string;

beforeAll(async () => {
	h = await createTestDb();
	const team = await makeTeam(h.db, ['medlem']);
	userId = team.members[0]!.userId;
	teamId = team.teamId;
});
afterAll(() => h.close());

/** A borger with a note whose document is ready, and a writer that types into it. */
async function typedNote() {
	const { id } = await createBorger(h.db, teamId, userId, { name: 'Note Test', birthYear: 1980 });
	const access = await accessFor(h.db, userId, id);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await noteSync(h.db, access, 'maal'));
	const text = doc.getText(TEXT_NAME);
	let last: Uint8Array | null = null;
	doc.on('update', (u: Uint8Array) => (last = u));
	const type = async (s: string) => {
		for (const ch of s) {
			text.insert(text.length, ch);
			await noteAppend(h.db, access, userId, 'maal', last!);
		}
	};
	return { id, access, doc, text, type };
}

async function plainText(borgerId: string): Promise<string> {
	const r = await h.db
		.selectFrom('section_note')
		.select('body')
		.where('borger_id', '=', borgerId)
		.where('section', '=', 'maal')
		.executeTakeFirst();
	return r?.body ?? '';
}

async function logSize(borgerId: string): Promise<number> {
	const r = await h.db
		.selectFrom('note_update')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('borger_id', '=', borgerId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** What a fresh client gets from the database. */
async function synced(access: BorgerAccess): Promise<string> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await noteSync(h.db, access, 'maal'));
	return doc.getText(TEXT_NAME).toString();
}

describe('note log', () => {
	it('keeps the plain-text copy current across refreshes and compacts the log', async () => {
		const n = await typedNote();
		await n.type('Hej ');
		await flushNoteRefreshes();
		expect(await plainText(n.id)).toBe('Hej ');
		// The next refresh works from the kept copy: only the new updates are read.
		await n.type('med dig');
		await flushNoteRefreshes();
		expect(await plainText(n.id)).toBe('Hej med dig');

		// 200 updates since the snapshot: merged into it and deleted from the log (a timed
		// refresh may have compacted mid-typing, leaving the last few in the log).
		await n.type('x'.repeat(200));
		await flushNoteRefreshes();
		expect(await logSize(n.id)).toBeLessThan(200);
		const snap = await h.db
			.selectFrom('note_snapshot')
			.select(sql<string>`last_update_id::text`.as('last'))
			.where('borger_id', '=', n.id)
			.executeTakeFirstOrThrow();
		expect(BigInt(snap.last)).toBeGreaterThan(0n);
		const expected = `Hej med dig${'x'.repeat(200)}`;
		expect(await plainText(n.id)).toBe(expected);
		expect(await synced(n.access)).toBe(expected);

		// After the compaction the copy goes on from the new snapshot.
		await n.type('!');
		await flushNoteRefreshes();
		expect(await plainText(n.id)).toBe(`${expected}!`);
		expect(await synced(n.access)).toBe(`${expected}!`);
	});

	it('rebuilds its copy when another instance compacted the log', async () => {
		const n = await typedNote();
		await n.type('abc');
		await flushNoteRefreshes();
		// Another instance folds everything into the snapshot (and moves its marker).
		const state = Y.encodeStateAsUpdate(n.doc);
		await h.db
			.updateTable('note_snapshot')
			.set({ state, last_update_id: sql<string>`(select max(id) from note_update)` })
			.where('borger_id', '=', n.id)
			.execute();
		await h.db.deleteFrom('note_update').where('borger_id', '=', n.id).execute();
		await n.type('def');
		await flushNoteRefreshes();
		expect(await plainText(n.id)).toBe('abcdef');
	});

	it('keeps an update that commits after the compaction read the log, though its id is lower', async () => {
		const n = await typedNote();
		await n.type('y'.repeat(199));
		await flushNoteRefreshes();
		// One more makes 200; before the refresh compacts, reserve an id as a slow writer
		// would (identity values are handed out before commit) ...
		const reserved = await sql<{
			id: string;
		}>`select nextval(pg_get_serial_sequence('note_update', 'id'))::text as id`.execute(h.db);
		await n.type('y');
		await refreshNote(h.db, n.access, 'maal', [userId]);
		expect(await logSize(n.id)).toBe(0);
		// ... and commit with it now, below the snapshot's marker.
		n.text.insert(n.text.length, 'Z');
		const update = Y.encodeStateAsUpdate(n.doc);
		await sql`insert into note_update (id, borger_id, section, update, actor_id)
			overriding system value values (${reserved.rows[0]!.id}::bigint, ${n.id}::uuid, 'maal', ${update}, ${userId}::uuid)`.execute(
			h.db
		);
		const snap = await h.db
			.selectFrom('note_snapshot')
			.select(sql<string>`last_update_id::text`.as('last'))
			.where('borger_id', '=', n.id)
			.executeTakeFirstOrThrow();
		expect(BigInt(reserved.rows[0]!.id)).toBeLessThan(BigInt(snap.last));

		const expected = `${'y'.repeat(200)}Z`;
		expect(await synced(n.access)).toBe(expected);
		await refreshNote(h.db, n.access, 'maal', [userId]);
		expect(await plainText(n.id)).toBe(expected);
	});

	it('runs the keystroke INSERT as a named prepared statement on PostgreSQL, and only there', async () => {
		const n = await typedNote();
		await n.type('Forberedt');
		// Sequential queries reuse the pool's most recent connection, where the statement
		// was prepared; PGlite runs every query unnamed (nothing to gain in-process).
		const prepared = await sql<{ name: string }>`
			select name from pg_prepared_statements where statement like 'insert into "note_update"%'
		`.execute(h.db);
		expect(prepared.rows.map((r) => r.name)).toEqual(h.kind === 'postgres' ? ['tavla_1'] : []);
		// The named statement does the same work: every keystroke is in the log, and
		// typing into a closed course is still refused by the insert itself.
		expect(await logSize(n.id)).toBe('Forberedt'.length);
		await sql`update borger set status = 'afsluttet' where id = ${n.id}`.execute(h.db);
		n.text.insert(n.text.length, '!');
		await expect(
			noteAppend(h.db, n.access, userId, 'maal', Y.encodeStateAsUpdate(n.doc))
		).rejects.toThrow('Forløbet er afsluttet og kan kun læses.');
		expect(await logSize(n.id)).toBe('Forberedt'.length);
		expect(await synced(n.access)).toBe('Forberedt');
	});
});
