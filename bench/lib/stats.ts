import os from 'node:os';

export interface Summary {
	n: number;
	min: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(sorted.length, rank) - 1]!;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarise(samples: readonly number[]): Summary {
	if (samples.length === 0) throw new Error('no samples');
	const s = [...samples].sort((a, b) => a - b);
	return {
		n: s.length,
		min: round(s[0]!),
		p50: round(percentile(s, 50)),
		p95: round(percentile(s, 95)),
		p99: round(percentile(s, 99)),
		max: round(s[s.length - 1]!),
		mean: round(s.reduce((a, b) => a + b, 0) / s.length)
	};
}

export function machineInfo() {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model ?? 'unknown',
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
		loadAvg: os.loadavg().map((x) => round(x, 2))
	};
}

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
	const cells = [header, ...rows.map((r) => r.map(String))];
	const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
	const numeric = header.map((_, i) =>
		rows.every((r) => typeof r[i] === 'number' || /^[-\d.,]+[×%]?$/.test(String(r[i])))
	);
	const line = (r: string[]) =>
		r
			.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
			.join('  ')
			.trimEnd();
	return [
		line(header),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.map((r) => line(r.map(String)))
	].join('\n');
}

export const ms = (x: number) => x.toFixed(2);
