/**
 * Audit rounds against a fidelity scale (issue G, DOMAIN.md §8): self-evaluation,
 * auditors, interviews, reconciliation, report and release.
 *
 * The role separation lives here, not in the pages: auditors' scores, interviews and the
 * report draft are only returned to assigned auditors until the lead auditor releases the
 * report; after release the audit is read-only for everyone.
 */
import type { z } from '$lib/zod';
import { auditText } from '$lib/i18n/da';
import { can, type TeamRole } from '$lib/domain/permissions';
import {
	INDICATOR_KEYS,
	fidelityScaleSchema,
	type FidelityScale,
	type IndicatorKey
} from '$lib/schemas/fidelity';
import type {
	createAuditInput,
	interviewInput,
	reportInput,
	saveScoreInput
} from '$lib/schemas/fidelity';
import { DEFAULT_SCALE } from '$lib/domain/fidelity/template';
import { parseScaleJson } from '$lib/domain/fidelity/io';
import {
	anchorRange,
	disagreements,
	median,
	progress,
	scoreScale,
	type ScaleScore,
	type ScoreMap
} from '$lib/domain/fidelity/scoring';
import { withTx, type Executor } from '../db';
import type { AuditStatus } from '../db/schema';
import { computeEvidence, type Evidence } from './evidence';
import { badRequest, conflict, forbidden, notFound } from '../errors';

const E = auditText.errors;

export interface Viewer {
	userId: string;
	membershipId: string;
	role: TeamRole;
}

