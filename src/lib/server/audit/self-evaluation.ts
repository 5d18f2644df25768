import type { z } from '$lib/zod';
import { can } from '$lib/domain/permissions';
import { INDICATOR_KEYS, type IndicatorKey, type saveScoreInput } from '$lib/schemas/fidelity';
import { progress, scoreScale, type ScoreMap } from '$lib/domain/fidelity/scoring';
import { withTx, type Executor } from '../db';
import { badRequest, forbidden } from '../errors';
import { E, loadAudit, participants, requireOpen, checkScore, type Viewer } from './audits';

/** The team's side of an audit: the overview, the self-evaluation and choosing the auditors. */

export async function selfScores(db: Executor, auditId: string) {
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
