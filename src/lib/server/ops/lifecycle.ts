/**
 * The process phase, shared with the production entry (server.js) through globalThis:
 * server.js creates it before the SvelteKit handler loads and flips it to `stopping`
 * on SIGTERM; /readyz reports it. In dev (Vite) and tests nobody sets it, so it starts
 * out `ready` there.
 */
export type Phase = 'starting' | 'ready' | 'stopping';

export interface Lifecycle {
	phase: Phase;
	/** Run by server.js after the last request has finished, in order. */
	onShutdown: Array<() => Promise<void>>;
}

declare global {
	var __tavlaLifecycle: Lifecycle | undefined;
}

export function lifecycle(): Lifecycle {
	globalThis.__tavlaLifecycle ??= { phase: 'ready', onShutdown: [] };
	return globalThis.__tavlaLifecycle;
}

/** Registers a shutdown step once per name (the init hook can run again in dev). */
const registered = new Set<string>();
export function onShutdown(name: string, step: () => Promise<void>): void {
	if (registered.has(name)) return;
	registered.add(name);
	lifecycle().onShutdown.push(step);
}