async function loadAudit(db: Executor, teamId: string, auditId: string) {
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

async function participants(db: Executor, auditId: string) {
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

async function requireAuditor(db: Executor, audit: AuditRow, viewer: Viewer, lead = false) {
	const r = can(viewer.role, 'audit.score')
		? await auditorRole(db, audit.id, viewer.membershipId)
		: null;
	if (!r) throw forbidden(E.notAuditor);
	if (lead && !r.isLead) throw forbidden(E.notLead);
	return r;
}

function requireOpen(audit: AuditRow, ...allowed: AuditStatus[]) {
	if (audit.status === 'frigivet') throw conflict(E.released);
	if (!allowed.includes(audit.status)) throw conflict(E.wrongStatus);
}

function checkScore(scale: FidelityScale, itemKey: string, score: number | null) {
	const range = anchorRange(scale, itemKey);
	if (!range) throw badRequest(E.unknownItem);
	if (score !== null && (score < range[0] || score > range[1])) throw badRequest(E.scoreRange);
}

// ---------------------------------------------------------------------------------------
// List and create
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Overview and self-evaluation
// ---------------------------------------------------------------------------------------

async function selfScores(db: Executor, auditId: string) {
	const rows = await db
		.selectFrom('audit_self_score')
		.leftJoin('app_user', 'app_user.id', 'audit_self_score.updated_by')
		.select([
			'audit_self_score.item_key as itemKey',
			'audit_self_score.score',
			'audit_self_score.comment',
			'audit_self_score.evidence',
			'audit_self_score.updated_at as updatedAt',
			'app_user.name as updatedByName'
		])
		.where('audit_id', '=', auditId)
		.execute();
	// Stored keys are checked on the way out too: a scale may drop an indicator later.
	return rows.map((r) => ({
		...r,
		evidence: (Array.isArray(r.evidence) ? r.evidence : []).filter((k): k is IndicatorKey =>
			(INDICATOR_KEYS as readonly string[]).includes(k)
		)
	}));
}

export async function getAudit(db: Executor, teamId: string, auditId: string, viewer: Viewer) {
	const a = await loadAudit(db, teamId, auditId);
	const people = await participants(db, auditId);
	const self = await selfScores(db, auditId);
	const selfMap: ScoreMap = Object.fromEntries(self.map((s) => [s.itemKey, s.score]));
	const me = people.filter((p) => p.membershipId === viewer.membershipId);
	const isAuditor = can(viewer.role, 'audit.score') && me.some((p) => p.kind === 'auditor');
	const released = a.status === 'frigivet';
	return {
		id: a.id,
		year: a.year,
		status: a.status,
		periodFrom: a.period_from,
		periodTo: a.period_to,
		scale: a.scale,
		participants: people,
		selfScores: self,
		selfResult: scoreScale(a.scale, selfMap),
		selfProgress: progress(a.scale, selfMap),
		canSelfScore:
			a.status === 'selvevaluering' &&
			can(viewer.role, 'audit.selfevaluate') &&
			(viewer.role === 'teamleder' || me.some((p) => p.kind === 'selv')),
		canPrepare: can(viewer.role, 'audit.prepare') && !released,
		isAuditor,
		isLeadAuditor: isAuditor && me.some((p) => p.kind === 'auditor' && p.isLead),
		releasedAt: a.released_at
	};
}

export async function setSelfParticipants(
	db: Executor,
	teamId: string,
	auditId: string,
	viewer: Viewer,
	membershipIds: string[]
) {
	const a = await loadAudit(db, teamId, auditId);
	requireOpen(a, 'selvevaluering');
	const ids = [...new Set([viewer.membershipId, ...membershipIds])];
	const ok = await db
		.selectFrom('membership')
		.select(['id', 'role'])
		.where('team_id', '=', teamId)
		.where('id', 'in', ids)
		.where('deactivated_at', 'is', null)
		.execute();
	if (ok.length !== ids.length || ok.some((m) => !can(m.role, 'audit.selfevaluate'))) {
		throw badRequest(E.badMembers);
	}
	await withTx(db, async (trx) => {
		await trx
			.deleteFrom('audit_participant')
			.where('audit_id', '=', auditId)
			.where('kind', '=', 'selv')
			.execute();
		await trx
			.insertInto('audit_participant')
			.values(ids.map((id) => ({ audit_id: auditId, membership_id: id, kind: 'selv' as const })))
			.execute();
	});
	return { ok: true };
}

export async function saveSelfScore(
	db: Executor,
	teamId: string,
	viewer: Viewer,
	input: z.infer<typeof saveScoreInput>
) {
	const a = await loadAudit(db, teamId, input.auditId);
	requireOpen(a, 'selvevaluering');
	if (viewer.role !== 'teamleder') {
		const p = await db
			.selectFrom('audit_participant')
			.select('membership_id')
			.where('audit_id', '=', a.id)
			.where('membership_id', '=', viewer.membershipId)
			.where('kind', '=', 'selv')
			.executeTakeFirst();
		if (!p) throw forbidden(E.notParticipant);
	}
	checkScore(a.scale, input.itemKey, input.score);
	await db
		.insertInto('audit_self_score')
		.values({
			audit_id: a.id,
			item_key: input.itemKey,
			score: input.score,
			comment: input.comment,
			evidence: JSON.stringify(input.evidence),
			updated_by: viewer.userId
		})
		.onConflict((oc) =>
			oc.columns(['audit_id', 'item_key']).doUpdateSet({
				score: input.score,
				comment: input.comment,
				evidence: JSON.stringify(input.evidence),
				updated_by: viewer.userId,
				updated_at: new Date()
			})
		)
		.execute();
	return { ok: true };
}

/** The team lead sends the self-evaluation to the auditors; it is then frozen. */
export async function submitSelfEvaluation(db: Executor, teamId: string, auditId: string) {
	const a = await loadAudit(db, teamId, auditId);
	requireOpen(a, 'selvevaluering');
	await db
		.updateTable('audit')
		.set({ status: 'audit', updated_at: new Date() })
		.where('id', '=', a.id)
		.execute();
	return { ok: true };
}

export async function assignAuditors(
	db: Executor,
	teamId: string,
	auditId: string,
	membershipIds: string[],
	leadMembershipId: string
) {
	const a = await loadAudit(db, teamId, auditId);
	requireOpen(a, 'selvevaluering', 'audit');
	const ids = [...new Set(membershipIds)];
	if (!ids.includes(leadMembershipId)) throw badRequest(E.badMembers);
	const ok = await db
		.selectFrom('membership')
		.select(['id', 'role'])
		.where('team_id', '=', teamId)
		.where('id', 'in', ids)
		.where('deactivated_at', 'is', null)
		.execute();
	if (ok.length !== ids.length || ok.some((m) => !can(m.role, 'audit.score'))) {
		throw badRequest(E.badMembers);
	}
	await withTx(db, async (trx) => {
		await trx
			.deleteFrom('audit_participant')
			.where('audit_id', '=', auditId)
			.where('kind', '=', 'auditor')
			.execute();
		await trx
			.insertInto('audit_participant')
			.values(
				ids.map((id) => ({
					audit_id: auditId,
					membership_id: id,
					kind: 'auditor' as const,
					is_lead: id === leadMembershipId
				}))
			)
			.execute();
	});
	return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Auditor work
// ---------------------------------------------------------------------------------------

export async function auditorWorkspace(
	db: Executor,
	teamId: string,
	auditId: string,
	viewer: Viewer
) {
	const a = await loadAudit(db, teamId, auditId);
	const me = await requireAuditor(db, a, viewer);
	const people = await participants(db, auditId);
	const auditors = people.filter((p) => p.kind === 'auditor');
	const scores = await db
		.selectFrom('audit_auditor_score')
		.select(['membership_id', 'item_key', 'score', 'comment'])
		.where('audit_id', '=', auditId)
		.execute();
	const byAuditor: Record<string, Record<string, number | null>> = {};
	for (const au of auditors) byAuditor[au.membershipId] = {};
	for (const s of scores) (byAuditor[s.membership_id] ??= {})[s.item_key] = s.score;
	const interviews = await db
		.selectFrom('audit_interview')
		.select(['id', 'grp', 'planned_at', 'participants', 'notes'])
		.where('audit_id', '=', auditId)
		.orderBy('planned_at')
		.execute();
	const self = await selfScores(db, auditId);
	return {
		isLead: me.isLead,
		status: a.status,
		auditors,
		myScores: scores
			.filter((s) => s.membership_id === viewer.membershipId)
			.map((s) => ({ itemKey: s.item_key, score: s.score, comment: s.comment })),
		byAuditor,
		disagreements: disagreements(a.scale, byAuditor),
		selfScores: self,
		interviews: interviews.map((i) => ({
			id: i.id,
			group: i.grp,
			plannedAt: i.planned_at,
			participants: i.participants,
			notes: i.notes
		})),
		draft: {
			preliminaryFeedback: a.preliminary_feedback,
			strengths: a.strengths,
			recommendations: a.recommendations,
			goals: a.goals ?? [],
			finalScores: a.final_scores ?? {}
		},
		draftResult: scoreScale(a.scale, mergedFinal(a.scale, a.final_scores ?? {}, byAuditor))
	};
}

/** Agreed score per item; where the auditors have not agreed one, the median of theirs. */
function mergedFinal(
	scale: FidelityScale,
	finalScores: Record<string, number | null>,
	byAuditor: Record<string, ScoreMap>
): Record<string, number | null> {
	const out: Record<string, number | null> = {};
	for (const s of scale.sections) {
		for (const i of s.items) {
			if (i.key in finalScores) out[i.key] = finalScores[i.key] ?? null;
			else {
				const vals = Object.values(byAuditor)
					.map((m) => m[i.key])
					.filter((v): v is number => typeof v === 'number');
				out[i.key] = median(vals);
			}
		}
	}
	return out;
}

export async function saveAuditorScore(
	db: Executor,
	teamId: string,
	viewer: Viewer,
	input: z.infer<typeof saveScoreInput>
) {
	const a = await loadAudit(db, teamId, input.auditId);
	requireOpen(a, 'selvevaluering', 'audit');
	await requireAuditor(db, a, viewer);
	checkScore(a.scale, input.itemKey, input.score);
	await db
		.insertInto('audit_auditor_score')
		.values({
			audit_id: a.id,
			membership_id: viewer.membershipId,
			item_key: input.itemKey,
			score: input.score,
			comment: input.comment
		})
		.onConflict((oc) =>
			oc.columns(['audit_id', 'membership_id', 'item_key']).doUpdateSet({
				score: input.score,
				comment: input.comment,
				updated_at: new Date()
			})
		)
		.execute();
	return { ok: true };
}

export async function saveInterview(
	db: Executor,
	teamId: string,
	viewer: Viewer,
	input: z.infer<typeof interviewInput>
) {
	const a = await loadAudit(db, teamId, input.auditId);
	requireOpen(a, 'selvevaluering', 'audit');
	await requireAuditor(db, a, viewer);
	const values = {
		grp: input.group,
		planned_at: input.plannedAt ?? null,
		participants: input.participants,
		notes: input.notes
	};
	if (input.interviewId) {
		const r = await db
			.updateTable('audit_interview')
			.set({ ...values, updated_at: new Date() })
			.where('id', '=', input.interviewId)
			.where('audit_id', '=', a.id)
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) === 0) throw notFound();
		return { id: input.interviewId };
	}
	const row = await db
		.insertInto('audit_interview')
		.values({ ...values, audit_id: a.id, created_by: viewer.userId })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id };
}

