import type { PageServerLoad } from './$types';
import { requireTeam } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { parseTeamSettings } from '$lib/schemas/team-settings';

export const load: PageServerLoad = async (event) => {
	const { team } = await requireTeam(event, 'borger.write');
	const row = await (
		await getDb()
	)
		.selectFrom('team')
		.select('settings')
		.where('id', '=', team.id)
		.executeTakeFirstOrThrow();
	// The team's own scaling levels, so the instructions name the values the file may use.
	const levels = parseTeamSettings(row.settings).scalingLevels.map((l) => ({
		key: l.key,
		label: l.label
	}));
	return { levels };
};
