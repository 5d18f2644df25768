// Global setup for the e2e project: starts the built production server on a free port with
// a fresh embedded PGlite database and the demo team seeded, and hands its base URL to the
// tests via `inject('baseURL')`.
import type { TestProject } from 'vitest/node';
import { removeBuildSnapshot, startServer } from '$tests/server';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
	// e2e always runs against a fresh embedded database, never against DATABASE_URL.
	const server = await startServer();
	// After startup only warnings and errors are logged (TAVLA_LOG_LEVEL=warn); show them,
	// they usually explain a failing test.
	server.proc.stderr?.on('data', (chunk: Buffer) =>
		process.stderr.write(`[tavla server] ${chunk}`)
	);
	provide('baseURL', server.url);
	return async () => {
		await server.stop();
		await removeBuildSnapshot();
	};
}
