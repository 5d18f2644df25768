import { sql } from 'kysely';
import { migrations } from '../../../../db/migrations';
import type { DB } from '../db';
import { lifecycle } from './lifecycle';

export type CheckResult = 'ok' | string;

export interface Readiness {
	ready: boolean;
	phase: string;
	checks: { database: CheckResult; migrations: CheckResult; realtime: CheckResult };
}

const DB_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
	return Promise.race([
		p,
		new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout ${ms} ms`)), ms))
	]);
}

/**
 * Readiness for traffic: the process is not starting or stopping, the database answers,
 * every migration this code knows is applied, and socket.io handlers are registered.
 * Check results name the failing part but never carry connection strings or data.
 */
export async function readiness(
	db: DB,
	opts: { requireRealtime?: boolean } = {}
): Promise<Readiness> {
	const phase = lifecycle().phase;
	const checks: Readiness['checks'] = { database: 'ok', migrations: 'ok', realtime: 'ok' };
	try {
		await withTimeout(sql`select 1`.execute(db), DB_TIMEOUT_MS);
		try {
			const rows = await withTimeout(
				sql<{ name: string }>`select name from kysely_migration`.execute(db),
				DB_TIMEOUT_MS
			);
			const applied = new Set(rows.rows.map((r) => r.name));
			const missing = Object.keys(migrations).filter((m) => !applied.has(m));
			if (missing.length > 0) checks.migrations = `missing ${missing.length}`;
		} catch {
			checks.migrations = 'not migrated';
		}
	} catch (err) {
		checks.database =
			err instanceof Error && err.message.startsWith('timeout') ? 'timeout' : 'down';
		checks.migrations = 'unknown';
	}
	if (opts.requireRealtime ?? true) {
		const rt = globalThis.__tavlaRealtime;
		if (!rt) checks.realtime = 'not attached';
		else if (!rt.ready) checks.realtime = 'not ready';
	}
	const ready = phase === 'ready' && Object.values(checks).every((c) => c === 'ok');
	return { ready, phase, checks };
}
