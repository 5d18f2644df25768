import type { z } from '$lib/zod';
import { auditText } from '$lib/i18n/da';
import { can, type TeamRole } from '$lib/domain/permissions';
import {
	fidelityScaleSchema,
	type FidelityScale,
	type createAuditInput
} from '$lib/schemas/fidelity';
import { DEFAULT_SCALE } from '$lib/domain/fidelity/template';
import { parseScaleJson } from '$lib/domain/fidelity/io';
import { anchorRange, scoreScale, type ScaleScore } from '$lib/domain/fidelity/scoring';
import { withTx, type Executor } from '../db';
import type { AuditStatus } from '../db/schema';
import { badRequest, conflict, forbidden, notFound } from '../errors';

/**
 * Audit rounds against a fidelity scale: self-evaluation, auditors, interviews,
 * reconciliation, report and release.
 *
 * The role separation lives here, not in the pages: auditors' scores, interviews and the
 * report draft are only returned to assigned auditors until the lead auditor releases the
 * report; after release the audit is read-only for everyone. This module holds the checks
 * every step shares, the list of audits and creating one.
 */

export const E = auditText.errors;

export interface Viewer {
	userId: string;
	membershipId: string;
	role: TeamRole;
}

export async function loadAudit(db: Executor, teamId: string, auditId: string) {
	const a = await db
		.selectFrom('audit')
		.selectAll()
		.where('id', '=', auditId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (!a) throw notFound(E.notFound);
	return { ...a, scale: fidelityScaleSchema.parse(a.scale) as FidelityScale };
}

type AuditRow = Awaited<ReturnType<typeof loadAudit>>;

export async function participants(db: Executor, auditId: string) {
	return db
		.selectFrom('audit_participant')
		.innerJoin('membership', 'membership.id', 'audit_participant.membership_id')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.select([
			'audit_participant.membership_id as membershipId',
			'audit_participant.kind',
			'audit_participant.is_lead as isLead',
			'app_user.name',
			'app_user.initials'
		])
		.where('audit_participant.audit_id', '=', auditId)
		.orderBy('app_user.name')
		.execute();
}

async function auditorRole(db: Executor, auditId: string, membershipId: string) {
	const p = await db
		.selectFrom('audit_participant')
		.select('is_lead')
		.where('audit_id', '=', auditId)
		.where('membership_id', '=', membershipId)
		.where('kind', '=', 'auditor')
		.executeTakeFirst();
	return p ? { isLead: p.is_lead } : null;
}

export async function requireAuditor(db: Executor, audit: AuditRow, viewer: Viewer, lead = false) {
	const r = can(viewer.role, 'audit.score')
		? await auditorRole(db, audit.id, viewer.membershipId)
		: null;
	if (!r) throw forbidden(E.notAuditor);
	if (lead && !r.isLead) throw forbidden(E.notLead);
	return r;
}

export function requireOpen(audit: AuditRow, ...allowed: AuditStatus[]) {
	if (audit.status === 'frigivet') throw conflict(E.released);
	if (!allowed.includes(audit.status)) throw conflict(E.wrongStatus);
}

export function checkScore(scale: FidelityScale, itemKey: string, score: number | null) {
	const range = anchorRange(scale, itemKey);
	if (!range) throw badRequest(E.unknownItem);
	if (score !== null && (score < range[0] || score > range[1])) throw badRequest(E.scoreRange);
}

export interface AuditSummary {
	id: string;
	year: number;
	status: AuditStatus;
	periodFrom: string;
	periodTo: string;
	releasedAt: Date | null;
	/** Only for released audits: the team must not see scores before release. */
	result: ScaleScore | null;
}

export async function listAudits(db: Executor, teamId: string): Promise<AuditSummary[]> {
	const rows = await db
		.selectFrom('audit')
		.select([
			'id',
			'year',
			'status',
			'period_from',
			'period_to',
			'released_at',
			'scale',
			'final_scores'
		])
		.where('team_id', '=', teamId)
		.orderBy('year', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		year: r.year,
		status: r.status,
		periodFrom: r.period_from,
		periodTo: r.period_to,
		releasedAt: r.released_at,
		result:
			r.status === 'frigivet'
				? scoreScale(fidelityScaleSchema.parse(r.scale), r.final_scores ?? {})
				: null
	}));
}

export async function createAudit(
	db: Executor,
	teamId: string,
	viewer: Viewer,
	input: z.infer<typeof createAuditInput>
): Promise<{ id: string }> {
	if (input.periodTo < input.periodFrom) throw badRequest(E.period);
	let scale: FidelityScale = DEFAULT_SCALE;
	if (input.scaleJson) {
		const r = parseScaleJson(input.scaleJson);
		if (!r.ok) throw badRequest(`${E.badScale}: ${r.errors.slice(0, 3).join(' · ')}`);
		scale = r.scale;
	}
	return withTx(db, async (trx) => {
		const exists = await trx
			.selectFrom('audit')
			.select('id')
			.where('team_id', '=', teamId)
			.where('year', '=', input.year)
			.executeTakeFirst();
		if (exists) throw conflict(E.yearExists);
		if (input.scaleJson) {
			// Keep imported scales so the next audit can reuse the same version.
			await trx
				.insertInto('fidelity_scale')
				.values({
					team_id: teamId,
					key: scale.key,
					version: scale.version,
					name: scale.name,
					definition: JSON.stringify(scale),
					created_by: viewer.userId
				})
				.onConflict((oc) => oc.columns(['team_id', 'key', 'version']).doNothing())
				.execute();
		}
		const row = await trx
			.insertInto('audit')
			.values({
				team_id: teamId,
				year: input.year,
				period_from: input.periodFrom,
				period_to: input.periodTo,
				scale: JSON.stringify(scale),
				created_by: viewer.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		// The team lead who creates it scores the self-evaluation too.
		await trx
			.insertInto('audit_participant')
			.values({ audit_id: row.id, membership_id: viewer.membershipId, kind: 'selv' })
			.execute();
		return { id: row.id };
	});
}
