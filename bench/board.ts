/**
 * `npm run bench:board`: server time to render the tavle (`loadBoard`), on PGlite and on
 * PostgreSQL side by side, for
 *   1. a team with 40 active borgere and three years of history, and
 *   2. a 50-borger team inside a large organisation: 20 teams, 1,000 borgere and
 *      1,000,000 change_log rows.
 *
 * Both databases are created fresh for the run and get identical data (set-based,
 * deterministic seeding). Calls are interleaved between the databases in small blocks, so
 * drift in machine load hits both alike and the PGlite/PostgreSQL ratio stays meaningful
 * on a noisy machine. Prints a table and writes bench/results/board-<timestamp>.json.
 *
 * Flags: --pglite-only (skip PostgreSQL even when reachable), --runs=N (measured calls,
 * default 200), --warmup=N (default 20).
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test when reachable).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoard, type Board } from '../src/lib/server/borger/board';
import { countingDb } from '$tests/fixtures';
import {
	dropAll,
	maskUrl,
	openFreshPglite,
	openFreshPostgres,
	resolvePostgresUrl,
	serverVersion,
	type BenchDb
} from './lib/databases';
import {
	analyze,
	benchTeamId,
	rowCounts,
	seedBoardData,
	type SeedSpec,
	type SeedStep
} from './lib/seed-board';
import { machineInfo, ms, summarise, table, type Summary } from './lib/stats';

/** `--name=value` from the command line, as a positive integer. */
function intFlag(name: string, fallback: number): number {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a positive integer`);
	return value;
}

const WARMUP = intFlag('warmup', 20);
const RUNS = intFlag('runs', 200);
/** Calls per database before switching to the other one. */
const BLOCK = 10;
/** "Today" for the seed and for loadBoard, fixed so that runs are comparable. */
const REF_DATE = '2026-11-23';
const NOW = new Date(`${REF_DATE}T12:00:00Z`);
const TARGET_PG_P95_MS = 50;
const TARGET_PGLITE_FACTOR = 3;

interface Scenario {
	key: 'team40' | 'org1000';
	title: string;
	spec: SeedSpec;
	/** Team number (1-based) whose board is measured. */
	team: number;
	expectedRows: number;
}

const SCENARIOS: Scenario[] = [
	{
		key: 'team40',
		title: 'Scenario 1: team with 40 borgere, 3 years of history',
		spec: {
			teams: 1,
			borgerePerTeam: 40,
			membersPerTeam: 12,
			changeLogRows: 40 * 1000,
			allActive: true,
			refDate: REF_DATE
		},
		team: 1,
		expectedRows: 40
	},
	{
		key: 'org1000',
		title: 'Scenario 2: 50-borger team in an org of 20 teams, 1,000 borgere, 1M history rows',
		spec: {
			teams: 20,
			borgerePerTeam: 50,
			membersPerTeam: 12,
			changeLogRows: 1_000_000,
			allActive: false,
			refDate: REF_DATE
		},
		team: 7,
		expectedRows: 50
	}
];

interface EngineResult {
	database: string;
	version: string;
	seed: { steps: SeedStep[]; bulk: boolean; seedMs: number; analyzeMs: number };
	rowCounts: Record<string, number>;
	boardRows: number;
	queriesPerCall: number;
	timings: Summary;
	samplesMs: number[];
	/** Where the time goes (separate instrumented calls, not part of the figures above). */
	phases: { calls: number; queriesP50: number; composeP50: number; totalP50: number };
}

interface ScenarioResult {
	key: Scenario['key'];
	title: string;
	spec: SeedSpec;
	teamId: string;
	boardsIdentical: boolean | null;
	engines: Partial<Record<'pglite' | 'postgres', EngineResult>>;
	ratioPgliteToPostgresP95: number | null;
}

const log = (line = '') => console.log(line);

async function measure(engines: BenchDb[], teamId: string): Promise<Map<BenchDb, number[]>> {
	const samples = new Map<BenchDb, number[]>(engines.map((e) => [e, []]));
	for (const e of engines) for (let i = 0; i < WARMUP; i++) await loadBoard(e.db, teamId, NOW);
	for (let block = 0; block * BLOCK < RUNS; block++) {
		// Alternate which database goes first, so neither always follows the other.
		const order = block % 2 === 0 ? engines : [...engines].reverse();
		for (const e of order) {
			const list = samples.get(e)!;
			for (let i = 0; i < BLOCK && list.length < RUNS; i++) {
				const t0 = performance.now();
				await loadBoard(e.db, teamId, NOW);
				list.push(performance.now() - t0);
			}
		}
	}
	return samples;
}

const PHASE_CALLS = 50;

/**
 * Split a call into the query phase (first query sent to last result received; the
 * queries run concurrently) and the rest (composing the rows in memory, sorting).
 */
async function measurePhases(e: BenchDb, teamId: string): Promise<EngineResult['phases']> {
	let first = Infinity;
	let last = 0;
	const db = e.db.withPlugin({
		transformQuery(args) {
			first = Math.min(first, performance.now());
			return args.node;
		},
		async transformResult(args) {
			last = Math.max(last, performance.now());
			return args.result;
		}
	});
	const queries: number[] = [];
	const compose: number[] = [];
	const total: number[] = [];
	for (let i = 0; i < PHASE_CALLS; i++) {
		first = Infinity;
		last = 0;
		const t0 = performance.now();
		await loadBoard(db, teamId, NOW);
		const t1 = performance.now();
		queries.push(last - first);
		compose.push(t1 - last);
		total.push(t1 - t0);
	}
	return {
		calls: PHASE_CALLS,
		queriesP50: summarise(queries).p50,
		composeP50: summarise(compose).p50,
		totalP50: summarise(total).p50
	};
}

async function runScenario(s: Scenario, pgUrl: string | null): Promise<ScenarioResult> {
	log(`\n== ${s.title}`);
	const engines: BenchDb[] = [];
	const result: ScenarioResult = {
		key: s.key,
		title: s.title,
		spec: s.spec,
		teamId: benchTeamId(s.team),
		boardsIdentical: null,
		engines: {},
		ratioPgliteToPostgresP95: null
	};
	try {
		engines.push(await openFreshPglite());
		if (pgUrl) engines.push(await openFreshPostgres(pgUrl, s.key));
		const seeded = new Map<BenchDb, EngineResult['seed'] & { counts: Record<string, number> }>();
		for (const e of engines) {
			const t0 = performance.now();
			const { steps, bulk } = await seedBoardData(e.db, s.spec);
			const seedMs = Math.round(performance.now() - t0);
			const analyzeMs = await analyze(e.db);
			const counts = await rowCounts(e.db);
			seeded.set(e, { steps, bulk, seedMs, analyzeMs, counts });
			log(
				`   seeded ${e.kind.padEnd(8)} in ${(seedMs / 1000).toFixed(1)} s ` +
					`(+ vacuum analyze ${(analyzeMs / 1000).toFixed(1)} s): ` +
					Object.entries(counts)
						.map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
						.join(', ')
			);
		}
		if (engines.length === 2) {
			const [a, b] = engines.map((e) => JSON.stringify(seeded.get(e)!.counts));
			if (a !== b) throw new Error(`Row counts differ between the databases: ${a} vs ${b}`);
		}

		// One counted call per database: the number of queries, and the board itself.
		const boards = new Map<BenchDb, Board>();
		const queries = new Map<BenchDb, number>();
		for (const e of engines) {
			const counted = countingDb(e.db);
			boards.set(e, await loadBoard(counted.db, result.teamId, NOW));
			queries.set(e, counted.count());
			const rows = boards.get(e)!.rows.length;
			if (rows !== s.expectedRows)
				throw new Error(`${e.kind}: board has ${rows} rows, expected ${s.expectedRows}`);
		}
		if (engines.length === 2) {
			const [a, b] = engines.map((e) => JSON.parse(JSON.stringify(boards.get(e))) as unknown);
			const difference = firstDifference(a, b);
			result.boardsIdentical = difference === null;
			if (difference) log(`   boards differ between the databases: ${difference}`);
		}

		log(`   measuring: ${WARMUP} warm-up + ${RUNS} calls per database, blocks of ${BLOCK}`);
		const samples = await measure(engines, result.teamId);
		const phases = new Map<BenchDb, EngineResult['phases']>();
		for (const e of engines) phases.set(e, await measurePhases(e, result.teamId));
		for (const e of engines) {
			const seed = seeded.get(e)!;
			const list = samples.get(e)!;
			result.engines[e.kind] = {
				database: e.where,
				version: await serverVersion(e),
				seed: {
					steps: seed.steps,
					bulk: seed.bulk,
					seedMs: seed.seedMs,
					analyzeMs: seed.analyzeMs
				},
				rowCounts: seed.counts,
				boardRows: boards.get(e)!.rows.length,
				queriesPerCall: queries.get(e)!,
				timings: summarise(list),
				samplesMs: list.map((x) => Math.round(x * 1000) / 1000),
				phases: phases.get(e)!
			};
		}
		const pgl = result.engines.pglite?.timings.p95;
		const pgs = result.engines.postgres?.timings.p95;
		if (pgl !== undefined && pgs !== undefined)
			result.ratioPgliteToPostgresP95 = Math.round((pgl / pgs) * 100) / 100;
	} finally {
		for (const e of engines) await e.close();
	}
	return result;
}

/** The first path where two JSON values differ, with both values; null when equal. */
function firstDifference(a: unknown, b: unknown, path = 'board'): string | null {
	if (JSON.stringify(a) === JSON.stringify(b)) return null;
	if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
		return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
		const d = firstDifference(x[k], y[k], `${path}.${k}`);
		if (d) return d;
	}
	return `${path}: differs`;
}

interface Target {
	target: string;
	status: 'PASS' | 'FAIL' | 'SKIP';
	detail: string;
}

function targets(results: ScenarioResult[]): Target[] {
	const out: Target[] = [];
	for (const [i, r] of results.entries()) {
		const label = `Scenario ${i + 1}`;
		const pg = r.engines.postgres?.timings.p95;
		const pgl = r.engines.pglite?.timings.p95;
		out.push(
			pg === undefined
				? {
						target: `${label}: PostgreSQL p95 < ${TARGET_PG_P95_MS} ms`,
						status: 'SKIP',
						detail: 'no PostgreSQL'
					}
				: {
						target: `${label}: PostgreSQL p95 < ${TARGET_PG_P95_MS} ms`,
						status: pg < TARGET_PG_P95_MS ? 'PASS' : 'FAIL',
						detail: `p95 ${ms(pg)} ms`
					}
		);
		out.push(
			pg === undefined || pgl === undefined
				? {
						target: `${label}: PGlite p95 < ${TARGET_PGLITE_FACTOR} × PostgreSQL p95`,
						status: 'SKIP',
						detail: `no PostgreSQL to compare with (PGlite p95 ${pgl === undefined ? '?' : ms(pgl)} ms)`
					}
				: {
						target: `${label}: PGlite p95 < ${TARGET_PGLITE_FACTOR} × PostgreSQL p95`,
						status: pgl < TARGET_PGLITE_FACTOR * pg ? 'PASS' : 'FAIL',
						detail: `${ms(pgl)} ms vs limit ${ms(TARGET_PGLITE_FACTOR * pg)} ms (ratio ${r.ratioPgliteToPostgresP95}×)`
					}
		);
	}
	// No N+1: the same number of queries whatever the team size and database.
	const counts = results.flatMap((r, i) =>
		Object.entries(r.engines).map(([kind, e]) => ({
			where: `scenario ${i + 1} ${kind}`,
			rows: e.boardRows,
			queries: e.queriesPerCall
		}))
	);
	const constant = counts.every((c) => c.queries === counts[0]!.queries);
	out.push({
		target: 'Queries per loadBoard constant (no N+1)',
		status: constant ? 'PASS' : 'FAIL',
		detail: counts.map((c) => `${c.queries} (${c.where}, ${c.rows} rows)`).join(', ')
	});
	const identical = results.map((r) => r.boardsIdentical);
	if (identical.some((x) => x !== null))
		out.push({
			target: 'Same board on PGlite and PostgreSQL',
			status: identical.every((x) => x !== false) ? 'PASS' : 'FAIL',
			detail: identical
				.map((x, i) => `scenario ${i + 1}: ${x ? 'identical' : 'differs'}`)
				.join(', ')
		});
	return out;
}

function report(results: ScenarioResult[], checks: Target[]): void {
	const engineRows = results.flatMap((r, i) =>
		Object.entries(r.engines).map(([kind, e]) => ({ scenario: `${i + 1}`, kind, e }))
	);
	log('\nBoard render: loadBoard(db, teamId), milliseconds per call');
	log(
		table(
			['Scenario', 'Database', 'Rows', 'Queries', 'min', 'p50', 'p95', 'p99', 'max', 'mean'],
			engineRows.map(({ scenario, kind, e }) => [
				scenario,
				kind,
				e.boardRows,
				e.queriesPerCall,
				ms(e.timings.min),
				ms(e.timings.p50),
				ms(e.timings.p95),
				ms(e.timings.p99),
				ms(e.timings.max),
				ms(e.timings.mean)
			])
		)
	);
	log(`\nWhere the time goes (p50 of ${PHASE_CALLS} separate instrumented calls), ms`);
	log(
		table(
			['Scenario', 'Database', 'total', 'query phase', 'compose (JS)'],
			engineRows.map(({ scenario, kind, e }) => [
				scenario,
				kind,
				ms(e.phases.totalP50),
				ms(e.phases.queriesP50),
				ms(e.phases.composeP50)
			])
		)
	);
	log('\nSeeding (set-based SQL), seconds');
	log(
		table(
			[
				'Scenario',
				'Database',
				'borger',
				'borger_item',
				'risk',
				'crisis',
				'scaling',
				'change_log',
				'seed s',
				'analyze s'
			],
			engineRows.map(({ scenario, kind, e }) => [
				scenario,
				kind,
				e.rowCounts.borger!,
				e.rowCounts.borger_item!,
				e.rowCounts.risk_assessment!,
				e.rowCounts.crisis_plan!,
				e.rowCounts.scaling_event!,
				e.rowCounts.change_log!,
				(e.seed.seedMs / 1000).toFixed(1),
				(e.seed.analyzeMs / 1000).toFixed(1)
			])
		)
	);
	const ratios = results
		.map((r, i) =>
			r.ratioPgliteToPostgresP95 === null
				? null
				: `scenario ${i + 1} ${r.ratioPgliteToPostgresP95}×`
		)
		.filter(Boolean);
	if (ratios.length > 0)
		log(`\nRatio PGlite p95 / PostgreSQL p95 (same run, interleaved): ${ratios.join(', ')}`);
	log('\nTargets');
	for (const c of checks) log(`${c.status.padEnd(4)}  ${c.target}: ${c.detail}`);
}

async function main(): Promise<void> {
	const started = new Date();
	const pgliteOnly = process.argv.includes('--pglite-only');
	const pg = pgliteOnly
		? { url: null, source: 'none' as const, reason: '--pglite-only' }
		: await resolvePostgresUrl();
	const machine = machineInfo();
	log(`Board render benchmark (${started.toISOString()})`);
	log(
		`Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}, ` +
			`load average ${machine.loadAvg.join(' ')}`
	);
	log('PGlite: in-memory, fresh per scenario');
	log(
		pg.url
			? `PostgreSQL: ${maskUrl(pg.url)} (${pg.source === 'DATABASE_URL' ? 'from DATABASE_URL' : 'default, DATABASE_URL not set'}); a fresh database per scenario, dropped afterwards`
			: `PostgreSQL: not used (${pg.reason})`
	);

	const results: ScenarioResult[] = [];
	for (const s of SCENARIOS) results.push(await runScenario(s, pg.url));
	const checks = targets(results);
	report(results, checks);

	const finished = new Date();
	const out = {
		bench: 'board',
		startedAt: started.toISOString(),
		finishedAt: finished.toISOString(),
		durationSeconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
		machine: { ...machine, loadAvgAtEnd: machineInfo().loadAvg },
		parameters: {
			warmupCalls: WARMUP,
			measuredCalls: RUNS,
			interleaveBlock: BLOCK,
			refDate: REF_DATE,
			postgres: pg.url ? { url: maskUrl(pg.url), source: pg.source } : null,
			targets: { postgresP95Ms: TARGET_PG_P95_MS, pgliteFactorOfPostgresP95: TARGET_PGLITE_FACTOR }
		},
		scenarios: results,
		targets: checks
	};
	const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `board-${started.toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(out, null, '\t') + '\n');
	log(`\nResults written to ${file} (total ${out.durationSeconds} s)`);
	if (checks.some((c) => c.status === 'FAIL')) process.exitCode = 1;
}

process.once('SIGINT', () => {
	void dropAll().finally(() => process.exit(130));
});

try {
	await main();
} finally {
	await dropAll();
}
