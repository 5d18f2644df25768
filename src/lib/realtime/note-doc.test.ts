import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Ack } from '$lib/schemas/realtime';
import {
	LiveNote,
	STORAGE_PREFIX,
	flushStoredNotes,
	fromBase64,
	toBase64,
	type NoteMessage,
	type NotePayload,
	type NoteStorage,
	type NoteTransport
} from './note-doc.svelte';

const BORGER = '0b6f3f39-5a1e-4d6b-9c57-2f1d8f1a7c11';
const SECTION = 'maal' as const;

/** Stands in for the socket.io server: one Y.Doc, relays to the other clients. */
class FakeServer {
	doc = new Y.Doc();
	clients = new Set<FakeTransport>();
	updates = 0;
	get text() {
		return this.doc.getText('text').toString();
	}
	relay(from: FakeTransport, event: 'note' | 'awareness', m: NoteMessage) {
		for (const c of this.clients) if (c !== from && c.connected) c.deliver(event, m);
	}
}

type Handler = (m: NoteMessage) => void;

/** A client's connection: acks and pushes arrive asynchronously, like on a network. */
class FakeTransport implements NoteTransport {
	connected = false;
	handlers = new Map<string, Set<Handler>>();
	sent: { event: string; payload: NotePayload }[] = [];
	constructor(private server: FakeServer) {
		server.clients.add(this);
	}
	on(event: string, handler: Handler) {
		const set = this.handlers.get(event) ?? new Set();
		set.add(handler);
		this.handlers.set(event, set);
		return () => void set.delete(handler);
	}
	fire(event: string, m?: NoteMessage) {
		for (const h of [...(this.handlers.get(event) ?? [])]) h(m as NoteMessage);
	}
	deliver(event: 'note' | 'awareness', m: NoteMessage) {
		setTimeout(() => this.connected && this.fire(event, m), 0);
	}
	connect() {
		this.connected = true;
		this.fire('connect');
	}
	disconnect() {
		this.connected = false;
		this.fire('disconnect');
	}
	async emit(event: string, p: NotePayload): Promise<Ack> {
		if (!this.connected) return { ok: false, code: 'OFFLINE', message: 'offline' };
		this.sent.push({ event, payload: p });
		await new Promise((r) => setTimeout(r, 0));
		if (!this.connected) return { ok: false, code: 'TIMEOUT', message: 'timeout' };
		const s = this.server;
		if (event === 'note:sync') {
			return { ok: true, data: Y.encodeStateAsUpdate(s.doc, p.stateVector) };
		}
		if (event === 'note:update') {
			Y.applyUpdate(s.doc, p.update!);
			s.updates++;
			s.relay(this, 'note', { borgerId: p.borgerId, section: p.section, update: p.update });
			return { ok: true, data: null };
		}
		s.relay(this, 'awareness', { borgerId: p.borgerId, section: p.section, update: p.update });
		return { ok: true, data: null };
	}
}

class MemoryStorage implements NoteStorage {
	map = new Map<string, string>();
	get length() {
		return this.map.size;
	}
	key(i: number) {
		return [...this.map.keys()][i] ?? null;
	}
	getItem(k: string) {
		return this.map.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.map.set(k, v);
	}
	removeItem(k: string) {
		this.map.delete(k);
	}
}

/** Let every queued ack and relay run. */
async function settle() {
	for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
}

const notes: LiveNote[] = [];
function note(transport: FakeTransport, storage: NoteStorage, user = { id: 'u1', name: 'Thomas' }) {
	const n = new LiveNote({
		transport,
		borgerId: BORGER,
		section: SECTION,
		user,
		storage,
		awarenessThrottleMs: 0,
		retryMs: 5
	});
	notes.push(n);
	return n;
}

