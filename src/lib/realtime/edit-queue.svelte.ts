import { parse, stringify } from 'devalue';
import { refreshWhenIdle } from './refresh';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '$lib/server/trpc/router';
import { transformer } from '$lib/trpc/transformer';
import { toUiError, type UiError } from '$lib/trpc/client';
import { t } from '$lib/i18n/da';

/**
 * The offline queue for structured edits (fields, list items, risk, scaling, crisis plan).
 *
 * Every edit is written to browser storage before it is sent, and leaves storage only
 * when the server has answered: committed, or refused (a conflict, bad input). When the
 * server cannot be reached the edit waits, the page says so, and the queue retries with
 * backoff, on the browser's `online` event and when the live connection comes back. A
 * page reload or a closed tab loses nothing: the next page load sends what is stored.
 *
 * Edits are sent one at a time in the order they were made, each with an
 * `Idempotency-Key`, so a resend whose first answer was lost is not applied twice (see
 * `$lib/server/trpc/idempotency.ts`). Each edit keeps the record version it was based on:
 * a queued edit that meets a newer change to the same field is shown as a conflict, never
 * silently applied over it.
 */

type Inputs = inferRouterInputs<AppRouter>['borger'];

/** The edits that may wait for the connection: all small, versioned record changes. */
export const QUEUEABLE = [
	'update',
	'markDiscussed',
	'setSecondaryContacts',
	'addItem',
	'updateItem',
	'removeItem',
	'addRisk',
	'saveCrisisPlan',
	'changeScaling'
] as const satisfies readonly (keyof Inputs)[];
export type QueueablePath = (typeof QUEUEABLE)[number];

export interface QueuedEdit<P extends QueueablePath = QueueablePath> {
	key: string;
	path: P;
	input: Inputs[P];
	/** What the person did, in Danish, for the list of waiting edits. */
	label: string;
	queuedAt: number;
}

export type EditOutcome = { ok: true; data: unknown } | { ok: false; error: UiError };

/** Sends one edit; throws what the tRPC client throws. */
export type EditSender = (edit: QueuedEdit) => Promise<unknown>;

export type EditStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * True when the server never gave an answer (no network, server restarting, proxy error):
 * the edit may not have arrived, so it stays queued. A tRPC error answer is final.
 */
export function isTransient(err: unknown): boolean {
	if (err instanceof TRPCClientError) {
		const code = (err.data as { code?: string } | undefined)?.code;
		return code === undefined || code === 'TOO_MANY_REQUESTS';
	}
	return err instanceof TypeError;
}

export class EditQueue {
	/** Edits not yet answered by the server, oldest first. */
	edits = $state<QueuedEdit[]>([]);
	/** The last attempt could not reach the server. */
	offline = $state(false);

