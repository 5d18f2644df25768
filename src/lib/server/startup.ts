import { config } from './config';
import { getDbHandle } from './db';
import { migrateToLatest } from './db/migrate';
import { logger } from './log';
import { scheduleRetention } from './retention/service';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoIfEmpty } from './seed/demo';

/** Runs once per process before the first request: migrate, then (demo mode) seed. */
export async function startup(): Promise<void> {
	const cfg = config();
	const { db, kind } = await getDbHandle();
	const result = await migrateToLatest(db);
	const applied =
		result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
	logger.info({ db: kind, applied }, 'database ready');
	// Retention (issue E): anonymise courses closed longer ago than each team's period, daily.
	scheduleRetention(async () => (await getDbHandle()).db);
	if (cfg.TAVLA_DEMO) {
		const seeded = await seedDemoIfEmpty(db);
		if (seeded) logger.info({ team: seeded.teamSlug }, 'demo data seeded');
		// Printed for the person who started the demo, not as a log record.
		console.log('\nDemodata: opdigtet team "Fællesteam Åbakke" (DEMO). Demo-brugere:');
		for (const [role, email] of Object.entries(DEMO_USERS))
			console.log(`  ${role.padEnd(11)} ${email}`);
		console.log(`  adgangskode ${DEMO_PASSWORD}`);
	}
}
