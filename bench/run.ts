/**
 * `npm run bench <name> [flags]`: run one benchmark; without a name, list them.
 * Each bench is a script in this folder that runs when imported and reads its own flags
 * from process.argv.
 */
const BENCHES: Record<string, { file: string; description: string }> = {
	board: {
		file: './board.ts',
		description:
			'Server time to render the tavle (loadBoard): 40-borger team, and a 50-borger team in a ' +
			'20-team / 1,000-borger / 1M-history org; PGlite and PostgreSQL side by side.'
	},
	meeting: {
		file: './meeting.ts',
		description:
			'Server time to plan the next tavlemøde (proposeAgenda: load inputs + plan) for a ' +
			'60-borger team with 3 years of history and 156 past meetings; PGlite and PostgreSQL.'
	},
	load: {
		file: './load.ts',
		description:
			'Monday morning: N teams meeting at once through two instances and a balancer; ' +
			'PostgreSQL restarted and one instance killed during the run; latency, errors, CPU, ' +
			'memory, lost acknowledged edits.'
	},
	realtime: {
		file: './realtime.ts',
		description:
			'Edit-to-screen latency with 15/50/200 clients in a room (structured and text edits, ' +
			'incl. commit) vs. bare socket.io and Hocuspocus; 2,000 clients over 100 rooms; catch-up.'
	}
};

function list(): void {
	console.log('Usage: npm run bench <name> [-- flags]\n\nAvailable benches:');
	for (const [name, b] of Object.entries(BENCHES))
		console.log(`  ${name.padEnd(8)} ${b.description}`);
	console.log('\nResults are printed and written to bench/results/. See bench/README.md.');
}

const bench = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!bench) {
	list();
} else if (!(bench in BENCHES)) {
	console.error(`Unknown bench "${bench}".\n`);
	list();
	process.exitCode = 1;
} else {
	await import(BENCHES[bench]!.file);
}

export {};
