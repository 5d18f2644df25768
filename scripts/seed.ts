// `npm run db:seed`: migrate, then create the fictitious demo team if the database is empty.
import { closeDb, getDbHandle } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoIfEmpty } from '../src/lib/server/seed/demo';

const { db, kind } = await getDbHandle();
await migrateToLatest(db);
const seeded = await seedDemoIfEmpty(db);
if (seeded) {
	console.log(`Demo data created (${kind}): team "${seeded.teamSlug}".`);
	console.log(`Log in as ${DEMO_USERS.teamleder} with password ${DEMO_PASSWORD}`);
} else {
	console.log(`The database (${kind}) already has data: nothing seeded.`);
}
await closeDb();
