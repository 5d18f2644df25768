import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../../../../db/migrations';
import type { DB } from './index';

export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const result = await migrator.migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} failed`, { cause: result.error });
	}
	return result;
}
