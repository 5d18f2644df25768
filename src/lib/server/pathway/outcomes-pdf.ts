import PDFDocument from 'pdfkit';
import { DISCHARGE_REASON_LABELS, type DischargeReason } from '$lib/domain/pathway';
import type { Outcomes } from '$lib/domain/outcomes';

/**
 * The outcomes dashboard as a PDF for a steering group: the same figures as the page,
 * each chart drawn from the data with pdfkit's vector primitives (bars and axes; no
 * raster screenshots), with a table of the figures under it. Aggregated only: no names.
 */

type Doc = PDFKit.PDFDocument;

export interface OutcomesPdfInput {
	outcomes: Outcomes;
	levels: { key: string; label: string; tone: string }[];
	teamName: string;
	period: string;
	generatedBy: string;
	generatedAt: Date;
}

const TONE_COLOR: Record<string, string> = {
	critical: '#b91c1c',
	warning: '#d97706',
	ok: '#15803d',
	neutral: '#6b7280'
};
const PRIMARY = '#1e3a5f';
const ACCENT = '#0f766e';
const TEXT = '#1f2937';
const MUTED = '#6b7280';

interface Series {
	name: string;
	color: string;
	values: number[];
}

/** A bar chart: stacked series, or grouped side by side. Labels are thinned to fit. */
function barChart(
	doc: Doc,
	labels: string[],
	series: Series[],
	opts: { stacked: boolean; height?: number }
) {
	const height = opts.height ?? 140;
	const left = doc.page.margins.left + 28;
	const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - 28;
	if (doc.y + height + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
	const top = doc.y + 6;
	const bottom = top + height;
	const totals = labels.map((_, i) =>
		opts.stacked
			? series.reduce((a, s) => a + (s.values[i] ?? 0), 0)
			: Math.max(0, ...series.map((s) => s.values[i] ?? 0))
	);
	const max = Math.max(1, ...totals);
	const niceMax = Math.ceil(max / 5) * 5 || 5;

	// Axis and grid lines with values.
	doc.lineWidth(0.5);
	for (let g = 0; g <= 5; g++) {
		const y = bottom - (g / 5) * height;
		doc
			.strokeColor('#e5e7eb')
			.moveTo(left, y)
			.lineTo(left + width, y)
			.stroke();
		doc
			.font('Helvetica')
			.fontSize(7)
			.fillColor(MUTED)
			.text(String(Math.round((niceMax * g) / 5)), left - 28, y - 3, {
				width: 24,
				align: 'right',
				lineBreak: false
			});
	}
	const slot = width / Math.max(1, labels.length);
	const barWidth = opts.stacked ? slot * 0.7 : (slot * 0.8) / Math.max(1, series.length);
	labels.forEach((label, i) => {
		const x0 = left + i * slot + slot * (opts.stacked ? 0.15 : 0.1);
		let stackY = bottom;
		series.forEach((s, si) => {
			const v = s.values[i] ?? 0;
			const h = (v / niceMax) * height;
			if (h <= 0) return;
			if (opts.stacked) {
				doc.rect(x0, stackY - h, barWidth, h).fill(s.color);
				stackY -= h;
			} else {
				doc.rect(x0 + si * barWidth, bottom - h, barWidth * 0.9, h).fill(s.color);
			}
		});
		const every = Math.ceil(labels.length / 12);
		if (i % every === 0) {
			doc
				.font('Helvetica')
				.fontSize(7)
				.fillColor(MUTED)
				.text(label, left + i * slot - 10, bottom + 3, {
					width: slot * every + 20,
					align: 'left',
					lineBreak: false
				});
		}
	});
	doc
		.strokeColor('#9ca3af')
		.moveTo(left, bottom)
		.lineTo(left + width, bottom)
		.stroke();
	// Legend.
	let lx = left;
	const ly = bottom + 16;
	if (series.length > 1) {
		for (const s of series) {
			doc.rect(lx, ly, 8, 8).fill(s.color);
			doc
				.font('Helvetica')
				.fontSize(8)
				.fillColor(TEXT)
				.text(s.name, lx + 11, ly, { lineBreak: false });
			lx += doc.widthOfString(s.name) + 26;
		}
	}
	doc.x = doc.page.margins.left;
	doc.y = ly + 16;
	doc.fillColor(TEXT);
}

/** A compact table: header row and rows of text. */
function table(doc: Doc, header: string[], rows: (string | number | null)[][], widths?: number[]) {
	const left = doc.page.margins.left;
	const total = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	const w = widths ?? header.map(() => total / header.length);
	const line = (cells: (string | number | null)[], bold: boolean) => {
		if (doc.y + 14 > doc.page.height - doc.page.margins.bottom) doc.addPage();
		const y = doc.y;
		let x = left;
		cells.forEach((c, i) => {
			doc
				.font(bold ? 'Helvetica-Bold' : 'Helvetica')
				.fontSize(8)
				.fillColor(TEXT)
				.text(c === null ? '–' : String(c).replace('.', ','), x + 2, y, {
					width: w[i]! - 4,
					lineBreak: false
				});
			x += w[i]!;
		});
		doc.y = y + 12;
	};
	line(header, true);
	doc
		.strokeColor('#d1d5db')
		.moveTo(left, doc.y - 1)
		.lineTo(left + total, doc.y - 1)
		.stroke();
	for (const r of rows) line(r, false);
	doc.x = left;
	doc.moveDown(0.5);
}

export function renderOutcomesPdf(input: OutcomesPdfInput): Promise<Buffer> {
	const { outcomes: o } = input;
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		bufferPages: true,
		info: { Title: `Resultater ${input.teamName} ${input.period}` }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);

	const h = (text: string) => {
		if (doc.y + 200 > doc.page.height - doc.page.margins.bottom) doc.addPage();
		doc
			.moveDown(0.8)
			.font('Helvetica-Bold')
			.fontSize(13)
			.fillColor(PRIMARY)
			.text(text)
			.fillColor(TEXT);
	};
	const p = (text: string, muted = false) =>
		doc
			.font('Helvetica')
			.fontSize(9)
			.fillColor(muted ? MUTED : TEXT)
			.text(text);

	doc
		.font('Helvetica-Bold')
		.fontSize(9)
		.fillColor(PRIMARY)
		.text(`Tavla · Resultater · ${input.teamName}`);
	doc.moveDown(0.3).font('Helvetica-Bold').fontSize(18).fillColor(TEXT).text('Teamets resultater');
	p(`Periode: ${input.period}. Tal pr. måned eller kvartal; ingen personoplysninger.`, true);

	const latest = o.caseload.at(-1)?.count ?? 0;
	h('Nøgletal');
	table(
		doc,
		['Mål', 'Værdi'],
		[
			['Aktive forløb ved periodens udgang', latest],
			['Henvisninger modtaget', o.referrals.received],
			[
				'Optaget / afvist / henvist videre',
				`${o.referrals.accepted} / ${o.referrals.rejected} / ${o.referrals.referredOn}`
			],
			['Median dage fra henvisning til opstart', o.medianDaysToStart],
			['Afsluttede forløb', o.dischargesByReason.reduce((a, d) => a + d.count, 0)]
		]
	);

	h('Caseload over tid');
	barChart(
		doc,
		o.caseload.map((c) => c.month),
		[{ name: 'Aktive forløb', color: PRIMARY, values: o.caseload.map((c) => c.count) }],
		{ stacked: true }
	);

	h('Tid fra henvisning til opstart (median, dage)');
	barChart(
		doc,
		o.referralToStart.map((r) => r.quarter),
		[
			{
				name: 'Median dage',
				color: ACCENT,
				values: o.referralToStart.map((r) => r.medianDays ?? 0)
			}
		],
		{ stacked: true, height: 110 }
	);
	table(
		doc,
		['Kvartal', 'Median dage', 'Antal opstartede'],
		o.referralToStart.map((r) => [r.quarter, r.medianDays, r.n])
	);

	h('Skaleringsniveauer over tid');
	barChart(
		doc,
		o.scaling.map((s) => s.month),
		input.levels.map((l) => ({
			name: l.label,
			color: TONE_COLOR[l.tone] ?? MUTED,
			values: o.scaling.map((s) => s.counts[l.key] ?? 0)
		})),
		{ stacked: true }
	);

	h('Før og efter: første og seneste måling');
	const ba = o.beforeAfter.filter((b) => b.n > 0);
	if (ba.length > 0) {
		// Separate scales: WHO-5 (0–100) next to day counts would flatten the others.
		barChart(
			doc,
			ba.map((b) => b.label),
			[
				{ name: 'Første måling', color: '#9ca3af', values: ba.map((b) => b.before ?? 0) },
				{ name: 'Seneste måling', color: ACCENT, values: ba.map((b) => b.after ?? 0) }
			],
			{ stacked: false, height: 120 }
		);
	}
	table(
		doc,
		['Redskab', 'Borgere (n)', 'Første, gns.', 'Seneste, gns.', 'Forbedret'],
		o.beforeAfter.map((b) => [
			b.label + (b.unit ? ` (${b.unit})` : ''),
			b.n,
			b.before,
			b.after,
			`${b.improved} af ${b.n}`
		]),
		[170, 70, 85, 85, 85]
	);

	h('Indlæggelsesdage pr. kvartal');
	barChart(
		doc,
		o.admissionDays.map((a) => a.quarter),
		[{ name: 'Dage', color: '#b91c1c', values: o.admissionDays.map((a) => a.days) }],
		{ stacked: true, height: 110 }
	);
	table(
		doc,
		['Kvartal', 'Indlæggelsesdage', 'Målinger'],
		o.admissionDays.map((a) => [a.quarter, a.days, a.measurements])
	);

	h('Afslutninger efter årsag');
	if (o.dischargesByReason.length === 0) p('Ingen afslutninger i perioden.', true);
	else
		table(
			doc,
			['Årsag', 'Antal'],
			o.dischargesByReason.map((d) => [
				DISCHARGE_REASON_LABELS[d.reason as DischargeReason] ?? d.reason,
				d.count
			])
		);

	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		doc
			.font('Helvetica')
			.fontSize(8)
			.fillColor(MUTED)
			.text(
				`Udskrevet af ${input.generatedBy} ${input.generatedAt.toISOString().slice(0, 10)} · Side ${i + 1} af ${range.count}`,
				50,
				doc.page.height - 40,
				{ width: doc.page.width - 100, align: 'center', lineBreak: false }
			);
	}
	doc.end();
	return done;
}
