import { sql } from 'kysely';
import type { z } from 'zod';
import { findLevel } from '$lib/domain/scaling';
import { initialsOf } from '$lib/domain/professions';
import { borgerIdentity } from '$lib/schemas/borger';
import type { DB, Executor } from '../db';
import { recordChanges, type ChangeContext } from './history';
import { badRequest, parseOrThrow } from '../errors';
import { teamLevels, assertCaseManagerInTeam, type Source } from './write';

/** Creating a borger: the row, its first scaling event and the history row. */

export async function createBorger(
	db: DB,
	teamId: string,
	actorId: string | null,
	raw: unknown,
	opts: { level?: string; source?: Source } = {}
): Promise<{ id: string }> {
	const input = parseOrThrow(borgerIdentity, raw);
	return db.transaction().execute(async (trx) => {
		await assertCaseManagerInTeam(trx, teamId, input.caseManagerId);
		const levels = await teamLevels(trx, teamId);
		const level = opts.level ?? levels.find((l) => l.key === 'stabil')?.key ?? levels[0]!.key;
		if (!findLevel(level, levels)) throw badRequest('Ukendt skaleringsniveau.');
		return insertBorger(trx, teamId, actorId, input, level, opts.source);
	});
}

/**
 * The insert part of creating a borger: the row, its first scaling event and the history
 * row. Runs on the caller's transaction, so an import can create many borgere all or
 * nothing. The caller has validated `input`, the case manager and the level.
 */
export async function insertBorger(
	trx: Executor,
	teamId: string,
	actorId: string | null,
	input: z.output<typeof borgerIdentity>,
	level: string,
	source?: Source
): Promise<{ id: string }> {
	const row = await trx
		.insertInto('borger')
		.values({
			team_id: teamId,
			name: input.name,
			initials: input.initials ?? initialsOf(input.name),
			birth_year: input.birthYear ?? null,
			cpr: input.cpr ?? null,
			case_manager_id: input.caseManagerId ?? null,
			start_date: input.startDate ?? sql<string>`current_date`,
			status: input.status ?? 'aktiv',
			staff_safety: input.staffSafety ?? null,
			scaling_level: level,
			last_scaled_at: new Date()
		})
		.returning(['id'])
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('scaling_event')
		.values({
			borger_id: row.id,
			from_level: null,
			to_level: level,
			direction: 'initial',
			reason_text: 'Oprettet',
			decided_by: actorId
		})
		.execute();
	const ctx: ChangeContext = { teamId, borgerId: row.id, actorId, source };
	await recordChanges(trx, ctx, 'borger', row.id, 1, [
		{ field: '*', old: null, new: { name: input.name } }
	]);
	return { id: row.id };
}