afterEach(() => {
	for (const n of notes.splice(0)) n.destroy();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
}

describe('LiveNote', () => {
	it('starts from the server text', async () => {
		const server = new FakeServer();
		server.doc.getText('text').insert(0, 'Fra serveren');
		const t = new FakeTransport(server);
		t.connect();
		const n = note(t, new MemoryStorage());
		expect(n.loaded).toBe(false);
		await settle();
		expect(n.loaded).toBe(true);
		expect(n.synced).toBe(true);
		expect(n.text.toString()).toBe('Fra serveren');
	});

	it('converges when two people type in the same note at the same time', async () => {
		const server = new FakeServer();
		server.doc.getText('text').insert(0, 'Start.');
		const ta = new FakeTransport(server);
		const tb = new FakeTransport(server);
		ta.connect();
		tb.connect();
		const a = note(ta, new MemoryStorage(), { id: 'u1', name: 'Thomas' });
		const b = note(tb, new MemoryStorage(), { id: 'u2', name: 'Lene' });
		await settle();
		expect(a.text.toString()).toBe('Start.');

		// Both insert at the same place before either has seen the other's change.
		a.text.insert(0, 'AAA');
		b.text.insert(0, 'BBB');
		expect(a.pending).toBeGreaterThan(0);
		expect(b.pending).toBeGreaterThan(0);
		await settle();
		expect(a.text.toString()).toBe(b.text.toString());
		expect(a.text.toString()).toMatch(/^(AAABBB|BBBAAA)Start\.$/);

		// Then many interleaved keystrokes while updates are in flight: nothing is lost.
		const rand = rng(42);
		for (let round = 0; round < 60; round++) {
			for (const n of [a, b]) {
				n.text.insert(Math.floor(rand() * (n.text.length + 1)), n === a ? '1' : '2');
			}
			if (round % 7 === 0) await new Promise((r) => setTimeout(r, 0));
		}
		await settle();
		const text = a.text.toString();
		expect(b.text.toString()).toBe(text);
		expect(server.text).toBe(text);
		expect(text.replace(/[^1]/g, '')).toHaveLength(60);
		expect(text.replace(/[^2]/g, '')).toHaveLength(60);

		// And concurrent deletions and insertions, too.
		for (let round = 0; round < 40; round++) {
			for (const n of [a, b]) {
				const len = n.text.length;
				if (rand() < 0.4) n.text.delete(Math.floor(rand() * (len - 3)), 3);
				else n.text.insert(Math.floor(rand() * (len + 1)), n === a ? 'x' : 'y');
			}
			if (round % 5 === 0) await new Promise((r) => setTimeout(r, 0));
		}
		await settle();
		expect(a.text.toString()).toBe(b.text.toString());
		expect(server.text).toBe(a.text.toString());
		expect(a.pending).toBe(0);
		expect(b.pending).toBe(0);
	});

	it('shows the other person’s caret and name through awareness', async () => {
		const server = new FakeServer();
		const ta = new FakeTransport(server);
		const tb = new FakeTransport(server);
		ta.connect();
		tb.connect();
		const a = note(ta, new MemoryStorage(), { id: 'u1', name: 'Thomas' });
		await settle();
		const b = note(tb, new MemoryStorage(), { id: 'u2', name: 'Lene' });
		await settle();
		const names = (n: LiveNote) =>
			[...n.awareness.getStates().entries()]
				.filter(([id]) => id !== n.doc.clientID)
				.map(([, s]) => (s.user as { name: string }).name);
		// B joined later; A answers B's first message so B learns about A too.
		expect(names(a)).toEqual(['Lene']);
		expect(names(b)).toEqual(['Thomas']);

		b.destroy();
		await settle();
		expect(names(a)).toEqual([]);
	});

	it('queues offline edits, keeps them in storage and sends them on reconnect', async () => {
		const server = new FakeServer();
		const storage = new MemoryStorage();
		const t = new FakeTransport(server);
		t.connect();
		const n = note(t, storage);
		await settle();

		t.disconnect();
		expect(n.online).toBe(false);
		n.text.insert(0, 'Skrevet uden net');
		n.text.insert(n.text.length, '.');
		expect(n.pending).toBe(2);
		const keys = [...storage.map.keys()];
		expect(keys).toHaveLength(1);
		expect(keys[0]!.startsWith(`${STORAGE_PREFIX}${BORGER}:${SECTION}:`)).toBe(true);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, fromBase64(storage.map.get(keys[0]!)!));
		expect(stored.getText('text').toString()).toBe('Skrevet uden net.');
		expect(server.text).toBe('');

		t.connect();
		await settle();
		expect(server.text).toBe('Skrevet uden net.');
		expect(n.pending).toBe(0);
		expect(storage.map.size).toBe(0);
	});

	it('re-sends updates whose acknowledgement was lost in a disconnect', async () => {
		const server = new FakeServer();
		const t = new FakeTransport(server);
		t.connect();
		const n = note(t, new MemoryStorage());
		await settle();
		n.text.insert(0, 'Hej');
		t.disconnect(); // before the ack arrives
		await settle();
		expect(n.pending).toBe(1);
		t.connect();
		await settle();
		expect(n.pending).toBe(0);
		expect(server.text).toBe('Hej');
	});

	it('re-sends stored changes after a reload, merged with what others wrote meanwhile', async () => {
		const server = new FakeServer();
		server.doc.getText('text').insert(0, 'Fælles tekst');
		const storage = new MemoryStorage();
		const t1 = new FakeTransport(server);
		t1.connect();
		const before = note(t1, storage);
		await settle();
		t1.disconnect();
		before.text.insert(before.text.length, ' + offline');
		expect(before.pending).toBe(1);

		// Someone else edits the server copy while we are away.
		server.doc.getText('text').insert(0, '» ');

		// Reload: the old page is gone without cleaning up; a new page opens the note.
		notes.splice(notes.indexOf(before), 1);
		server.clients.delete(t1);
		const t2 = new FakeTransport(server);
		const after = note(t2, storage);
		expect(after.pending).toBe(1); // taken over from storage
		expect(after.text.toString()).toBe(''); // held back until the server text is there
		t2.connect();
		await settle();
		expect(server.text).toBe('» Fælles tekst + offline');
		expect(after.text.toString()).toBe(server.text);
		expect(after.pending).toBe(0);
		expect(storage.map.size).toBe(0);
	});

	it('keeps sending after the editor is closed', async () => {
		const server = new FakeServer();
		const storage = new MemoryStorage();
		const t = new FakeTransport(server);
		t.connect();
		const n = note(t, storage);
		await settle();
		t.disconnect();
		n.text.insert(0, 'Lukket før afsendelse');
		n.destroy();
		t.connect();
		await settle();
		expect(server.text).toBe('Lukket før afsendelse');
		expect(storage.map.size).toBe(0);
	});

	it('fetches a missed update when a later one depends on it', async () => {
		const server = new FakeServer();
		const ta = new FakeTransport(server);
		const tb = new FakeTransport(server);
		ta.connect();
		tb.connect();
		const a = note(ta, new MemoryStorage());
		const b = note(tb, new MemoryStorage(), { id: 'u2', name: 'Lene' });
		await settle();
		// B's first change never reaches A (e.g. A was not in the room yet).
		const deliver = ta.deliver.bind(ta);
		ta.deliver = () => {};
		b.text.insert(0, 'første ');
		await settle();
		ta.deliver = deliver;
		b.text.insert(b.text.length, 'anden');
		await new Promise((r) => setTimeout(r, 400));
		await settle();
		expect(a.text.toString()).toBe('første anden');
	});
});

describe('flushStoredNotes', () => {
	it('sends what a closed tab could not, and forgets it once acknowledged', async () => {
		const server = new FakeServer();
		const storage = new MemoryStorage();
		const d = new Y.Doc();
		d.getText('text').insert(0, 'Fra en lukket fane');
		storage.setItem(
			`${STORAGE_PREFIX}${BORGER}:${SECTION}:abc`,
			toBase64(Y.encodeStateAsUpdate(d))
		);
		storage.setItem('tavla:board-modes', '{}');
		const t = new FakeTransport(server);
		const stop = flushStoredNotes(t, storage, 0);
		t.connect();
		await settle();
		stop();
		expect(server.text).toBe('Fra en lukket fane');
		expect([...storage.map.keys()]).toEqual(['tavla:board-modes']);
	});
});
