import { sql } from 'kysely';
import { direction, findLevel } from '$lib/domain/scaling';
import { crisisPlanData, type BorgerPatch } from '$lib/schemas/borger';
import { withTx, type DB, type Executor } from '../db';
import { assertSection, assertWritable, type BorgerAccess } from '../access/borger';
import { diff, fieldsChangedSince, recordChanges, type ChangeContext } from './history';
import { teamSettings } from '../team-settings';
import { StaleEditError, badRequest, parseOrThrow } from '../errors';

/**
 * Every write to a borger record: validated, versioned, logged in change_log, in one
 * transaction. A write based on an old version is merged when it touches other fields
 * than those changed since, and refused as a conflict when it touches the same. This
 * module: the borger's own fields, risk, crisis plan, scaling, closing and secondary
 * contacts; creating a borger is in create.ts, list items in items.ts.
 */

export type Source = ChangeContext['source'];

export async function teamLevels(db: Executor, teamId: string) {
	return (await teamSettings(db, teamId)).scalingLevels;
}

export async function assertCaseManagerInTeam(
	db: Executor,
	teamId: string,
	membershipId: string | null | undefined
) {
	if (!membershipId) return;
	const m = await db
		.selectFrom('membership')
		.select('id')
		.where('id', '=', membershipId)
		.where('team_id', '=', teamId)
		.where('deactivated_at', 'is', null)
		.executeTakeFirst();
	if (!m) throw badRequest('Kontaktpersonen skal være aktivt medlem af teamet.');
}

const PATCH_COLUMNS = {
	name: 'name',
	initials: 'initials',
	birthYear: 'birth_year',
	cpr: 'cpr',
	caseManagerId: 'case_manager_id',
	startDate: 'start_date',
	status: 'status',
	staffSafety: 'staff_safety',
	lastDiscussedOn: 'last_discussed_on'
} as const satisfies Record<keyof BorgerPatch, string>;

export async function updateBorger(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	baseVersion: number,
	patch: BorgerPatch,
	source?: Source
): Promise<{ version: number; changed: string[] }> {
	assertWritable(access.borger);
	assertSection(access, 'identitet');
	const fields = Object.keys(patch) as (keyof BorgerPatch)[];
	if (fields.length === 0) {
		// Nothing to change: answer with the current version, not the one in `access`,
		// which the live path may have cached.
		const { version } = await db
			.selectFrom('borger')
			.select('version')
			.where('id', '=', access.borger.id)
			.executeTakeFirstOrThrow();
		return { version, changed: [] };
	}
	return db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('borger')
			.selectAll()
			.where('id', '=', access.borger.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (current.status === 'afsluttet')
			assertWritable({ ...access.borger, status: current.status });
		if (current.version !== baseVersion) {
			const changedSince = await fieldsChangedSince(trx, 'borger', current.id, baseVersion);
			const clash = fields.filter((f) => changedSince.has(f));
			if (clash.length > 0) throw new StaleEditError(clash);
		}
		if ('caseManagerId' in patch)
			await assertCaseManagerInTeam(trx, current.team_id, patch.caseManagerId);

		const before: Record<string, unknown> = {};
		const after: Record<string, unknown> = {};
		const set: Record<string, unknown> = {};
		for (const f of fields) {
			const col = PATCH_COLUMNS[f];
			before[f] = current[col];
			after[f] = patch[f];
			set[col] = patch[f];
		}
		const changes = diff(before, after);
		if (changes.length === 0) return { version: current.version, changed: [] };
		const version = current.version + 1;
		await trx
			.updateTable('borger')
			.set({ ...set, version, updated_at: new Date() })
			.where('id', '=', current.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: current.team_id, borgerId: current.id, actorId, source },
			'borger',
			current.id,
			version,
			changes
		);
		return { version, changed: changes.map((c) => c.field) };
	});
}

