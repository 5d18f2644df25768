import { refreshWhenIdle } from '$lib/realtime/refresh';
import { toUiError, type UiError } from '$lib/trpc/client';
import { editQueue, type QueueablePath } from '$lib/realtime/edit-queue.svelte';
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '$lib/server/trpc/router';

/**
 * Pending / queued / saved / failed state for one editable thing on the record page.
 * Every save reloads the record afterwards, so what is shown is what the server committed.
 */
export class SaveState {
	status = $state<'idle' | 'saving' | 'queued' | 'saved' | 'error'>('idle');
	error = $state<UiError | null>(null);

	async run(action: () => Promise<unknown>): Promise<boolean> {
		this.status = 'saving';
		this.error = null;
		try {
			await action();
			await refreshWhenIdle();
			this.status = 'saved';
			return true;
		} catch (err) {
			this.error = toUiError(err);
			this.status = 'error';
			return false;
		}
	}

	/**
	 * Saves through the offline queue: without a connection the edit waits in browser
	 * storage (status 'queued') and is sent when the connection is back.
	 */
	async queue<P extends QueueablePath>(
		path: P,
		input: inferRouterInputs<AppRouter>['borger'][P],
		label: string
	): Promise<boolean> {
		this.status = 'saving';
		this.error = null;
		const outcome = await editQueue().submit(path, input, label, () => (this.status = 'queued'));
		if (!outcome.ok) {
			this.error = outcome.error;
			this.status = 'error';
			return false;
		}
		await refreshWhenIdle();
		this.status = 'saved';
		return true;
	}
}
