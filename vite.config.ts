import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

// Integration tests run once on PGlite and, when DATABASE_URL is set, once more on
// real PostgreSQL. The test helper reads TAVLA_TEST_DB to pick the driver.
const integrationFiles = ['src/**/*.integration.test.ts', 'tests/integration/**/*.test.ts'];
const withPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
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
			}
		]
	}
});
