// Abuse suite: malformed, oversized and wrongly typed input to every tRPC procedure,
// as the team leader of the seeded demo team (so permission checks pass and validation
// is what is tested). Inputs are generated with fast-check and kept only when the
// procedure's own zod input schema rejects them. Every call must fail with a clean,
// typed error (never INTERNAL_SERVER_ERROR), the database must be unchanged, and the
// database must still be healthy afterwards.
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '$tests/db';
import { procedureFor, userOf } from '$tests/caller';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { seedDemo, DEMO_USERS } from '../seed/demo';
import { appRouter } from '../trpc/router';
import { readiness } from './health';
import { tablesInOrder } from './backup';

interface Parser {
	safeParse?: (v: unknown) => { success: boolean };
	shape?: Record<string, unknown>;
}
interface ProcedureLike {
	_def: { type: string; inputs?: Parser[] };
}

const procedures = Object.entries(
	appRouter._def.procedures as unknown as Record<string, ProcedureLike>
).map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs ?? [] }));

let handle: DbHandle;
let lene: SessionUser;
let ids: { teamId: string; borgerId: string; meetingId: string | null };

/** One digest per table: detects any insert, update or delete. */
async function fingerprint(): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const t of await tablesInOrder(handle.db)) {
		const r = await sql<{ h: string | null; n: number }>`
			select md5(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text)) as h, count(*)::int as n
			from ${sql.id(t.name)} x`.execute(handle.db);
		out[t.name] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
	}
	return out;
}

beforeAll(async () => {
	handle = await createTestDb();
	await seedDemo(handle.db);
	const u = await handle.db
		.selectFrom('app_user')
		.select('id')
		.where('email', '=', DEMO_USERS.teamleder)
		.executeTakeFirstOrThrow();
	lene = await userOf(handle.db, u.id);
	const team = await handle.db
		.selectFrom('team')
		.select('id')
		.where('slug', '=', 'faellesteam-aabakke')
		.executeTakeFirstOrThrow();
	const borger = await handle.db
		.selectFrom('borger')
		.select('id')
		.where('team_id', '=', team.id)
		.where('status', '=', 'aktiv')
		.executeTakeFirstOrThrow();
	const meeting = await handle.db
		.selectFrom('meeting')
		.select('id')
		.where('team_id', '=', team.id)
		.executeTakeFirst();
	ids = { teamId: team.id, borgerId: borger.id, meetingId: meeting?.id ?? null };
}, 120_000);

afterAll(async () => {
	await handle?.close();
});

async function call(path: string, input: unknown): Promise<unknown> {
	return procedureFor(handle.db, lene, path)(input);
}

/** Valid ids for the keys that scope a procedure, so the call gets past access checks. */
function scoped(): Record<string, unknown> {
	return {
		teamId: ids.teamId,
		borgerId: ids.borgerId,
		...(ids.meetingId ? { meetingId: ids.meetingId } : {})
	};
}

const big = fc.oneof(
	fc.constant('x'.repeat(100_000)),
	fc.constant('💥'.repeat(20_000)),
	fc.constant(Array.from({ length: 5_000 }, (_, i) => i)),
	fc.constant(Number.MAX_SAFE_INTEGER),
	fc.constant(-1e308),
	fc.constant(Number.NaN),
	fc.constant('\u0000'),
	fc.constant("'; drop table borger; --"),
	fc.constant({ __proto__: { admin: true } }),
	fc.constant('2026-02-30'),
	fc.constant('00000000-0000-0000-0000-000000000000')
);
const junk = fc.oneof(fc.anything({ maxDepth: 2 }), big);

/** Input candidates for a procedure: junk at the top, or the right keys with junk values. */
function candidates(p: (typeof procedures)[number]) {
	const keys = [...new Set(p.inputs.flatMap((i) => (i.shape ? Object.keys(i.shape) : [])))];
	const objectWithJunk =
		keys.length === 0
			? junk
			: fc
					.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] })
					.map((r) => ({ ...scoped(), ...r }));
	const oneKeyWrong =
		keys.length === 0
			? junk
			: fc.tuple(fc.constantFrom(...keys), junk).map(([k, v]) => ({ ...scoped(), [k]: v }));
	return fc
		.oneof(junk, objectWithJunk, oneKeyWrong)
		.filter((input) => p.inputs.some((parser) => parser.safeParse?.(input).success === false));
}

const ALLOWED = new Set([
	'BAD_REQUEST',
	'NOT_FOUND',
	'FORBIDDEN',
	'UNAUTHORIZED',
	'CONFLICT',
	'PRECONDITION_FAILED',
	'PAYLOAD_TOO_LARGE',
	'UNPROCESSABLE_CONTENT',
	'TOO_MANY_REQUESTS'
]);

describe('abuse: malformed input to every tRPC procedure', () => {
	const withInput = procedures.filter((p) => p.inputs.length > 0);

	it('covers the router', () => {
		expect(withInput.length).toBeGreaterThan(20);
	});

	it('answers every bad input with a typed error and changes nothing', async () => {
		const before = await fingerprint();
		const started = new Date();
		const failures: string[] = [];
		const seen = new Map<string, number>();
		for (const p of withInput) {
			await fc.assert(
				fc.asyncProperty(candidates(p), async (input) => {
					try {
						await call(p.path, input);
						failures.push(`${p.path}: accepted ${JSON.stringify(input)?.slice(0, 200)}`);
					} catch (err) {
						const code = err instanceof TRPCError ? err.code : 'NOT_A_TRPC_ERROR';
						seen.set(code, (seen.get(code) ?? 0) + 1);
						if (!ALLOWED.has(code))
							failures.push(
								`${p.path}: ${code} (${err instanceof Error ? err.message.slice(0, 120) : ''}) for ${JSON.stringify(input)?.slice(0, 200)}`
							);
					}
				}),
				{ numRuns: 12, seed: 20261123 }
			);
		}
		expect(failures, failures.slice(0, 10).join('\n')).toEqual([]);
		expect(seen.get('BAD_REQUEST') ?? 0).toBeGreaterThan(withInput.length);
		const after = await fingerprint();
		// The access log records attempts on borger data by design, refused ones too
		// (append-only, migration 0005): it may grow, but never with a write.
		const changed = Object.keys(before).filter((t) => t !== 'access_log' && before[t] !== after[t]);
		// Access is resolved (and logged) before the rest of the input is validated, so a
		// rejected write attempt appears as an attempt; the data tables above stay unchanged.
		const logged = await sql<{ action: string }>`
			select distinct action from access_log where at >= ${started}`.execute(handle.db);
		for (const r of logged.rows) expect(['read', 'write', 'denied']).toContain(r.action);
		expect(changed, `tables changed by rejected input: ${changed.join(', ')}`).toEqual([]);
		const health = await readiness(handle.db, { requireRealtime: false });
		expect(health.checks).toMatchObject({ database: 'ok', migrations: 'ok' });
	}, 300_000);
});
