import { sql } from 'kysely';
import { isSectionKey, type SectionKey } from '$lib/domain/sections';
import type { ItemKind } from '$lib/schemas/borger';
import { ITEM_SECTION } from '$lib/schemas/borger';
import type { Executor } from '../db';
import type { BorgerAccess } from '../access/borger';
import type { ConsentState } from '$lib/domain/consent';

/** A full borger record as one viewer may see it: sections outside their scope are absent. */

export interface RecordItem {
	id: string;
	kind: ItemKind;
	parentId: string | null;
	data: Record<string, unknown>;
	version: number;
	updatedAt: Date;
}

export interface BorgerRecord {
	id: string;
	teamId: string;
	name: string;
	initials: string;
	birthYear: number | null;
	hasCpr: boolean;
	caseManagerId: string | null;
	caseManagerName: string | null;
	secondaryContactIds: string[];
	startDate: string;
	status: 'henvist' | 'venter' | 'aktiv' | 'afsluttet';
	scalingLevel: string;
	lastScaledAt: Date | null;
	lastScaledFrom: string | null;
	lastDiscussedOn: string | null;
	staffSafety: string | null;
	closedAt: Date | null;
	closedReason: string | null;
	version: number;
	sections: SectionKey[];
	/** The team's consent state (issue E), for the flag on the record. */
	consent: { state: ConsentState; until: string | null };
	items: RecordItem[];
	notes: Partial<Record<SectionKey, { body: string; updatedAt: Date; updatedBy: string | null }>>;
	risks: {
		id: string;
		category: string;
		level: 'ingen' | 'lav' | 'moderat' | 'hoej';
		rationale: string;
		assessedOn: string;
		reviewBy: string | null;
		assessedBy: string | null;
	}[];
	crisisPlan: {
		version: number;
		earlySigns: string;
		whatHelps: string;
		whatToAvoid: string;
		contacts: string;
		planB: string;
		createdAt: Date;
		createdBy: string | null;
	} | null;
	scalingEvents: {
		id: string;
		fromLevel: string | null;
		toLevel: string;
		direction: string;
		reasonCategory: string | null;
		reasonText: string;
		decidedAt: Date;
		decidedBy: string | null;
	}[];
}

export async function loadBorgerRecord(db: Executor, access: BorgerAccess): Promise<BorgerRecord> {
	const id = access.borger.id;
	const can = (s: SectionKey) => access.sections.has(s);
	// Five independent queries, each O(1) in count, whatever the record holds.
	const [b, secondary, items, notes, risks, plan, events] = await Promise.all([
		db
			.selectFrom('borger as b')
			.leftJoin('membership as m', 'm.id', 'b.case_manager_id')
			.leftJoin('app_user as u', 'u.id', 'm.user_id')
			.selectAll('b')
			.select('u.name as case_manager_name')
			.where('b.id', '=', id)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('borger_secondary_contact')
			.select('membership_id')
			.where('borger_id', '=', id)
			.execute(),
		db
			.selectFrom('borger_item')
			.select(['id', 'kind', 'parent_id', 'data', 'version', 'updated_at'])
			.where('borger_id', '=', id)
			.where('deleted_at', 'is', null)
			.orderBy('kind')
			.orderBy('position')
			.execute(),
		db
			.selectFrom('section_note as n')
			.leftJoin('app_user as u', 'u.id', 'n.updated_by')
			.select(['n.section', 'n.body', 'n.updated_at', 'u.name'])
			.where('n.borger_id', '=', id)
			.execute(),
		can('risiko')
			? db
					.selectFrom('risk_assessment as r')
					.leftJoin('app_user as u', 'u.id', 'r.assessed_by')
					.select([
						'r.id',
						'r.category',
						'r.level',
						'r.rationale',
						'r.assessed_on',
						'r.review_by',
						'u.name'
					])
					.where('r.borger_id', '=', id)
					.orderBy('r.assessed_on', 'desc')
					.orderBy('r.created_at', 'desc')
					.execute()
			: Promise.resolve([]),
		can('kriseplan')
			? db
					.selectFrom('crisis_plan as c')
					.leftJoin('app_user as u', 'u.id', 'c.created_by')
					.selectAll('c')
					.select('u.name')
					.where('c.borger_id', '=', id)
					.orderBy('c.version', 'desc')
					.limit(1)
					.executeTakeFirst()
			: Promise.resolve(undefined),
		can('skalering')
			? db
					.selectFrom('scaling_event as e')
					.leftJoin('app_user as u', 'u.id', 'e.decided_by')
					.select([
						'e.id',
						'e.from_level',
						'e.to_level',
						'e.direction',
						'e.reason_category',
						'e.reason_text',
						'e.decided_at',
						'u.name'
					])
					.where('e.borger_id', '=', id)
					.orderBy('e.decided_at', 'desc')
					.execute()
			: Promise.resolve([])
	]);

	return {
		id: b.id,
		teamId: b.team_id,
		name: b.name,
		initials: b.initials,
		birthYear: b.birth_year,
		hasCpr: b.cpr !== null,
		caseManagerId: b.case_manager_id,
		caseManagerName: b.case_manager_name,
		secondaryContactIds: secondary.map((s) => s.membership_id),
		startDate: b.start_date,
		status: b.status,
		scalingLevel: b.scaling_level,
		lastScaledAt: b.last_scaled_at,
		lastScaledFrom: b.last_scaled_from,
		lastDiscussedOn: b.last_discussed_on,
		staffSafety: b.staff_safety,
		closedAt: b.closed_at,
		closedReason: b.closed_reason,
		version: b.version,
		sections: [...access.sections],
		consent: { state: access.scope.state, until: access.scope.until },
		items: items
			.filter((i) => can(ITEM_SECTION[i.kind as ItemKind]))
			.map((i) => ({
				id: i.id,
				kind: i.kind as ItemKind,
				parentId: i.parent_id,
				data: i.data,
				version: i.version,
				updatedAt: i.updated_at
			})),
		notes: Object.fromEntries(
			notes
				.filter((n) => can(n.section as SectionKey))
				.map((n) => [n.section, { body: n.body, updatedAt: n.updated_at, updatedBy: n.name }])
		),
		risks: risks.map((r) => ({
			id: r.id,
			category: r.category,
			level: r.level,
			rationale: r.rationale,
			assessedOn: r.assessed_on,
			reviewBy: r.review_by,
			assessedBy: r.name
		})),
		crisisPlan: plan
			? {
					version: plan.version,
					earlySigns: plan.early_signs,
					whatHelps: plan.what_helps,
					whatToAvoid: plan.what_to_avoid,
					contacts: plan.contacts,
					planB: plan.plan_b,
					createdAt: plan.created_at,
					createdBy: plan.name
				}
			: null,
		scalingEvents: events.map((e) => ({
			id: e.id,
			fromLevel: e.from_level,
			toLevel: e.to_level,
			direction: e.direction,
			reasonCategory: e.reason_category,
			reasonText: e.reason_text,
			decidedAt: e.decided_at,
			decidedBy: e.name
		}))
	};
}

