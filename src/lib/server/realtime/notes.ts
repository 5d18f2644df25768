import * as Y from 'yjs';
import { CompiledQuery, sql } from 'kysely';
import type { NOTE_SECTIONS } from '$lib/schemas/borger';
import { runAsPreparedStatement, type DB, type Executor } from '../db';
import { assertSection, assertWritable, type BorgerAccess } from '../access/borger';
import { logger } from '../log';
import { announceBorgerChange } from './publish';
import { NOTE_TEXT } from '$lib/realtime/notes-shared';
import { t } from '$lib/i18n/da';
import { badRequest } from '../errors';

/**
 * Free-text notes as Yjs documents. The database is the only truth: every update is
 * appended to `note_update` before it is acknowledged, and a sync merges snapshot + log
 * from the database, so any number of app instances agree and a restart loses nothing.
 * A debounced step keeps a plain-text copy in `section_note` (for board, search, history
 * and PDF), writes history coalesced per person and minute, and compacts the log into
 * the snapshot; between its runs it keeps a working copy of the document (see
 * WorkingCopy), rebuilt from the database whenever in doubt.
 */

type Section = (typeof NOTE_SECTIONS)[number];
export const TEXT_NAME = NOTE_TEXT;
const COMPACT_AFTER = 200;
const REFRESH_MS = 1000;
const HISTORY_COALESCE_MS = 60_000;

/**
 * A server-side document. Its guid is fixed: Yjs otherwise makes a random UUID for every
 * document, one getRandomValues call per hex digit, which was the larger part of a
 * keystroke's CPU time here. The guid only names subdocuments, which notes do not have.
 */
function scratchDoc(): Y.Doc {
	return new Y.Doc({ guid: 'tavla-note' });
}

async function loadState(db: Executor, borgerId: string, section: Section) {
	const [snap, updates] = await Promise.all([
		db
			.selectFrom('note_snapshot')
			.select(['state', 'last_update_id'])
			.where('borger_id', '=', borgerId)
			.where('section', '=', section)
			.executeTakeFirst(),
		db
			.selectFrom('note_update')
			.select([sql<string>`id::text`.as('id'), 'update'])
			.where('borger_id', '=', borgerId)
			.where('section', '=', section)
			.orderBy('id')
			.execute()
	]);
	// Every update still in the log counts, also one with an id below the snapshot's: it
	// committed after the compaction read the log, which deletes only what it merged.
	const fresh = updates;
	const parts = [...(snap ? [snap.state] : []), ...fresh.map((u) => u.update)];
	return {
		hasSnapshot: Boolean(snap),
		snapshotId: String(snap?.last_update_id ?? 0),
		state: parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts),
		ids: fresh.map((u) => u.id)
	};
}

/**
 * The refresh step's working copy of a note, kept per instance between refreshes while
 * someone types. Merging the whole log every second cost ~5 ms of CPU per note with 200
 * updates in the log (measured), stalling every socket on the instance; now a refresh
 * reads and applies only what is new. The database stays the truth: the copy is rebuilt
 * from it whenever the snapshot moved (compaction here or elsewhere, retention), and it
 * is dropped after a quiet minute.
 */
interface WorkingCopy {
	doc: Y.Doc;
	snapshotId: string;
	/** Ids applied since the snapshot: the update count for compaction, and no double work. */
	applied: Set<string>;
	maxId: bigint;
	usedAt: number;
}
const copies = new Map<string, WorkingCopy>();
const COPY_IDLE_MS = 60_000;
/**
 * Identity ids are handed out before commit, so an update can become visible after one
 * with a higher id. Every refresh therefore also re-reads the updates of the last few
 * seconds; applying one twice is harmless in Yjs, and `applied` skips it anyway.
 */
const LATE_COMMIT_WINDOW = '10 seconds';

async function workingCopy(trx: Executor, borgerId: string, section: Section) {
	const key = `${borgerId}:${section}`;
	const now = Date.now();
	for (const [k, c] of copies) if (now - c.usedAt > COPY_IDLE_MS) copies.delete(k);
	const snap = await trx
		.selectFrom('note_snapshot')
		.select('last_update_id')
		.where('borger_id', '=', borgerId)
		.where('section', '=', section)
		.executeTakeFirst();
	let copy = copies.get(key);
	if (!snap || !copy || copy.snapshotId !== String(snap.last_update_id)) {
		const st = await loadState(trx, borgerId, section);
		const doc = scratchDoc();
		if (st.state) Y.applyUpdate(doc, st.state);
		copy = {
			doc,
			snapshotId: st.snapshotId,
			applied: new Set(st.ids),
			maxId: st.ids.reduce((m, id) => (BigInt(id) > m ? BigInt(id) : m), BigInt(st.snapshotId)),
			usedAt: now
		};
		// Without a snapshot the note was never synced or was anonymised: nothing to keep.
		if (st.hasSnapshot) copies.set(key, copy);
		else copies.delete(key);
		return copy;
	}
	const rows = await trx
		.selectFrom('note_update')
		.select([sql<string>`id::text`.as('id'), 'update'])
		.where('borger_id', '=', borgerId)
		.where('section', '=', section)
		.where((eb) =>
			eb.or([
				eb('id', '>', copy.maxId.toString()),
				eb('created_at', '>', sql<Date>`now() - ${LATE_COMMIT_WINDOW}::interval`)
			])
		)
		.orderBy('id')
		.execute();
	for (const r of rows) {
		if (copy.applied.has(r.id)) continue;
		Y.applyUpdate(copy.doc, r.update);
		copy.applied.add(r.id);
		if (BigInt(r.id) > copy.maxId) copy.maxId = BigInt(r.id);
	}
	copy.usedAt = now;
	return copy;
}

