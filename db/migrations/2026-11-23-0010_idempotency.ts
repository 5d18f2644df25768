import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Replays of edits queued while offline: the first response to each client-chosen key is
// kept, so a resent edit whose first answer was lost is not applied twice.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table idempotency_key (
			user_id uuid not null references app_user (id) on delete cascade,
			key uuid not null,
			path text not null,
			body text not null,
			created_at timestamptz not null default now(),
			primary key (user_id, key)
		);
		create index idempotency_key_created_idx on idempotency_key (created_at)
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(db, `drop table idempotency_key`);
}
