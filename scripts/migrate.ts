// `npm run db:migrate`: apply pending migrations to the configured database.
import { closeDb, getDbHandle } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';

const { db, kind } = await getDbHandle();
const result = await migrateToLatest(db);
const applied = result.results?.filter((r) => r.status === 'Success') ?? [];
console.log(`Database (${kind}): ${applied.length} migration(s) applied.`);
for (const r of applied) console.log(`  ✓ ${r.migrationName}`);
await closeDb();
