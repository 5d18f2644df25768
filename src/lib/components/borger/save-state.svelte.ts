import { invalidateAll } from '$app/navigation';
import { toUiError, type UiError } from '$lib/trpc/client';

/**
 * Pending / saved / failed state for one editable thing on the record page. Every
 * save reloads the record afterwards, so what is shown is what the server committed.
 */
export class SaveState {
	status = $state<'idle' | 'saving' | 'saved' | 'error'>('idle');
	error = $state<UiError | null>(null);

	async run(action: () => Promise<unknown>): Promise<boolean> {
		this.status = 'saving';
		this.error = null;
		try {
			await action();
			await invalidateAll();
			this.status = 'saved';
			return true;
		} catch (err) {
			this.error = toUiError(err);
			this.status = 'error';
			return false;
		}
	}
}
