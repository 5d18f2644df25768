// `npm run db:export -- <file>`: writes the configured database (PGlite folder in
// TAVLA_DATA_DIR, or DATABASE_URL) to a portable JSON-lines file. Stop the app first
// when it uses the embedded database: a PGlite folder is one process at a time.
import { closeDb, getDbHandle } from '../src/lib/server/db';
import { exportDatabase } from '../src/lib/server/ops/backup';

const file = process.argv[2];
if (!file) {
	console.error('Brug: npm run db:export -- <fil.jsonl>');
	process.exit(2);
}
const { db, kind } = await getDbHandle();
const started = Date.now();
const { counts, migrations } = await exportDatabase(db, file);
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(
	`Eksporteret ${total} rækker fra ${Object.keys(counts).length} tabeller (${kind}, skema ${migrations.at(-1)}) til ${file} på ${Date.now() - started} ms.`
);
await closeDb();
