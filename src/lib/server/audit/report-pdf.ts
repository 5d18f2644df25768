import PDFDocument from 'pdfkit';
import { PDF_COLOURS, pdfText } from '../pdf-text';
import { formatDate } from '$lib/format';
import { auditText } from '$lib/i18n/da';
import { INDICATOR_KEYS } from '$lib/schemas/fidelity';
import { formatIndicator, formatScore } from '$lib/domain/fidelity/format';
import type { AuditReport } from './report';

/**
 * The released audit report as PDF: overall and per-section scores with the
 * certification level, strengths, recommendations, next year's goals, earlier years and
 * the evidence appendix. Only released reports reach this function (loadReport refuses
 * the rest), so it never prints scores the team may not see yet.
 */
export function renderAuditReport(report: AuditReport, generatedBy: string): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		bufferPages: true,
		info: { Title: `Auditrapport ${report.year} · ${report.teamName}` }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);

	const { h, p } = pdfText(doc);

	const r = report.result;
	doc
		.font('Helvetica-Bold')
		.fontSize(9)
		.fillColor(PDF_COLOURS.heading)
		.text(`Tavla · Auditrapport · ${report.teamName}`);
	doc
		.moveDown(0.3)
		.font('Helvetica-Bold')
		.fontSize(18)
		.fillColor(PDF_COLOURS.text)
		.text(`Fidelitetsaudit ${report.year}`);
	p(
		`Periode ${formatDate(report.periodFrom)} – ${formatDate(report.periodTo)} · Frigivet ${formatDate(report.releasedAt)}`,
		{ muted: true }
	);
	p(`Skala: ${report.scale.name}, version ${report.scale.version}`, { muted: true });
	if (report.auditors.length) {
		p(
			`Auditorer: ${report.auditors.map((a) => (a.isLead ? `${a.name} (ledende)` : a.name)).join(', ')}`,
			{
				muted: true
			}
		);
	}

	h('Samlet resultat');
	p(`Samlet score: ${formatScore(r.overall)} · Niveau: ${r.level?.label ?? 'Ikke vurderet'}`, {
		bold: true
	});
	p(
		`${auditText.dimension.kvalitet}: ${formatScore(r.dimensions.kvalitet)} · ${auditText.dimension.organisering}: ${formatScore(r.dimensions.organisering)}`
	);
	p(`Teamets selvevaluering: ${formatScore(report.selfResult.overall)}`, { muted: true });

	h('Score pr. fokusområde');
	for (const s of r.sections) {
		const self = report.selfResult.sections.find((x) => x.key === s.key)?.score ?? null;
		p(`${s.title}: ${formatScore(s.score)} (selvevaluering ${formatScore(self)})`);
	}

	if (report.history.length > 1) {
		h('Sammenligning med tidligere år');
		for (const y of report.history) p(`${y.year}: ${formatScore(y.overall)}`);
	}

	if (report.preliminaryFeedback) {
		h('Foreløbig tilbagemelding');
		p(report.preliminaryFeedback);
	}
	h('Styrker');
	p(report.strengths || 'Ikke udfyldt.', { muted: !report.strengths });
	h('Anbefalinger');
	p(report.recommendations || 'Ikke udfyldt.', { muted: !report.recommendations });
	h('Udviklingsmål for det kommende år');
	if (report.goals.length) for (const g of report.goals) p(`• ${g}`);
	else p('Ingen mål aftalt.', { muted: true });

	h('Score pr. punkt');
	for (const s of report.scale.sections) {
		doc.moveDown(0.3);
		p(s.title, { bold: true });
		for (const i of s.items) p(`${formatScore(report.finalScores[i.key] ?? null)}  ${i.text}`);
	}

	h('Bilag: evidens fra Tavla');
	if (report.evidence) {
		for (const k of INDICATOR_KEYS) {
			const e = report.evidence[k];
			if (e) p(`${auditText.indicator[k]}: ${formatIndicator(e)}`);
		}
		p('Tallene er beregnet ud fra tavlens data for perioden, som de var ved frigivelsen.', {
			muted: true
		});
	} else p('Ingen evidens gemt.', { muted: true });

	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		doc
			.font('Helvetica')
			.fontSize(8)
			.fillColor(PDF_COLOURS.muted)
			.text(
				`Udskrevet af ${generatedBy} · Side ${i + 1} af ${range.count}`,
				50,
				doc.page.height - 40,
				{
					width: doc.page.width - 100,
					align: 'center',
					lineBreak: false
				}
			);
	}
	doc.end();
	return done;
}
