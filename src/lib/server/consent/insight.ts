import { SECTIONS } from '$lib/domain/sections';
import { actorKindLabel, givenHowLabel, legalBasisLabel } from '$lib/schemas/consent';
import { consentText } from '$lib/i18n/da';
import type { Executor } from '../db';
import type { BorgerAccess } from '../access/borger';
import { loadCaseSummary, renderCaseSummary } from '../borger/pdf';
import { listAccessLog } from '../accesslog/service';
import { loadRegistry } from './service';

const fmt = (d: Date) =>
	d.toLocaleString('da-DK', {
		timeZone: 'Europe/Copenhagen',
		dateStyle: 'short',
		timeStyle: 'short'
	});
const day = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '–');
const sectionLabel = (k: string) => SECTIONS.find((s) => s.key === k)?.label ?? k;

/** All access-log rows of one borger, oldest first (paged through the filter API). */
async function allAccess(db: Executor, teamId: string, borgerId: string) {
	const rows = [];
	let before: number | undefined;
	for (;;) {
		const page = await listAccessLog(db, teamId, { borgerId, before, limit: 500 });
		rows.push(...page);
		if (page.length < 500) break;
		before = page.at(-1)!.id;
	}
	return rows.reverse();
}

/**
 * The insight PDF: the full case summary, then consents, disclosures and the access log.
 */
export async function renderInsightPdf(
	db: Executor,
	access: BorgerAccess,
	opts: { teamName: string; generatedBy: string }
): Promise<Buffer> {
	const [summary, registry, log] = await Promise.all([
		loadCaseSummary(db, access),
		loadRegistry(db, access),
		allAccess(db, access.borger.teamId, access.borger.id)
	]);
	const a = consentText.accessLog;
	return renderCaseSummary({
		...summary,
		teamName: opts.teamName,
		generatedBy: opts.generatedBy,
		generatedAt: new Date(),
		appendix: [
			{
				heading: 'Samtykker',
				table: {
					cols: [
						{ header: 'Hvem', width: 120 },
						{ header: 'Oplysninger', width: 130 },
						{ header: 'Periode', width: 110 },
						{ header: 'Givet / status', width: 0 }
					],
					rows: registry.consents.map((c) => [
						`${c.actorLabel} (${actorKindLabel[c.actorKind]})`,
						c.categories ? c.categories.map(sectionLabel).join(', ') : 'Alle afsnit',
						`${day(c.validFrom)} – ${day(c.validUntil)}`,
						`${givenHowLabel[c.givenHow]}${c.witnessedBy ? `, bevidnet af ${c.witnessedBy}` : ''}${
							c.withdrawnAt ? `; trukket tilbage ${fmt(c.withdrawnAt)}` : ''
						}`
					])
				}
			},
			{
				heading: 'Videregivelse uden samtykke',
				table: {
					cols: [
						{ header: 'Dato', width: 60 },
						{ header: 'Modtager', width: 110 },
						{ header: 'Lovgrundlag', width: 130 },
						{ header: 'Begrundelse og beslutning', width: 0 }
					],
					rows: registry.disclosures.map((d) => [
						day(d.disclosedOn),
						d.recipientLabel,
						`${legalBasisLabel[d.basis]} (${d.legalReference})`,
						`${d.reason} Besluttet af ${d.decidedBy}.`
					])
				}
			},
			{
				heading: 'Hvem har haft adgang til oplysningerne',
				lines: [a.intro],
				table: {
					cols: [
						{ header: a.when, width: 80 },
						{ header: a.who, width: 110 },
						{ header: a.action, width: 50 },
						{ header: a.categories, width: 0 },
						{ header: a.basis, width: 90 }
					],
					rows: log.map((r) => [
						fmt(r.at),
						r.actorName + (r.actorKind === 'guest' ? ' (gæst)' : ''),
						a.actions[r.action],
						r.categories.map(sectionLabel).join(', ') || '–',
						r.basisKind ? a.basisKind[r.basisKind].split(' (')[0]! : '–'
					])
				}
			}
		]
	});
}