export async function saveReport(
	db: Executor,
	teamId: string,
	viewer: Viewer,
	input: z.infer<typeof reportInput>
) {
	const a = await loadAudit(db, teamId, input.auditId);
	requireOpen(a, 'selvevaluering', 'audit');
	await requireAuditor(db, a, viewer, true);
	for (const [k, v] of Object.entries(input.finalScores)) checkScore(a.scale, k, v);
	await db
		.updateTable('audit')
		.set({
			preliminary_feedback: input.preliminaryFeedback,
			strengths: input.strengths,
			recommendations: input.recommendations,
			goals: JSON.stringify(input.goals),
			final_scores: JSON.stringify(input.finalScores),
			updated_at: new Date()
		})
		.where('id', '=', a.id)
		.execute();
	return { ok: true };
}

/**
 * The lead auditor releases the report: agreed scores are fixed (median of the auditors
 * where none was agreed), the evidence is frozen as it was on release, the development
 * goals become tracked team goals, and the audit is read-only from then on.
 */
export async function releaseReport(db: Executor, teamId: string, auditId: string, viewer: Viewer) {
	return withTx(db, async (trx) => {
		const a = await loadAudit(trx, teamId, auditId);
		requireOpen(a, 'audit');
		await requireAuditor(trx, a, viewer, true);
		const scores = await trx
			.selectFrom('audit_auditor_score')
			.select(['membership_id', 'item_key', 'score'])
			.where('audit_id', '=', auditId)
			.execute();
		const byAuditor: Record<string, Record<string, number | null>> = {};
		for (const s of scores) (byAuditor[s.membership_id] ??= {})[s.item_key] = s.score;
		const final = mergedFinal(a.scale, a.final_scores ?? {}, byAuditor);
		const evidence = await computeEvidence(trx, teamId, { from: a.period_from, to: a.period_to });
		await trx
			.updateTable('audit')
			.set({
				status: 'frigivet',
				final_scores: JSON.stringify(final),
				evidence: JSON.stringify(evidence),
				released_at: new Date(),
				released_by: viewer.userId,
				updated_at: new Date()
			})
			.where('id', '=', a.id)
			.execute();
		const goals = a.goals ?? [];
		if (goals.length) {
			await trx
				.insertInto('team_goal')
				.values(goals.map((g) => ({ team_id: teamId, audit_id: a.id, text: g })))
				.execute();
		}
		return { ok: true };
	});
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

export interface AuditReport {
	id: string;
	teamName: string;
	year: number;
	periodFrom: string;
	periodTo: string;
	releasedAt: Date;
	scale: FidelityScale;
	result: ScaleScore;
	selfResult: ScaleScore;
	finalScores: Record<string, number | null>;
	preliminaryFeedback: string;
	strengths: string;
	recommendations: string;
	goals: string[];
	auditors: { name: string; isLead: boolean }[];
	evidence: Evidence | null;
	history: { year: number; overall: number | null; sections: Record<string, number | null> }[];
}

export async function loadReport(
	db: Executor,
	teamId: string,
	auditId: string
): Promise<AuditReport> {
	const a = await loadAudit(db, teamId, auditId);
	if (a.status !== 'frigivet' || !a.released_at) throw forbidden(E.notReleased);
	const team = await db
		.selectFrom('team')
		.select('name')
		.where('id', '=', teamId)
		.executeTakeFirstOrThrow();
	const people = await participants(db, auditId);
	const self = await selfScores(db, auditId);
	const finalScores = a.final_scores ?? {};
	const history = (await listAudits(db, teamId))
		.filter((h) => h.result && h.year <= a.year)
		.sort((x, y) => x.year - y.year)
		.map((h) => ({
			year: h.year,
			overall: h.result!.overall,
			sections: Object.fromEntries(h.result!.sections.map((s) => [s.key, s.score]))
		}));
	return {
		id: a.id,
		teamName: team.name,
		year: a.year,
		periodFrom: a.period_from,
		periodTo: a.period_to,
		releasedAt: a.released_at,
		scale: a.scale,
		result: scoreScale(a.scale, finalScores),
		selfResult: scoreScale(a.scale, Object.fromEntries(self.map((s) => [s.itemKey, s.score]))),
		finalScores,
		preliminaryFeedback: a.preliminary_feedback,
		strengths: a.strengths,
		recommendations: a.recommendations,
		goals: a.goals ?? [],
		auditors: people
			.filter((p) => p.kind === 'auditor')
			.map((p) => ({ name: p.name, isLead: p.isLead })),
		evidence: (a.evidence as Evidence | null) ?? null,
		history
	};
}

export async function teamGoals(db: Executor, teamId: string) {
	return db
		.selectFrom('team_goal')
		.leftJoin('audit', 'audit.id', 'team_goal.audit_id')
		.select(['team_goal.id', 'team_goal.text', 'team_goal.status', 'audit.year'])
		.where('team_goal.team_id', '=', teamId)
		.orderBy('team_goal.created_at', 'desc')
		.execute();
}

/** The team lead follows up on last year's development goals. */
export async function setGoalStatus(
	db: Executor,
	teamId: string,
	goalId: string,
	status: 'aktiv' | 'naaet' | 'opgivet'
) {
	const r = await db
		.updateTable('team_goal')
		.set({ status })
		.where('id', '=', goalId)
		.where('team_id', '=', teamId)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) === 0) throw notFound();
	return { ok: true };
}

export async function auditEvidence(db: Executor, teamId: string, auditId: string) {
	const a = await loadAudit(db, teamId, auditId);
	// A released audit shows the evidence as it was on release.
	if (a.status === 'frigivet' && a.evidence) return a.evidence as Evidence;
	return computeEvidence(db, teamId, { from: a.period_from, to: a.period_to });
}

export type { IndicatorKey };