/** A note written before it became collaborative (or by the seed) becomes the document's first state, once. */
async function ensureDocument(db: DB, borgerId: string, section: Section): Promise<void> {
	const note = await db
		.selectFrom('section_note')
		.select('body')
		.where('borger_id', '=', borgerId)
		.where('section', '=', section)
		.executeTakeFirst();
	const doc = scratchDoc();
	if (note?.body) doc.getText(TEXT_NAME).insert(0, note.body);
	// Concurrent first syncs on two instances must not both insert the text.
	await db
		.insertInto('note_snapshot')
		.values({ borger_id: borgerId, section, state: Y.encodeStateAsUpdate(doc), last_update_id: 0 })
		.onConflict((oc) => oc.columns(['borger_id', 'section']).doNothing())
		.execute();
}

export async function noteSync(
	db: DB,
	access: BorgerAccess,
	section: Section,
	stateVector?: Uint8Array
): Promise<Uint8Array> {
	assertSection(access, section);
	if (stateVector) {
		// Checked first: junk here made Y.diffUpdate throw (a 500), after the document had
		// already been created.
		try {
			Y.decodeStateVector(stateVector);
		} catch {
			throw badRequest(t.errors.badNoteSync);
		}
	}
	let st = await loadState(db, access.borger.id, section);
	if (!st.hasSnapshot) {
		await ensureDocument(db, access.borger.id, section);
		st = await loadState(db, access.borger.id, section);
	}
	const state = st.state ?? Y.encodeStateAsUpdate(scratchDoc());
	return stateVector ? Y.diffUpdate(state, stateVector) : state;
}

export async function noteAppend(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	section: Section,
	update: Uint8Array
): Promise<void> {
	assertWritable(access.borger);
	assertSection(access, section);
	try {
		// Decoding alone is not enough: some byte strings decode (and merge) fine but throw
		// in every document they are applied to. Stored, such an update would make the
		// note impossible to open for everyone, so it is applied to a scratch document first.
		Y.decodeUpdate(update);
		const probe = scratchDoc();
		Y.applyUpdate(probe, update);
		probe.getText(TEXT_NAME).toString();
		probe.destroy();
	} catch {
		throw badRequest(t.errors.badNoteUpdate);
	}
	// The status is checked in the insert itself rather than from `access`, which the
	// keystroke path may have cached: closing the course stops typing at once.
	const r = await db.executeQuery(
		noteInsert(db).with({ borgerId: access.borger.id, section, update, actorId })
	);
	// PGlite's driver leaves the count out when it is 0.
	if ((r.numAffectedRows ?? 0n) === 0n) assertWritable({ ...access.borger, status: 'afsluttet' });
	scheduleRefresh(db, access, section, actorId);
}

interface NoteInsertValues {
	borgerId: string;
	section: Section;
	update: Uint8Array;
	actorId: string;
}

/**
 * The keystroke's INSERT, built and compiled by Kysely once per database handle and then
 * run with each keystroke's values. Building and compiling it anew for every keystroke
 * took about 0.2 ms in the server under the realtime bench, on the path between a
 * keystroke and everyone else's screen. The values are compiled as marker objects and
 * swapped for the real ones by identity, so the query stays written in Kysely, once. On
 * PostgreSQL it runs as a named prepared statement (see runAsPreparedStatement).
 */
const noteInserts = new WeakMap<DB, { with: (v: NoteInsertValues) => CompiledQuery }>();

function noteInsert(db: DB) {
	let q = noteInserts.get(db);
	if (!q) {
		const marker = {
			borgerId: new String('borgerId'),
			section: new String('section'),
			update: new String('update'),
			actorId: new String('actorId')
		};
		const compiled = db
			.insertInto('note_update')
			.columns(['borger_id', 'section', 'update', 'actor_id'])
			.expression((eb) =>
				eb
					.selectFrom('borger')
					.select([
						sql<string>`${marker.borgerId}::uuid`.as('borger_id'),
						sql<string>`${marker.section}::text`.as('section'),
						sql<Uint8Array>`${marker.update}::bytea`.as('update'),
						sql<string>`${marker.actorId}::uuid`.as('actor_id')
					])
					.where('id', '=', marker.borgerId as unknown as string)
					.where('status', '!=', 'afsluttet')
			)
			.compile();
		const keys = Object.keys(marker) as (keyof NoteInsertValues)[];
		const slots = compiled.parameters.map((p) => keys.find((k) => marker[k] === p) ?? { value: p });
		if (!keys.every((k) => slots.includes(k)))
			throw new Error('note insert: a value was not bound');
		runAsPreparedStatement(compiled.sql);
		q = {
			with: (v) =>
				CompiledQuery.raw(
					compiled.sql,
					slots.map((s) => (typeof s === 'string' ? v[s] : s.value))
				)
		};
		noteInserts.set(db, q);
	}
	return q;
}

