/**
 * `npm run bench:meeting`: server time to plan the next tavlemøde (`proposeAgenda`: load the
 * board, open tasks, open case requests and what the last meeting did not reach from the
 * database, then run the planner) for a team of 60 active borgere with three years of
 * history: the board seed of `bench:board` (records, risks, scaling, 60,000 change_log rows)
 * plus 156 weekly meetings with agendas, attendance, decisions, tasks and case requests.
 *
 * PGlite and PostgreSQL (DATABASE_URL, or the default test server when it answers) get the
 * same deterministic data and are measured interleaved in small blocks, so machine load hits
 * both alike. Prints a table and writes bench/results/meeting-<timestamp>.json.
 *
 * Flags: --pglite-only, --runs=N (default 200), --warmup=N (default 20).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { proposeAgenda } from '../src/lib/server/meeting/planning';
import type { AgendaPlan } from '../src/lib/domain/agenda/types';
import type { DB } from '../src/lib/server/db';
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
import { benchTeamId } from './lib/seed-board';
import { BORGERE, MEETING_DATE, NOW, REF_DATE, WEEKS, seedMeetingBench } from './lib/seed-meetings';
import { machineInfo, ms, summarise, table, type Summary } from './lib/stats';

function intFlag(name: string, fallback: number): number {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a positive integer`);
	return value;
}

const WARMUP = intFlag('warmup', 20);
const RUNS = intFlag('runs', 200);
const BLOCK = 10;
const TARGET_MS = 50;

const plan = (db: DB) => proposeAgenda(db, benchTeamId(1), MEETING_DATE, NOW);

async function measure(engines: BenchDb[]): Promise<Map<BenchDb, number[]>> {
	const samples = new Map<BenchDb, number[]>(engines.map((e) => [e, []]));
	for (const e of engines) for (let i = 0; i < WARMUP; i++) await plan(e.db);
	for (let block = 0; block * BLOCK < RUNS; block++) {
		const order = block % 2 === 0 ? engines : [...engines].reverse();
		for (const e of order) {
			const list = samples.get(e)!;
			for (let i = 0; i < BLOCK && list.length < RUNS; i++) {
				const t0 = performance.now();
				await plan(e.db);
				list.push(performance.now() - t0);
			}
		}
	}
	return samples;
}

/** Query phase (first query sent → last result back) vs. composing and planning in JS. */
async function phases(e: BenchDb): Promise<{ queriesP50: number; jsP50: number }> {
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
	const q: number[] = [];
	const js: number[] = [];
	for (let i = 0; i < 50; i++) {
		first = Infinity;
		last = 0;
		await plan(db);
		const t1 = performance.now();
		q.push(last - first);
		js.push(t1 - last);
	}
	return { queriesP50: summarise(q).p50, jsP50: summarise(js).p50 };
}

interface EngineResult {
	database: string;
	version: string;
	seedMs: number;
	rowCounts: Record<string, number>;
	queriesPerCall: number;
	planned: { items: number; cases: number; notPlaced: number; carriedOver: number };
	timings: Summary;
	phases: { queriesP50: number; jsP50: number };
	samplesMs: number[];
}

const log = (line = '') => console.log(line);

