// `npm run db:import -- <file> [--replace]`: loads an export made by db:export into the
// configured database (an empty PGlite folder or PostgreSQL database; `--replace`
// overwrites one that has data). All or nothing: on any error nothing is changed.
import { closeDb, getDbHandle } from '../src/lib/server/db';
import { importDatabase, ImportError } from '../src/lib/server/ops/backup';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
	console.error('Brug: npm run db:import -- <fil.jsonl> [--replace]');
	process.exit(2);
}
const { db, kind } = await getDbHandle();
try {
	const started = Date.now();
	const { counts } = await importDatabase(db, file, { replace: args.includes('--replace') });
	const total = Object.values(counts).reduce((a, b) => a + b, 0);
	console.log(
		`Importeret ${total} rækker i ${Object.keys(counts).length} tabeller (${kind}) på ${Date.now() - started} ms.`
	);
} catch (err) {
	if (!(err instanceof ImportError)) throw err;
	console.error(`Import afvist: ${err.message}`);
	process.exitCode = 1;
} finally {
	await closeDb();
}
