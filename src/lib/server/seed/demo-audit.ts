/**
 * Demo audits (issue G): last year's released audit, so the year-over-year chart and the
 * team goals have something to show, and this year's round in progress with part of the
 * self-evaluation filled in and the demo auditor assigned as lead. Fictitious content.
 */
import type { Executor } from '../db';
import { toIsoDate } from '$lib/domain/scaling';
import { DEFAULT_SCALE } from '$lib/domain/fidelity/template';
import { itemKeys } from '$lib/domain/fidelity/io';
import { computeEvidence } from '../audit/evidence';

export interface DemoAuditContext {
	teamId: string;
	userIds: Record<string, string>;
	membershipIds: Record<string, string>;
}

const LEAD = 'lene@demo.tavla.test';
const CHAIR = 'birgitte@demo.tavla.test';
const AUDITOR = 'hanne@demo.tavla.test';

// Last year's agreed scores, item by item in template order: a team that holds its
// meetings well but is behind on crisis plans and shared plans.
const LAST_YEAR = [3, 2, 3, 4, 3, 4, 3, 3, 3, 2, 3, 3, 2, 3, 2, 3, 3, 3, 2];

export async function seedDemoAudits(
	db: Executor,
	ctx: DemoAuditContext,
	now = new Date()
): Promise<{ audits: number }> {
	const year = Number(toIsoDate(now).slice(0, 4));
	const keys = itemKeys(DEFAULT_SCALE);
	const lead = ctx.membershipIds[LEAD];
	const auditor = ctx.membershipIds[AUDITOR];
	if (!lead || !auditor) return { audits: 0 };
	const scale = JSON.stringify(DEFAULT_SCALE);

	// --- Last year: released -----------------------------------------------------------
	const prevPeriod = { from: `${year - 2}-12-01`, to: `${year - 1}-11-30` };
	const final = Object.fromEntries(keys.map((k, i) => [k, LAST_YEAR[i % LAST_YEAR.length]!]));
	const goals = [
		'Alle borgere på tavlen har en kriseplan, der er opdateret inden for et halvt år.',
		'Den fælles plan får konkrete delmål med opfølgningsdato for hver borger.'
	];
	const evidence = await computeEvidence(db, ctx.teamId, prevPeriod, { today: prevPeriod.to });
	const prev = await db
		.insertInto('audit')
		.values({
			team_id: ctx.teamId,
			year: year - 1,
			period_from: prevPeriod.from,
			period_to: prevPeriod.to,
			scale,
			status: 'frigivet',
			preliminary_feedback:
				'Et engageret team med en stærk mødekultur. Kriseplaner og fælles planer halter efter.',
			strengths:
				'Tavlemødet holdes hver uge med fast struktur, og begge sektorer deltager. Skalering besluttes i fællesskab.',
			recommendations:
				'Gør opdatering af kriseplaner til et fast punkt ved hver opskalering. Skriv delmål i borgerens egne ord med dato for opfølgning.',
			goals: JSON.stringify(goals),
			final_scores: JSON.stringify(final),
			evidence: JSON.stringify(evidence),
			released_at: new Date(`${year - 1}-12-15T12:00:00Z`),
			released_by: ctx.userIds[AUDITOR] ?? null,
			created_by: ctx.userIds[LEAD] ?? null,
			created_at: new Date(`${year - 1}-10-01T08:00:00Z`)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('audit_participant')
		.values([
			{ audit_id: prev.id, membership_id: lead, kind: 'selv' },
			{ audit_id: prev.id, membership_id: auditor, kind: 'auditor', is_lead: true }
		])
		.execute();
	await db
		.insertInto('audit_self_score')
		.values(
			keys.map((k, i) => ({
				audit_id: prev.id,
				item_key: k,
				// Teams tend to score themselves a little higher than the auditors do.
				score: Math.min(5, final[k]! + (i % 3 === 0 ? 1 : 0)),
				comment: '',
				evidence: '[]',
				updated_by: ctx.userIds[LEAD] ?? null
			}))
		)
		.execute();
	await db
		.insertInto('audit_auditor_score')
		.values(
			keys.map((k) => ({
				audit_id: prev.id,
				membership_id: auditor,
				item_key: k,
				score: final[k]!
			}))
		)
		.execute();
	await db
		.insertInto('audit_interview')
		.values([
			{
				audit_id: prev.id,
				grp: 'ledelse',
				planned_at: new Date(`${year - 1}-11-20T08:00:00Z`),
				participants: 'De to ledere',
				notes: 'Fælles opbakning, men tiden er presset i kommunen.',
				created_by: ctx.userIds[AUDITOR] ?? null
			},
			{
				audit_id: prev.id,
				grp: 'medarbejdere',
				planned_at: new Date(`${year - 1}-11-20T10:00:00Z`),
				participants: 'Fem medarbejdere fra begge sektorer',
				notes: 'Tavlemødet opleves som nyttigt og godt styret.',
				created_by: ctx.userIds[AUDITOR] ?? null
			}
		])
		.execute();
	await db
		.insertInto('team_goal')
		.values(goals.map((text) => ({ team_id: ctx.teamId, audit_id: prev.id, text })))
		.execute();

	// --- This year: self-evaluation under way --------------------------------------------
	const cur = await db
		.insertInto('audit')
		.values({
			team_id: ctx.teamId,
			year,
			period_from: `${year - 1}-12-01`,
			period_to: `${year}-11-30`,
			scale,
			created_by: ctx.userIds[LEAD] ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const chair = ctx.membershipIds[CHAIR];
	await db
		.insertInto('audit_participant')
		.values([
			{ audit_id: cur.id, membership_id: lead, kind: 'selv' },
			...(chair ? [{ audit_id: cur.id, membership_id: chair, kind: 'selv' as const }] : []),
			{ audit_id: cur.id, membership_id: auditor, kind: 'auditor', is_lead: true }
		])
		.execute();
	// The first focus area is done; the rest waits for the next sitting.
	const firstArea = DEFAULT_SCALE.sections[0]!.items.map((i) => i.key);
	await db
		.insertInto('audit_self_score')
		.values(
			firstArea.map((k) => ({
				audit_id: cur.id,
				item_key: k,
				score: 4,
				comment: 'Målgruppebeskrivelsen blev revideret i foråret.',
				evidence: '[]',
				updated_by: ctx.userIds[LEAD] ?? null
			}))
		)
		.execute();
	return { audits: 2 };
}