export interface HistoryEntry {
	id: string;
	entity: string;
	entityId: string | null;
	field: string;
	oldValue: unknown;
	newValue: unknown;
	actor: string | null;
	source: string;
	at: Date;
}

/** The change history of one borger, newest first, optionally for one field or entity. */
export async function loadHistory(
	db: Executor,
	borgerId: string,
	filter: {
		entity?: string;
		entityId?: string;
		field?: string;
		limit?: number;
		/** Only history of these sections (the viewer's consent scope). */
		sections?: ReadonlySet<SectionKey>;
	} = {}
): Promise<HistoryEntry[]> {
	let q = db
		.selectFrom('change_log as c')
		.leftJoin('app_user as u', 'u.id', 'c.actor_id')
		.select([
			sql<string>`c.id::text`.as('id'),
			'c.entity',
			'c.entity_id',
			'c.field',
			'c.old_value',
			'c.new_value',
			'u.name',
			'c.source',
			'c.at'
		])
		.where('c.borger_id', '=', borgerId);
	if (filter.entity) q = q.where('c.entity', '=', filter.entity);
	if (filter.entityId) q = q.where('c.entity_id', '=', filter.entityId);
	if (filter.field) q = q.where('c.field', '=', filter.field);
	const rows = await q
		.orderBy('c.at', 'desc')
		.orderBy('c.id', 'desc')
		.limit(filter.limit ?? 500)
		.execute();
	const visible = filter.sections;
	return rows
		.filter((r) => !visible || visible.has(historySection(r.entity, r.field)))
		.map((r) => ({
			id: r.id,
			entity: r.entity,
			entityId: r.entity_id,
			field: r.field,
			oldValue: r.old_value,
			newValue: r.new_value,
			actor: r.name,
			source: r.source,
			at: r.at
		}));
}

/**
 * The section a history row belongs to, so history is scoped like the record. Unknown
 * entities count as identity only when they are about the borger row itself; anything
 * else new is treated as the most restricted ('risiko') until mapped here.
 */
export function historySection(entity: string, field: string): SectionKey {
	if (entity.startsWith('item:')) {
		const kind = entity.slice(5) as ItemKind;
		return ITEM_SECTION[kind] ?? 'risiko';
	}
	switch (entity) {
		case 'borger':
			if (field === 'scalingLevel') return 'skalering';
			if (field === 'staffSafety') return 'risiko';
			return 'identitet';
		case 'note':
			return isSectionKey(field) ? field : 'risiko';
		case 'risk':
			return 'risiko';
		case 'kriseplan':
			return 'kriseplan';
		case 'decision':
			return 'aftaler';
		case 'consent':
			return 'identitet';
		default:
			return 'risiko';
	}
}
