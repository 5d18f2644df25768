import PDFDocument from 'pdfkit';
import { PDF_COLOURS, pdfText } from '../pdf-text';
import { formatDate, formatDateTime } from '$lib/format';
import { sectorLabel } from '$lib/i18n/da';
import type { ScopedBorgerMinutes, ScopedMeetingView } from './scope';

/**
 * The minutes (referat) of a tavlemøde as PDF, generated from what was recorded:
 * attendance by sector, each item with notes, decisions and tasks, what was not
 * reached, and the correction trail after approval.
 */

const DECISION: Record<string, string> = {
	skalering: 'Skalering',
	risiko: 'Risiko',
	behandling: 'Behandling',
	stoette: 'Støtte',
	andet: 'Beslutning'
};
const STATUS: Record<string, string> = {
	afsluttet: 'Drøftet',
	parkeret: 'Parkeret',
	udskudt: 'Flyttet til næste møde',
	ikke_naaet: 'Ikke nået',
	planlagt: 'Ikke nået',
	i_gang: 'I gang'
};
const MODE: Record<string, string> = {
	fremmoedt: 'i lokalet',
	online: 'online',
	fravaerende: 'fraværende'
};

export function renderMinutes(
	view: ScopedMeetingView,
	teamName: string,
	generatedBy: string
): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		bufferPages: true,
		info: { Title: `Referat ${view.meeting.meeting_date}` }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);
	const m = view.meeting;

	const { h, p } = pdfText(doc, 0.6);

	doc
		.font('Helvetica-Bold')
		.fontSize(9)
		.fillColor(PDF_COLOURS.heading)
		.text(`Tavla · Referat · ${teamName}`);
	doc
		.moveDown(0.3)
		.font('Helvetica-Bold')
		.fontSize(18)
		.fillColor(PDF_COLOURS.text)
		.text(`Tavlemøde ${formatDate(m.meeting_date)}`);
	p(
		`Kl. ${m.start_time}, ${m.length_minutes} minutter${m.room ? ` · ${m.room}` : ''}${m.started_at && m.ended_at ? ` · Afholdt ${formatDateTime(m.started_at)}–${formatDateTime(m.ended_at).split('kl. ')[1]}` : ''}`,
		{ muted: true }
	);
	p(m.finalized_at ? `Godkendt ${formatDateTime(m.finalized_at)}` : 'Udkast – ikke godkendt', {
		bold: !m.finalized_at
	});
	doc
		.fillColor('#9f1239')
		.fontSize(9)
		.text('Fortroligt – indeholder personoplysninger')
		.fillColor(PDF_COLOURS.text);

	h('Fremmøde');
	for (const sector of ['kommune', 'region'] as const) {
		const people = view.members
			.filter((mm) => mm.sector === sector)
			.map((mm) => ({
				name: mm.name,
				mode: view.attendance.find((a) => a.membership_id === mm.id)?.mode
			}))
			.filter((x) => x.mode);
		if (people.length === 0) continue;
		p(`${sectorLabel[sector]}: ${people.map((x) => `${x.name} (${MODE[x.mode!]})`).join(', ')}`);
	}
	if (view.attendance.length === 0) p('Fremmøde er ikke registreret.', { muted: true });

	h('Punkter');
	for (const it of view.items) {
		const reached = it.status === 'afsluttet';
		doc.moveDown(0.4);
		p(`${it.title}${reached ? '' : ` – ${STATUS[it.status] ?? it.status}`}`, { bold: true });
		// What the reader's consent scope hides is said, not silently left out.
		if (it.hidden) p(it.hidden, { muted: true });
		if (it.notes) p(it.notes);
		for (const d of view.decisions.filter((x) => x.agenda_item_id === it.id))
			p(`${DECISION[d.kind] ?? d.kind}: ${d.text}`);
		for (const t of view.tasks.filter((x) => x.agenda_item_id === it.id)) {
			p(
				`Opgave: ${t.description} – ansvarlig ${t.owner}${t.due_on ? `, frist ${formatDate(t.due_on)}` : ''}`
			);
		}
	}

	const notReached = view.items.filter((i) => i.kind === 'case' && i.status !== 'afsluttet');
	if (notReached.length > 0) {
		h('Ikke nået (på næste møde)');
		for (const it of notReached) p(`${it.title} – ${STATUS[it.status] ?? it.status}`);
	}
	if (view.corrections.length > 0) {
		h('Rettelser efter godkendelse');
		for (const c of view.corrections)
			p(`${formatDateTime(c.created_at)}${c.by ? `, ${c.by}` : ''}: ${c.text}`);
	}

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
				{ width: doc.page.width - 100, align: 'center', lineBreak: false }
			);
	}
	doc.end();
	return done;
}

/**
 * The per-borger extract of the approved minutes as PDF, for the record: every approved
 * meeting where the borger was discussed, with notes, decisions and tasks.
 */
export function renderBorgerExtract(
	extract: ScopedBorgerMinutes,
	borgerName: string,
	teamName: string,
	generatedBy: string
): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		bufferPages: true,
		info: { Title: `Referatudtog ${borgerName}` }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);
	const { p } = pdfText(doc);

	doc
		.font('Helvetica-Bold')
		.fontSize(9)
		.fillColor(PDF_COLOURS.heading)
		.text(`Tavla · Referatudtog · ${teamName}`);
	doc
		.moveDown(0.3)
		.font('Helvetica-Bold')
		.fontSize(18)
		.fillColor(PDF_COLOURS.text)
		.text(`Referatudtog: ${borgerName}`);
	p('Fra godkendte referater af tavlemøder. Nyeste møde først.', { muted: true });
	doc
		.fillColor('#9f1239')
		.fontSize(9)
		.text('Fortroligt – indeholder personoplysninger')
		.fillColor(PDF_COLOURS.text);
	if (extract.length === 0) {
		doc.moveDown(0.6);
		p('Borgeren er ikke nævnt i godkendte referater.', { muted: true });
	}
	for (const m of extract) {
		doc
			.moveDown(0.8)
			.font('Helvetica-Bold')
			.fontSize(13)
			.fillColor(PDF_COLOURS.heading)
			.text(`Tavlemøde ${formatDate(m.meetingDate)}`)
			.fillColor(PDF_COLOURS.text);
		p(`Referat godkendt ${formatDateTime(m.finalizedAt)}`, { muted: true });
		if (m.hidden) p(m.hidden, { muted: true });
		for (const it of m.items) {
			p(`${it.title}${it.status === 'afsluttet' ? '' : ` – ${STATUS[it.status] ?? it.status}`}`, {
				bold: true
			});
			if (it.notes) p(it.notes);
		}
		for (const d of m.decisions) p(`${DECISION[d.kind] ?? d.kind}: ${d.text}`);
		for (const t of m.tasks)
			p(
				`Opgave: ${t.description} – ansvarlig ${t.owner}${t.dueOn ? `, frist ${formatDate(t.dueOn)}` : ''}${t.status === 'udfoert' ? ' (udført)' : t.status === 'annulleret' ? ' (annulleret)' : ''}`
			);
		for (const c of m.corrections)
			p(`Rettelse ${formatDateTime(c.at)}${c.by ? `, ${c.by}` : ''}: ${c.text}`, { muted: true });
	}
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
				{ width: doc.page.width - 100, align: 'center', lineBreak: false }
			);
	}
	doc.end();
	return done;
}
