import type { Kysely } from 'kysely';
import { runSql } from './sql';

// Indexes for the tavlemøde's reads over years of history:
// - the planner's "latest assessment per category" per borger becomes an index-only scan in
//   the order distinct on needs (no sort per borger); the old index lacked the tie-breaker id
//   and the selected columns;
// - open case requests (meeting_id is null) are a handful among years of answered ones;
// - the per-borger minutes extract reads decisions and tasks by borger.
export async function up(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		create index risk_assessment_latest_idx on risk_assessment
			(borger_id, category, assessed_on desc, created_at desc, id desc) include (level, review_by);
		drop index risk_assessment_borger_idx;
		create index case_request_open_idx on case_request (team_id) where meeting_id is null;
		create index decision_borger_idx on decision (borger_id, created_at);
		create index task_borger_idx on task (borger_id, created_at)
	`
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await runSql(
		db,
		`
		drop index task_borger_idx;
		drop index decision_borger_idx;
		drop index case_request_open_idx;
		create index risk_assessment_borger_idx on risk_assessment (borger_id, category, assessed_on desc, created_at desc);
		drop index risk_assessment_latest_idx
	`
	);
}
