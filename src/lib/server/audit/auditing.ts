import type { z } from '$lib/zod';
import type {
	FidelityScale,
	interviewInput,
	reportInput,
	saveScoreInput
} from '$lib/schemas/fidelity';
import { disagreements, median, scoreScale, type ScoreMap } from '$lib/domain/fidelity/scoring';
import { withTx, type Executor } from '../db';
import { computeEvidence } from './evidence';
import { notFound } from '../errors';
import {
	loadAudit,
	participants,
	requireAuditor,
	requireOpen,
	checkScore,
	type Viewer
} from './audits';
import { selfScores } from './self-evaluation';

/**
 * The auditors' side: each auditor's own scores, interviews, the reconciled final score,
 * the report draft and its release. Nothing here reaches the team before the release.
 */

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
