import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Sessions end after a period without activity (idle timeout) and at a fixed time after
// sign-in (absolute lifetime); last_seen_at is the activity clock. A TOTP code is accepted
// once: the last time step used is kept per person, so a code seen over a shoulder or in
// a proxy log cannot be replayed inside its 30-second window.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		alter table session add column last_seen_at timestamptz not null default now();
		alter table app_user add column totp_last_step integer
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		alter table app_user drop column totp_last_step;
		alter table session drop column last_seen_at
	`
	);
}
