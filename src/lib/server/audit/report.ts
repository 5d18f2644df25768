import type { FidelityScale } from '$lib/schemas/fidelity';
import { scoreScale, type ScaleScore } from '$lib/domain/fidelity/scoring';
import type { Executor } from '../db';
import { computeEvidence, type Evidence } from './evidence';
import { forbidden, notFound } from '../errors';
import { E, loadAudit, participants, listAudits } from './audits';
import { selfScores } from './self-evaluation';

/** The released report, the goals the team agreed on, and the evidence behind the scores. */

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
