import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { attachRealtime } from './src/lib/server/realtime/bootstrap.js';

// Dev only: socket.io on Vite's own HTTP server. Handlers are registered by the
// SvelteKit init hook, which Vite runs on the first request.
const realtimeDev: Plugin = {
	name: 'tavla-realtime',
	async configureServer(server) {
		if (server.httpServer) await attachRealtime(server.httpServer as import('node:http').Server);
	}
};

// Integration tests run once on PGlite and, when DATABASE_URL is set, once more on
// real PostgreSQL. The test helper reads TAVLA_TEST_DB to pick the driver.
const integrationFiles = ['src/**/*.integration.test.ts', 'tests/integration/**/*.test.ts'];
const withPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), realtimeDev],
	server: { port: 5173 },
	test: {
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts'],
					exclude: integrationFiles
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'integration:pglite',
					environment: 'node',
					include: integrationFiles,
					env: { TAVLA_TEST_DB: 'pglite' },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			...(withPostgres
				? [
						{
							extends: './vite.config.ts',
							test: {
								name: 'integration:postgres',
								environment: 'node',
								include: integrationFiles,
								env: { TAVLA_TEST_DB: 'postgres' },
								testTimeout: 30_000,
								hookTimeout: 60_000
							}
						}
					]
				: []),
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				// Operations against the built server: health, shutdown, logs, metrics,
				// headers, the documented deployment example. Needs `npm run build`.
				extends: './vite.config.ts',
				test: {
					name: 'ops',
					environment: 'node',
					include: ['tests/ops/**/*.test.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				// Live collaboration against the built server (`node server.js`): sockets,
				// several instances, crashes. Needs `npm run build` and Redis (REDIS_URL, default
				// 127.0.0.1:6379); PostgreSQL too when DATABASE_URL is set.
				extends: './vite.config.ts',
				test: {
					name: 'realtime',
					environment: 'node',
					include: ['tests/realtime/**/*.test.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
