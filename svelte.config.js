import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SvelteKit's CSRF origin check (on by default) rejects cross-origin form posts.
		adapter: adapter({ out: 'build' }),
		// Test helpers (tests/helpers) for test files anywhere in the tree; SvelteKit writes the
		// alias into its tsconfig, so Vite, Vitest, svelte-check and tsx all resolve it.
		alias: { $tests: 'tests/helpers' },
		// Content Security Policy: hashes/nonces for SvelteKit's own inline scripts,
		// nothing loaded from other origins.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
