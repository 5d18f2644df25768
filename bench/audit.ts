/**
 * `npm run bench:audit`: server time to compute all fidelity evidence for one team-year
 * (`computeEvidence`: 16 queries + the pure indicators). Uses the meeting benchmark's data,
 * which is larger than the target team (60 active borgere instead of 40, 52 meetings
 * in the audit year out of 156, 60,000 change_log rows instead of 20,000), so passing here
 * is a conservative answer to "under 1 s on PostgreSQL".
 *
 * Flags: --pglite-only, --runs=N (default 30), --warmup=N (default 5).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeEvidence } from '../src/lib/server/audit/evidence';
import type { DB } from '../src/lib/server/db';
import {
	dropAll,
	maskUrl,
	openFreshPglite,
	openFreshPostgres,
	resolvePostgresUrl,
	type BenchDb
} from './lib/databases';
import { benchTeamId } from './lib/seed-board';
import { REF_DATE, seedMeetingBench } from './lib/seed-meetings';
import { machineInfo, ms, summarise, table, type Summary } from './lib/stats';

function intFlag(name: string, fallback: number): number {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a positive integer`);
	return value;
}

const WARMUP = intFlag('warmup', 5);
const RUNS = intFlag('runs', 30);
const TARGET_MS = 1000;
const year = Number(REF_DATE.slice(0, 4));
const PERIOD = { from: `${year - 1}-11-24`, to: REF_DATE };

const run = (db: DB) => computeEvidence(db, benchTeamId(1), PERIOD, { today: REF_DATE });

async function main(): Promise<void> {
	const started = new Date();
	const pg = process.argv.includes('--pglite-only')
		? { url: null, source: 'none' as const, reason: '--pglite-only' }
		: await resolvePostgresUrl();
	const machine = machineInfo();
	console.log(
		`Audit evidence benchmark (${started.toISOString()}), period ${PERIOD.from} – ${PERIOD.to}`
	);
	console.log(
		`Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAvg.join(' ')}`
	);
	const engines: BenchDb[] = [];
	const results: Record<
		string,
		{ timings: Summary; counts: Record<string, number>; sample: Record<string, unknown> }
	> = {};
	try {
		engines.push(await openFreshPglite());
		if (pg.url) engines.push(await openFreshPostgres(pg.url, 'audit'));
		for (const e of engines) {
			const s = await seedMeetingBench(e.db);
			for (let i = 0; i < WARMUP; i++) await run(e.db);
			const samples: number[] = [];
			let last: Awaited<ReturnType<typeof run>> | null = null;
			for (let i = 0; i < RUNS; i++) {
				const t0 = performance.now();
				last = await run(e.db);
				samples.push(performance.now() - t0);
			}
			results[e.kind] = {
				timings: summarise(samples),
				counts: s.counts,
				sample: Object.fromEntries(Object.entries(last!).map(([k, v]) => [k, v.value]))
			};
			console.log(`   ${e.kind}: seeded ${JSON.stringify(s.counts)}`);
		}
	} finally {
		for (const e of engines) await e.close();
	}
	console.log('\ncomputeEvidence(team, one year), ms per call');
	console.log(
		table(
			['Database', 'min', 'p50', 'p95', 'max'],
			Object.entries(results).map(([k, r]) => [
				k,
				ms(r.timings.min),
				ms(r.timings.p50),
				ms(r.timings.p95),
				ms(r.timings.max)
			])
		)
	);
	const checks = Object.entries(results)
		.filter(([k]) => k === 'postgres')
		.map(([k, r]) => ({
			target: `${k}: p95 < ${TARGET_MS} ms`,
			status: r.timings.p95 < TARGET_MS ? 'PASS' : 'FAIL',
			detail: `p95 ${ms(r.timings.p95)} ms`
		}));
	for (const c of checks) console.log(`${c.status.padEnd(4)}  ${c.target}: ${c.detail}`);
	const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `audit-${started.toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			{
				bench: 'audit',
				startedAt: started.toISOString(),
				machine,
				parameters: {
					period: PERIOD,
					warmup: WARMUP,
					runs: RUNS,
					postgres: pg.url ? maskUrl(pg.url) : null
				},
				engines: results,
				targets: checks
			},
			null,
			'\t'
		) + '\n'
	);
	console.log(`\nResults written to ${file}`);
	if (checks.some((c) => c.status === 'FAIL')) process.exitCode = 1;
}

try {
	await main();
} finally {
	await dropAll();
}