	// Bookkeeping, not UI state.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#waiters = new Map<string, { done: (o: EditOutcome) => void; queued?: () => void }>();
	#flushing = false;
	#retryMs = RETRY_MIN_MS;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly send: EditSender,
		private readonly storage: EditStorage | null,
		/** Storage keys start with this; one prefix per signed-in user. */
		private readonly prefix: string,
		/** Runs when an edit nobody waits for (left by an earlier page) has been answered. */
		private readonly onOrphanSettled: () => void = () => {}
	) {
		this.edits = this.#load();
	}

	/**
	 * Queues an edit and sends it as soon as everything before it is sent. Resolves when
	 * the server has answered; `onQueued` runs if it has to wait for the connection.
	 */
	submit<P extends QueueablePath>(
		path: P,
		input: Inputs[P],
		label: string,
		onQueued?: () => void
	): Promise<EditOutcome> {
		const edit: QueuedEdit = {
			key: crypto.randomUUID(),
			path,
			input,
			label,
			queuedAt: Date.now()
		} as QueuedEdit;
		this.#store(edit);
		this.edits.push(edit);
		const outcome = new Promise<EditOutcome>((done) =>
			this.#waiters.set(edit.key, { done, queued: onQueued })
		);
		if (this.offline) onQueued?.();
		void this.flush();
		return outcome;
	}

	/** Sends waiting edits in order until one cannot reach the server. */
	async flush(): Promise<void> {
		if (this.#flushing) return;
		this.#flushing = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		try {
			while (this.edits.length > 0) {
				const edit = this.edits[0]!;
				let outcome: EditOutcome;
				try {
					outcome = { ok: true, data: await this.send($state.snapshot(edit) as QueuedEdit) };
				} catch (err) {
					if (isTransient(err)) {
						this.offline = true;
						for (const e of this.edits) {
							const w = this.#waiters.get(e.key);
							w?.queued?.();
							if (w) w.queued = undefined;
						}
						this.#timer = setTimeout(() => void this.flush(), this.#retryMs);
						this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
						return;
					}
					outcome = { ok: false, error: toUiError(err) };
				}
				this.offline = false;
				this.#retryMs = RETRY_MIN_MS;
				this.edits.shift();
				this.storage?.removeItem(this.prefix + edit.key);
				const w = this.#waiters.get(edit.key);
				this.#waiters.delete(edit.key);
				if (w) w.done(outcome);
				else {
					if (!outcome.ok) this.#orphanErrors.push(`${edit.label}: ${outcome.error.message}`);
					this.onOrphanSettled();
				}
			}
		} finally {
			this.#flushing = false;
		}
	}

	/** Refusals of edits stored by an earlier page (nobody is waiting for them any more). */
	#orphanErrors = $state<string[]>([]);
	get orphanErrors(): readonly string[] {
		return this.#orphanErrors;
	}
	dismissErrors(): void {
		this.#orphanErrors = [];
	}

	/** Retry now (the browser or the live connection says we are back). */
	retry(): void {
		this.#retryMs = RETRY_MIN_MS;
		void this.flush();
	}

	#store(edit: QueuedEdit): void {
		try {
			this.storage?.setItem(this.prefix + edit.key, stringify(edit));
		} catch {
			// Storage full or blocked: the edit still goes out from memory.
		}
	}

	/** One storage entry per edit, so tabs never overwrite each other's queue. */
	#load(): QueuedEdit[] {
		const s = this.storage;
		if (!s) return [];
		const found: QueuedEdit[] = [];
		// Keys first: removing entries while walking by index would skip some.
		const keys: string[] = [];
		for (let i = 0; i < s.length; i++) {
			const k = s.key(i);
			if (k?.startsWith(this.prefix)) keys.push(k);
		}
		for (const k of keys) {
			try {
				const e = parse(s.getItem(k) ?? '') as QueuedEdit;
				if (e && (QUEUEABLE as readonly string[]).includes(e.path)) found.push(e);
				else s.removeItem(k);
			} catch {
				s.removeItem(k);
			}
		}
		return found.sort((a, b) => a.queuedAt - b.queuedAt);
	}
}

const client = () =>
	createTRPCClient<AppRouter>({
		links: [
			httpLink({
				url: '/api/trpc',
				transformer,
				headers: ({ op }) => {
					const key = op.context.idempotencyKey;
					return typeof key === 'string' ? { 'idempotency-key': key } : {};
				}
			})
		]
	});

/** Sends an edit through tRPC with its idempotency key. */
export function trpcSender(c = client()): EditSender {
	return (edit) => {
		const proc = c.borger[edit.path] as unknown as {
			mutate(input: unknown, opts: { context: Record<string, unknown> }): Promise<unknown>;
		};
		return proc.mutate(edit.input, { context: { idempotencyKey: edit.key } });
	};
}

let shared: { userId: string; queue: EditQueue } | null = null;

/** The tab's queue for the signed-in user; starts sending what earlier pages left behind. */
export function startEditQueue(userId: string): EditQueue {
	if (shared?.userId === userId) return shared.queue;
	// What an earlier page left behind is now on the server: show it.
	const queue = new EditQueue(
		trpcSender(),
		localStorage,
		`tavla:edit:${userId}:`,
		() => void refreshWhenIdle()
	);
	shared = { userId, queue };
	addEventListener('online', () => queue.retry());
	void queue.flush();
	return queue;
}

/** The queue started by the app layout. */
export function editQueue(): EditQueue {
	if (!shared) throw new Error(t.errors.generic);
	return shared.queue;
}
