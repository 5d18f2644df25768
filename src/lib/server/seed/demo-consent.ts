import type { Transaction } from 'kysely';
import type { Database } from '../db';
import { isoDay } from '$lib/domain/consent';

/**
 * Demo consents (issue E): most demo borgere gave the team consent at their startup
 * meeting (all sections, written); one consent runs out soon, and the newest two have
 * none yet, so the board shows both flags. No consents to outside actors: the guest flow
 * starts by recording one.
 */
export async function seedDemoConsents(
	trx: Transaction<Database>,
	ctx: { teamId: string; recordedBy: string },
	now = new Date()
): Promise<number> {
	const borgere = await trx
		.selectFrom('borger')
		.select(['id', 'start_date'])
		.where('team_id', '=', ctx.teamId)
		.where('status', '!=', 'afsluttet')
		.orderBy('start_date', 'desc')
		.orderBy('id')
		.execute();
	const soon = new Date(now);
	soon.setUTCDate(soon.getUTCDate() + 14);
	const rows = borgere.slice(2).map((b, i) => ({
		borger_id: b.id,
		actor_kind: 'team' as const,
		actor_label: 'Fællesteam Åbakke',
		categories: null,
		purpose: 'Koordinering af indsatsen på tavlemøder, hvor borgeren ikke selv deltager.',
		valid_from: b.start_date <= isoDay(now) ? b.start_date : isoDay(now),
		valid_until: i === 0 ? isoDay(soon) : null,
		given_how: 'skriftligt' as const,
		witnessed_by: 'Opstartsmødet',
		recorded_by: ctx.recordedBy
	}));
	if (rows.length) await trx.insertInto('consent').values(rows).execute();
	return rows.length;
}
