import { parseTeamSettings, type TeamSettings } from '$lib/schemas/team-settings';
import type { Executor } from './db';

/**
 * A team's settings with every default filled in. Inside a transaction pass the
 * transaction, so the read sees (and waits for) what the transaction sees.
 */
export async function teamSettings(db: Executor, teamId: string): Promise<TeamSettings> {
	const team = await db
		.selectFrom('team')
		.select('settings')
		.where('id', '=', teamId)
		.executeTakeFirstOrThrow();
	return parseTeamSettings(team.settings);
}