export async function addRiskAssessment(
	db: Executor,
	access: BorgerAccess,
	actorId: string,
	input: {
		category: string;
		level: 'ingen' | 'lav' | 'moderat' | 'hoej';
		rationale: string;
		assessedOn?: string;
		reviewBy?: string;
	},
	source?: Source
): Promise<{ id: string }> {
	assertWritable(access.borger);
	assertSection(access, 'risiko');
	return withTx(db, async (trx) => {
		const categories = (await teamSettings(trx, access.borger.teamId)).riskCategories;
		if (!categories.some((c) => c.key === input.category)) {
			throw badRequest('Ukendt risikokategori.');
		}
		const prev = await trx
			.selectFrom('risk_assessment')
			.select('level')
			.where('borger_id', '=', access.borger.id)
			.where('category', '=', input.category)
			.orderBy('assessed_on', 'desc')
			.orderBy('created_at', 'desc')
			.executeTakeFirst();
		const row = await trx
			.insertInto('risk_assessment')
			.values({
				borger_id: access.borger.id,
				category: input.category,
				level: input.level,
				rationale: input.rationale,
				assessed_by: actorId,
				assessed_on: input.assessedOn ?? sql<string>`current_date`,
				review_by: input.reviewBy ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			'risk',
			row.id,
			null,
			[{ field: input.category, old: prev?.level ?? null, new: input.level }]
		);
		return row;
	});
}

export async function saveCrisisPlan(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	raw: unknown,
	source?: Source
): Promise<{ version: number }> {
	assertWritable(access.borger);
	assertSection(access, 'kriseplan');
	const data = parseOrThrow(crisisPlanData, raw);
	return db.transaction().execute(async (trx) => {
		const prev = await trx
			.selectFrom('crisis_plan')
			.selectAll()
			.where('borger_id', '=', access.borger.id)
			.orderBy('version', 'desc')
			.executeTakeFirst();
		const before = prev
			? {
					earlySigns: prev.early_signs,
					whatHelps: prev.what_helps,
					whatToAvoid: prev.what_to_avoid,
					contacts: prev.contacts,
					planB: prev.plan_b
				}
			: {};
		const changes = diff(before, data);
		if (prev && changes.length === 0) return { version: prev.version };
		const version = (prev?.version ?? 0) + 1;
		const now = new Date();
		await trx
			.insertInto('crisis_plan')
			.values({
				borger_id: access.borger.id,
				version,
				early_signs: data.earlySigns,
				what_helps: data.whatHelps,
				what_to_avoid: data.whatToAvoid,
				contacts: data.contacts,
				plan_b: data.planB,
				created_by: actorId,
				created_at: now
			})
			.execute();
		await trx
			.updateTable('borger')
			.set({ crisis_plan_updated_at: now })
			.where('id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			'kriseplan',
			null,
			version,
			changes
		);
		return { version };
	});
}

export async function changeScaling(
	db: Executor,
	access: BorgerAccess,
	actorId: string,
	input: { toLevel: string; reasonCategory?: string | null; reasonText: string },
	source?: Source
): Promise<{ direction: string }> {
	assertWritable(access.borger);
	assertSection(access, 'skalering');
	return withTx(db, async (trx) => {
		const levels = await teamLevels(trx, access.borger.teamId);
		if (!findLevel(input.toLevel, levels)) throw badRequest('Ukendt skaleringsniveau.');
		const current = await trx
			.selectFrom('borger')
			.select(['scaling_level', 'version'])
			.where('id', '=', access.borger.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (current.scaling_level === input.toLevel) {
			throw badRequest('Borgeren er allerede på dette niveau.');
		}
		const dir = direction(current.scaling_level, input.toLevel, levels);
		const now = new Date();
		await trx
			.insertInto('scaling_event')
			.values({
				borger_id: access.borger.id,
				from_level: current.scaling_level,
				to_level: input.toLevel,
				direction: dir,
				reason_category: input.reasonCategory ?? null,
				reason_text: input.reasonText,
				decided_by: actorId,
				decided_at: now
			})
			.execute();
		const version = current.version + 1;
		await trx
			.updateTable('borger')
			.set({
				scaling_level: input.toLevel,
				last_scaled_at: now,
				last_scaled_from: current.scaling_level,
				version,
				updated_at: now
			})
			.where('id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			'borger',
			access.borger.id,
			version,
			[{ field: 'scalingLevel', old: current.scaling_level, new: input.toLevel }]
		);
		return { direction: dir };
	});
}

export async function closeBorger(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	reason: string
): Promise<void> {
	assertWritable(access.borger);
	await db.transaction().execute(async (trx) => {
		const version = access.borger.version + 1;
		await trx
			.updateTable('borger')
			.set({ status: 'afsluttet', closed_at: new Date(), closed_reason: reason, version })
			.where('id', '=', access.borger.id)
			.execute();
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId },
			'borger',
			access.borger.id,
			version,
			[
				{ field: 'status', old: access.borger.status, new: 'afsluttet' },
				{ field: 'closedReason', old: null, new: reason }
			]
		);
	});
}

/** Secondary contacts: other members who know the borger, besides the case manager. */
export async function setSecondaryContacts(
	db: DB,
	access: BorgerAccess,
	actorId: string,
	membershipIds: string[],
	source?: Source
): Promise<void> {
	assertWritable(access.borger);
	assertSection(access, 'identitet');
	const wanted = [...new Set(membershipIds)];
	await db.transaction().execute(async (trx) => {
		if (wanted.length > 0) {
			const valid = await trx
				.selectFrom('membership')
				.select('id')
				.where('team_id', '=', access.borger.teamId)
				.where('deactivated_at', 'is', null)
				.where('id', 'in', wanted)
				.execute();
			if (valid.length !== wanted.length) {
				throw badRequest('Sekundære kontakter skal være aktive medlemmer af teamet.');
			}
		}
		const before = (
			await trx
				.selectFrom('borger_secondary_contact')
				.select('membership_id')
				.where('borger_id', '=', access.borger.id)
				.execute()
		)
			.map((r) => r.membership_id)
			.sort();
		const after = [...wanted].sort();
		if (JSON.stringify(before) === JSON.stringify(after)) return;
		await trx
			.deleteFrom('borger_secondary_contact')
			.where('borger_id', '=', access.borger.id)
			.execute();
		if (after.length > 0) {
			await trx
				.insertInto('borger_secondary_contact')
				.values(after.map((membership_id) => ({ borger_id: access.borger.id, membership_id })))
				.execute();
		}
		await recordChanges(
			trx,
			{ teamId: access.borger.teamId, borgerId: access.borger.id, actorId, source },
			'borger',
			access.borger.id,
			null,
			[{ field: 'secondaryContacts', old: before, new: after }]
		);
	});
}