async function main(): Promise<void> {
	const started = new Date();
	const pg = process.argv.includes('--pglite-only')
		? { url: null, source: 'none' as const, reason: '--pglite-only' }
		: await resolvePostgresUrl();
	const machine = machineInfo();
	log(`Meeting planning benchmark (${started.toISOString()})`);
	log(
		`Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAvg.join(' ')}`
	);
	log(
		pg.url ? `PostgreSQL: ${maskUrl(pg.url)} (${pg.source})` : `PostgreSQL: not used (${pg.reason})`
	);

	const engines: BenchDb[] = [];
	const results: Partial<Record<'pglite' | 'postgres', EngineResult>> = {};
	let samePlan: boolean | null = null;
	try {
		engines.push(await openFreshPglite());
		if (pg.url) engines.push(await openFreshPostgres(pg.url, 'meeting'));
		const seeded = new Map<BenchDb, Awaited<ReturnType<typeof seedMeetingBench>>>();
		for (const e of engines) {
			seeded.set(e, await seedMeetingBench(e.db));
			const s = seeded.get(e)!;
			log(
				`   seeded ${e.kind.padEnd(8)} in ${(s.seedMs / 1000).toFixed(1)} s: ` +
					Object.entries(s.counts)
						.map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
						.join(', ')
			);
		}
		const plans = new Map<BenchDb, AgendaPlan>();
		const queries = new Map<BenchDb, number>();
		for (const e of engines) {
			const counted = countingDb(e.db);
			plans.set(e, await plan(counted.db));
			queries.set(e, counted.count());
		}
		if (engines.length === 2) {
			const [a, b] = engines.map((e) => JSON.stringify(plans.get(e)));
			samePlan = a === b;
		}
		log(`   measuring: ${WARMUP} warm-up + ${RUNS} calls per database, blocks of ${BLOCK}`);
		const samples = await measure(engines);
		for (const e of engines) {
			const p = plans.get(e)!;
			const list = samples.get(e)!;
			results[e.kind] = {
				database: e.where,
				version: await serverVersion(e),
				seedMs: seeded.get(e)!.seedMs,
				rowCounts: seeded.get(e)!.counts,
				queriesPerCall: queries.get(e)!,
				planned: {
					items: p.items.length,
					cases: p.items.filter((i) => i.kind === 'case').length,
					notPlaced: p.notPlaced.length,
					carriedOver: p.items.filter((i) => i.reasons.some((r) => r.kind === 'carried_over'))
						.length
				},
				timings: summarise(list),
				phases: await phases(e),
				samplesMs: list.map((x) => Math.round(x * 1000) / 1000)
			};
		}
	} finally {
		for (const e of engines) await e.close();
	}

	const rows = Object.entries(results).map(([kind, r]) => [
		kind,
		r.planned.items,
		r.queriesPerCall,
		ms(r.timings.min),
		ms(r.timings.p50),
		ms(r.timings.p95),
		ms(r.timings.p99),
		ms(r.timings.max),
		ms(r.phases.queriesP50),
		ms(r.phases.jsP50)
	]);
	log('\nproposeAgenda(db, team, date): load inputs from the database + plan, ms per call');
	log(
		table(
			['Database', 'Items', 'Queries', 'min', 'p50', 'p95', 'p99', 'max', 'queries p50', 'JS p50'],
			rows
		)
	);
	const pgl = results.pglite?.timings.p95;
	const pgs = results.postgres?.timings.p95;
	const ratio = pgl !== undefined && pgs !== undefined ? Math.round((pgl / pgs) * 100) / 100 : null;
	if (ratio !== null) log(`\nRatio PGlite p95 / PostgreSQL p95: ${ratio}×`);
	const checks = Object.entries(results).map(([kind, r]) => ({
		target: `${kind}: p95 < ${TARGET_MS} ms`,
		status: r.timings.p95 < TARGET_MS ? 'PASS' : 'FAIL',
		detail: `p95 ${ms(r.timings.p95)} ms`
	}));
	if (samePlan !== null)
		checks.push({
			target: 'Same agenda on PGlite and PostgreSQL',
			status: samePlan ? 'PASS' : 'FAIL',
			detail: samePlan ? 'identical' : 'differs'
		});
	log('\nTargets');
	for (const c of checks) log(`${c.status.padEnd(4)}  ${c.target}: ${c.detail}`);

	const finished = new Date();
	const out = {
		bench: 'meeting',
		startedAt: started.toISOString(),
		finishedAt: finished.toISOString(),
		machine: { ...machine, loadAvgAtEnd: machineInfo().loadAvg },
		parameters: {
			warmupCalls: WARMUP,
			measuredCalls: RUNS,
			interleaveBlock: BLOCK,
			refDate: REF_DATE,
			meetingDate: MEETING_DATE,
			borgere: BORGERE,
			weeksOfMeetings: WEEKS,
			postgres: pg.url ? { url: maskUrl(pg.url), source: pg.source } : null,
			targetMs: TARGET_MS
		},
		engines: results,
		ratioPgliteToPostgresP95: ratio,
		samePlan,
		targets: checks
	};
	const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `meeting-${started.toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(out, null, '\t') + '\n');
	log(`\nResults written to ${file}`);
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
