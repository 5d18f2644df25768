import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Live collaboration: the Yjs update log and snapshots of each free-text note, and the
// table the socket.io PostgreSQL adapter uses to pass large messages between instances.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create table note_update (
			id bigint generated always as identity primary key,
			borger_id uuid not null references borger (id),
			section text not null,
			update bytea not null,
			actor_id uuid references app_user (id),
			created_at timestamptz not null default now()
		);
		create index note_update_doc_idx on note_update (borger_id, section, id);

		create table note_snapshot (
			borger_id uuid not null references borger (id),
			section text not null,
			state bytea not null,
			last_update_id bigint not null default 0,
			updated_at timestamptz not null default now(),
			primary key (borger_id, section)
		);

		create table if not exists socket_io_attachments (
			id bigserial unique,
			created_at timestamptz default now(),
			payload bytea
		)
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(db, `drop table note_update, note_snapshot, socket_io_attachments`);
}
