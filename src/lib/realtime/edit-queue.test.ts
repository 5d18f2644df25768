import { describe, expect, it, vi } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { EditQueue, isTransient, type EditStorage, type QueuedEdit } from './edit-queue.svelte';

class MemoryStorage implements EditStorage {
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

const BORGER = '6f1c1c4e-6d8b-4a57-9a59-1f2a3b4c5d6e';
const PREFIX = 'tavla:edit:user-1:';

/** A server that is reachable or not; records what it committed, in order. */
function fakeServer() {
	const committed: QueuedEdit[] = [];
	const server = {
		up: true,
		refuse: null as string | null,
		committed,
		send: vi.fn(async (edit: QueuedEdit) => {
			if (!server.up) throw new TypeError('Failed to fetch');
			if (server.refuse && edit.label === server.refuse) {
				throw TRPCClientError.from({
					error: {
						message: 'Feltet er ændret af en anden. Se den nye værdi og prøv igen.',
						code: -32009,
						data: { code: 'CONFLICT', fieldErrors: null }
					}
				});
			}
			committed.push(edit);
			return { version: committed.length };
		})
	};
	return server;
}

const markDiscussed = (q: EditQueue, label: string, onQueued?: () => void) =>
	q.submit('markDiscussed', { borgerId: BORGER, baseVersion: 1 }, label, onQueued);

describe('EditQueue', () => {
	it('sends an edit at once when online and keeps nothing afterwards', async () => {
		const server = fakeServer();
		const storage = new MemoryStorage();
		const q = new EditQueue(server.send, storage, PREFIX);
		const outcome = await markDiscussed(q, 'a');
		expect(outcome).toEqual({ ok: true, data: { version: 1 } });
		expect(q.edits).toHaveLength(0);
		expect(storage.length).toBe(0);
	});

	it('keeps edits made offline in storage and sends them in order when back', async () => {
		vi.useFakeTimers();
		try {
			const server = fakeServer();
			server.up = false;
			const storage = new MemoryStorage();
			const q = new EditQueue(server.send, storage, PREFIX);
			const queued = vi.fn();
			const outcomes = [
				markDiscussed(q, 'a', queued),
				markDiscussed(q, 'b'),
				markDiscussed(q, 'c')
			];
			await vi.advanceTimersByTimeAsync(0);
			expect(q.offline).toBe(true);
			expect(queued).toHaveBeenCalledOnce();
			expect(q.edits.map((e) => e.label)).toEqual(['a', 'b', 'c']);
			expect(storage.length).toBe(3);

			// Still down at the first retry: nothing lost, nothing committed.
			await vi.advanceTimersByTimeAsync(1_000);
			expect(server.committed).toHaveLength(0);

			server.up = true;
			await vi.advanceTimersByTimeAsync(2_000);
			expect((await Promise.all(outcomes)).every((o) => o.ok)).toBe(true);
			expect(server.committed.map((e) => e.label)).toEqual(['a', 'b', 'c']);
			expect(q.offline).toBe(false);
			expect(storage.length).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});

	it('survives a page reload: a new queue sends what the old one stored, with the same keys', async () => {
		const server = fakeServer();
		server.up = false;
		const storage = new MemoryStorage();
		const before = new EditQueue(server.send, storage, PREFIX);
		void markDiscussed(before, 'first');
		void markDiscussed(before, 'second');
		await vi.waitFor(() => expect(before.offline).toBe(true));
		const keys = before.edits.map((e) => e.key);

		server.up = true;
		const after = new EditQueue(server.send, storage, PREFIX);
		expect(after.edits.map((e) => e.label)).toEqual(['first', 'second']);
		await after.flush();
		expect(server.committed.map((e) => e.key)).toEqual(keys);
		expect(server.committed[0]!.input).toEqual({ borgerId: BORGER, baseVersion: 1 });
		expect(storage.length).toBe(0);
	});

	it('drops a refused edit with its Danish message and goes on with the next', async () => {
		const server = fakeServer();
		server.refuse = 'conflicting';
		const storage = new MemoryStorage();
		const q = new EditQueue(server.send, storage, PREFIX);
		const [refused, next] = await Promise.all([
			markDiscussed(q, 'conflicting'),
			markDiscussed(q, 'fine')
		]);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.error.message).toMatch(/ændret af en anden/);
		expect(next.ok).toBe(true);
		expect(server.committed.map((e) => e.label)).toEqual(['fine']);
		expect(storage.length).toBe(0);
	});

	it("reports refusals of an earlier page's edits, since nobody waits for them", async () => {
		const server = fakeServer();
		server.up = false;
		const storage = new MemoryStorage();
		const old = new EditQueue(server.send, storage, PREFIX);
		void markDiscussed(old, 'conflicting');
		await vi.waitFor(() => expect(old.offline).toBe(true));
		server.up = true;
		server.refuse = 'conflicting';
		const q = new EditQueue(server.send, storage, PREFIX);
		await q.flush();
		expect(q.orphanErrors).toEqual([
			'conflicting: Feltet er ændret af en anden. Se den nye værdi og prøv igen.'
		]);
	});

	it("loads only this user's edits and removes unreadable entries", () => {
		const storage = new MemoryStorage();
		storage.setItem('tavla:edit:someone-else:k1', 'whatever');
		storage.setItem(PREFIX + 'broken', '{not devalue');
		storage.setItem(PREFIX + 'unknown', JSON.stringify([{ path: 1 }, 'dropTables']));
		const q = new EditQueue(fakeServer().send, storage, PREFIX);
		expect(q.edits).toHaveLength(0);
		expect([...storage.map.keys()]).toEqual(['tavla:edit:someone-else:k1']);
	});

	it('treats only unanswered requests as transient', () => {
		expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
		expect(isTransient(new TRPCClientError('Unexpected token <'))).toBe(true);
		const answered = (code: string) =>
			TRPCClientError.from({ error: { message: 'x', code: -1, data: { code } } });
		expect(isTransient(answered('TOO_MANY_REQUESTS'))).toBe(true);
		expect(isTransient(answered('CONFLICT'))).toBe(false);
		expect(isTransient(answered('BAD_REQUEST'))).toBe(false);
		expect(isTransient(new Error('bug'))).toBe(false);
	});
});