interface PendingRefresh {
	timer: ReturnType<typeof setTimeout>;
	actors: Set<string>;
	run: () => Promise<void>;
}
const pending = new Map<string, PendingRefresh>();

function scheduleRefresh(db: DB, access: BorgerAccess, section: Section, actorId: string) {
	const key = `${access.borger.id}:${section}`;
	const existing = pending.get(key);
	if (existing) {
		existing.actors.add(actorId);
		return;
	}
	const entry: PendingRefresh = {
		actors: new Set([actorId]),
		run: async () => {
			pending.delete(key);
			await refreshNote(db, access, section, [...entry.actors]).catch((err) =>
				logger.error({ err }, 'note refresh failed')
			);
		},
		timer: setTimeout(() => void entry.run(), REFRESH_MS)
	};
	entry.timer.unref?.();
	pending.set(key, entry);
}

/** Run all scheduled refreshes now (graceful shutdown, tests). */
export async function flushNoteRefreshes(): Promise<void> {
	const entries = [...pending.values()];
	for (const e of entries) clearTimeout(e.timer);
	await Promise.all(entries.map((e) => e.run()));
}

/** Plain-text copy, coalesced history, and log compaction. Safe to run on any instance. */
export async function refreshNote(
	db: DB,
	access: BorgerAccess,
	section: Section,
	actorIds: string[]
): Promise<void> {
	const borgerId = access.borger.id;
	const changed = await db.transaction().execute(async (trx) => {
		const copy = await workingCopy(trx, borgerId, section);
		const doc = copy.doc;
		const body = doc.getText(TEXT_NAME).toString();
		const prev = await trx
			.selectFrom('section_note')
			.select('body')
			.where('borger_id', '=', borgerId)
			.where('section', '=', section)
			.forUpdate()
			.executeTakeFirst();
		const actorId = actorIds[actorIds.length - 1] ?? null;
		let textChanged = false;
		if ((prev?.body ?? '') !== body) {
			textChanged = true;
			await trx
				.insertInto('section_note')
				.values({ borger_id: borgerId, section, body, updated_by: actorId })
				.onConflict((oc) =>
					oc
						.columns(['borger_id', 'section'])
						.doUpdateSet({ body, updated_by: actorId, updated_at: new Date() })
				)
				.execute();
			// History: one row per person per minute of typing, not one per keystroke.
			const recent = await trx
				.selectFrom('change_log')
				.select([sql<string>`id::text`.as('id'), 'actor_id', 'at'])
				.where('borger_id', '=', borgerId)
				.where('entity', '=', 'note')
				.where('field', '=', section)
				.orderBy('id', 'desc')
				.limit(1)
				.executeTakeFirst();
			if (
				recent &&
				recent.actor_id === actorId &&
				Date.now() - recent.at.getTime() < HISTORY_COALESCE_MS
			) {
				await sql`update change_log set new_value = ${JSON.stringify(body)}::jsonb where id = ${recent.id}::bigint`.execute(
					trx
				);
			} else {
				await trx
					.insertInto('change_log')
					.values({
						team_id: access.borger.teamId,
						borger_id: borgerId,
						entity: 'note',
						entity_id: null,
						entity_version: null,
						field: section,
						old_value: JSON.stringify(prev?.body ?? ''),
						new_value: JSON.stringify(body),
						actor_id: actorId,
						source: 'live'
					})
					.execute();
			}
		}
		if (copy.applied.size >= COMPACT_AFTER) {
			// Only the updates merged into this state are deleted, by id: one that committed
			// late with a lower id stays in the log (deleting `id <= max` could lose it).
			const merged = [...copy.applied];
			const state = Y.encodeStateAsUpdate(doc);
			const lastId = copy.maxId.toString();
			await trx
				.insertInto('note_snapshot')
				.values({ borger_id: borgerId, section, state, last_update_id: lastId })
				.onConflict((oc) =>
					oc
						.columns(['borger_id', 'section'])
						.doUpdateSet({ state, last_update_id: lastId, updated_at: new Date() })
				)
				.execute();
			await trx
				.deleteFrom('note_update')
				.where('borger_id', '=', borgerId)
				.where('section', '=', section)
				.where('id', 'in', merged)
				.execute();
			copy.snapshotId = lastId;
			copy.applied.clear();
		}
		return textChanged;
	});
	if (changed) {
		announceBorgerChange({
			teamId: access.borger.teamId,
			borgerId,
			what: 'note',
			fields: [section],
			by: { userId: actorIds[0] ?? '', name: '', initials: '' }
		});
	}
}
