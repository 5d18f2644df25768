// Abuse suite: malformed, oversized and wrongly typed input to every tRPC procedure,
// as the team leader of the seeded demo team (so permission checks pass and validation
// is what is tested). Inputs are generated with fast-check and kept only when the
// procedure's own zod input schema rejects them. Every call must fail with a clean,
// typed error (never INTERNAL_SERVER_ERROR), the database must be unchanged, and the
// database must still be healthy afterwards.
//
// A second pass sends input shaped as each procedure's schema expects but with hostile
// values (NUL and lone surrogates in text, year 0000 and 9999 in dates, numbers past
// 32 bits): accepted or refused, no procedure may answer with a 500.
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb } from '$tests/db';
import { procedureFor, userOf } from '$tests/caller';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { seedDemo, DEMO_USERS } from '../seed/demo';
import { appRouter } from '../trpc/router';
import { logger } from '../log';
import { readiness } from './health';
import { tablesInOrder } from './backup';
import { NASTY_DATES, NASTY_TEXT, procedureInputArbitrary, type Hints } from '$tests/zod-arbitrary';

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
	fc.constantFrom(...NASTY_TEXT),
	fc.constantFrom(...NASTY_DATES),
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
				{ numRuns: 30, seed: 20261207 }
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

/** Real ids per input key, from the seeded database (both demo teams). */
async function idHints(): Promise<Hints> {
	const tables: Record<string, string[]> = {
		organisationId: ['organisation'],
		invitationId: ['guest_invitation', 'team_invitation'],
		membershipId: ['membership'],
		caseManagerId: ['membership'],
		leadMembershipId: ['membership'],
		membershipIds: ['membership'],
		ownerId: ['membership', 'app_user'],
		userId: ['app_user'],
		entityId: ['borger_item', 'borger'],
		parentId: ['borger_item'],
		itemId: ['borger_item', 'agenda_item'],
		agendaItemId: ['agenda_item'],
		meetingId: ['meeting'],
		taskId: ['task'],
		referralId: ['referral'],
		goalId: ['team_goal', 'borger_item'],
		auditId: ['audit'],
		interviewId: ['audit_interview'],
		consentId: ['consent'],
		grantId: ['consent', 'consent_disclosure'],
		id: ['agenda_item', 'borger_item', 'consent']
	};
	const byKey = new Map<string, string[]>();
	for (const [key, names] of Object.entries(tables)) {
		const found: string[] = [];
		for (const name of names) {
			const r = await sql<{ id: string }>`select id::text from ${sql.table(name)} limit 8`.execute(
				handle.db
			);
			found.push(...r.rows.map((x) => x.id));
		}
		byKey.set(key, found);
	}
	// Never the caller's own membership: a role change or deactivation of the team lead
	// would turn every later call into a FORBIDDEN and test nothing.
	const own = await handle.db
		.selectFrom('membership')
		.select('id')
		.where('user_id', '=', lene.id)
		.execute();
	for (const [key, list] of byKey)
		byKey.set(
			key,
			list.filter((id) => !own.some((m) => m.id === id))
		);
	byKey.set('teamId', [ids.teamId]);
	byKey.set('borgerId', [ids.borgerId]);
	// The scope of the call is always the demo team and its borger; every other id may
	// belong to either demo team (a cross-team id must be refused, not crash).
	return {
		idsFor: (key) => (key ? (byKey.get(key) ?? []) : []),
		fixed: new Set(['teamId', 'borgerId'])
	};
}

describe('abuse: hostile values in well-shaped input', () => {
	it('no procedure answers NUL, lone surrogates, year 0000 or far-off numbers with a 500', async () => {
		const hints = await idHints();
		// Values PostgreSQL cannot store (SQLSTATE class 22) must be refused by the schemas
		// already; only references and uniqueness (class 23) are the database's to refuse.
		const refused: string[] = [];
		const warn = vi.spyOn(logger, 'warn').mockImplementation(((o: unknown, msg?: string) => {
			const state = (o as { sqlstate?: string })?.sqlstate;
			if (msg?.startsWith('database refused') && state) refused.push(state);
		}) as typeof logger.warn);
		const failures: string[] = [];
		const outcomes = new Map<string, number>();
		for (const p of procedures.filter((x) => x.inputs.length > 0)) {
			await fc.assert(
				fc.asyncProperty(procedureInputArbitrary(p.inputs, hints), async (input) => {
					try {
						await call(p.path, input);
						outcomes.set('accepted', (outcomes.get('accepted') ?? 0) + 1);
					} catch (err) {
						const code = err instanceof TRPCError ? err.code : 'NOT_A_TRPC_ERROR';
						outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
						if (code === 'INTERNAL_SERVER_ERROR' || code === 'NOT_A_TRPC_ERROR') {
							const cause = err instanceof TRPCError ? err.cause : err;
							failures.push(
								`${p.path}: ${code} (${cause instanceof Error ? cause.message.slice(0, 120) : ''}) for ${JSON.stringify(input)?.slice(0, 240)}`
							);
						}
					}
				}),
				{ numRuns: 30, seed: 20261207 }
			);
		}
		warn.mockRestore();
		expect(failures, failures.slice(0, 15).join('\n')).toEqual([]);
		expect(refused.filter((state) => state.startsWith('22'))).toEqual([]);
		// The generator must get past validation often enough to reach the database.
		expect(outcomes.get('accepted') ?? 0).toBeGreaterThan(50);
		expect(outcomes.get('BAD_REQUEST') ?? 0).toBeGreaterThan(100);
		const health = await readiness(handle.db, { requireRealtime: false });
		expect(health.checks).toMatchObject({ database: 'ok', migrations: 'ok' });
	}, 600_000);
});
