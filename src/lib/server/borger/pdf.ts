import PDFDocument from 'pdfkit';
import { z } from '$lib/zod';
import { ITEM_FORMS } from '$lib/borger/forms';
import { formatDate } from '$lib/format';
import { RISK_LEVEL_INFO, categoryLabel, riskRank, type RiskCategory } from '$lib/domain/risk';
import {
	SCALING_REASONS_DOWN,
	SCALING_REASONS_UP,
	findLevel,
	toIsoDate,
	type ScalingLevel,
	type Tone
} from '$lib/domain/scaling';
import { SECTION_KEYS, sectionByKey, type SectionKey } from '$lib/domain/sections';
import type { ItemKind } from '$lib/schemas/borger';
import type { Executor } from '../db';
import type { BorgerAccess } from '../access/borger';
import { teamSettings } from '../team-settings';
import { listMembers } from '../teams/service';
import { loadBorgerRecord, type BorgerRecord, type RecordItem } from './record';

/**
 * A printable case summary (sagsresumé) of one borger: for the borger's own copy or for
 * a partner with consent. Only the sections the viewer may see and the caller chose are
 * printed; the CPR number never is. Labels come from the shared domain and form tables.
 */

export interface CaseSummaryInput {
	record: BorgerRecord;
	teamName: string;
	levels: readonly ScalingLevel[];
	riskCategories: readonly RiskCategory[];
	/** membershipId -> name, for owners of goals, agreements and safety measures. */
	memberNames: Map<string, string>;
	/** The chosen subset; default every section the record holds. */
	sections?: readonly SectionKey[];
	generatedBy: string;
	generatedAt: Date;
	/**
	 * Extra parts after the sections, e.g. the consents and the access log of an
	 * insight request (aktindsigt, issue E).
	 */
	appendix?: {
		heading: string;
		lines?: string[];
		table?: { cols: { header: string; width: number }[]; rows: string[][] };
	}[];
}

/** `?afsnit=netvaerk,maal`: a comma-separated list of section keys. */
export const summarySectionsParam = z
	.string()
	.transform((v) => v.split(',').flatMap((s) => s.trim() || []))
	.pipe(
		z
			.array(
				z.enum(SECTION_KEYS, {
					error: (issue) =>
						`Ukendt afsnit: ${String(issue.input)}. Gyldige afsnit: ${SECTION_KEYS.join(', ')}.`
				})
			)
			.min(1, 'Vælg mindst ét afsnit.')
	);

type Doc = PDFKit.PDFDocument;
interface Seg {
	text: string;
	font?: string;
	color?: string;
}
interface Ctx {
	doc: Doc;
	input: CaseSummaryInput;
	record: BorgerRecord;
}
type Data = Record<string, unknown>;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const C = {
	ink: '#1f2937',
	muted: '#6b7280',
	accent: '#1e3a5f',
	rule: '#d1d5db',
	alert: '#9f1239'
};
const TONE_COLOR: Record<Tone, string> = {
	critical: '#b91c1c',
	warning: '#b45309',
	ok: '#15803d',
	neutral: '#6b7280'
};
const BODY = 9;
const DOT = ' · ';
const CONFIDENTIAL = 'Fortroligt – indeholder personoplysninger';
const CRISIS_PLAN_FIELDS = [
	['earlySigns', 'Tidlige tegn'],
	['whatHelps', 'Det hjælper'],
	['whatToAvoid', 'Det skal undgås'],
	['contacts', 'Hvem kontaktes'],
	['planB', 'Plan B']
] as const;

// --- Values and labels ------------------------------------------------------------------

const str = (v: unknown) =>
	typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

/** Calendar dates as written in Denmark; timestamps are read in Copenhagen time. */
const day = (v: unknown) =>
	v instanceof Date ? formatDate(toIsoDate(v)) : str(v) ? formatDate(str(v)) : '';

const clock = new Intl.DateTimeFormat('da-DK', {
	timeZone: 'Europe/Copenhagen',
	hour: '2-digit',
	minute: '2-digit'
});

const field = (kind: ItemKind, name: string) =>
	ITEM_FORMS[kind].fields.find((f) => f.name === name);

/** The form label without its hint in brackets: "Lovgrundlag (fx SEL § 85)" -> "Lovgrundlag". */
const label = (kind: ItemKind, name: string) =>
	(field(kind, name)?.label ?? name).replace(/\s*\(.*\)$/, '');

/** A field's value as printed, by its form type: option label, date or member name. */
function value(ctx: Ctx, kind: ItemKind, d: Data, name: string): string {
	const v = d[name];
	const f = field(kind, name);
	if (f?.type === 'select') return f.options?.find((o) => o.value === String(v))?.label ?? str(v);
	if (f?.type === 'date') return day(v);
	if (f?.type === 'member') return ctx.input.memberNames.get(str(v)) ?? '';
	if (f?.type === 'checkbox') return v ? label(kind, name) : '';
	return str(v);
}

/** "Label: value" for each named field that has a value (a ticked checkbox is its label). */
const details = (ctx: Ctx, kind: ItemKind, d: Data, ...names: string[]) =>
	names.map((n) => {
		const v = value(ctx, kind, d, n);
		return v && field(kind, n)?.type !== 'checkbox' ? `${label(kind, n)}: ${v}` : v;
	});

const levelLabel = (ctx: Ctx, key: string) => findLevel(key, ctx.input.levels)?.label ?? key;

const itemsOf = (ctx: Ctx, kind: ItemKind) => ctx.record.items.filter((i) => i.kind === kind);

const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const LOOKALIKE: Record<string, string> = { '→': '->', '←': '<-', '≤': '<=', '≥': '>=', '−': '-' };

/** The built-in fonts only know WinAnsi: compose accents, spell out arrows, drop the rest (emoji). */
const printable = (s: string) =>
	Array.from(s.normalize('NFC'), (ch) =>
		ch <= '\xff' || WIN_ANSI_EXTRA.includes(ch) ? ch : (LOOKALIKE[ch] ?? '')
	).join('');

// --- Layout -----------------------------------------------------------------------------

const left = (doc: Doc) => doc.page.margins.left;
const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const style = (doc: Doc, font: string, size: number, color: string) =>
	doc.font(font).fontSize(size).fillColor(color);

function ensureSpace(doc: Doc, height: number) {
	if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function rule(doc: Doc, y: number, color = C.rule, lineWidth = 0.5) {
	doc.moveTo(left(doc), y).lineTo(left(doc) + width(doc), y);
	doc.lineWidth(lineWidth).strokeColor(color).stroke();
}

function heading(doc: Doc, title: string) {
	// The heading and the first line of its content.
	ensureSpace(doc, 36);
	doc.y += 7;
	style(doc, BOLD, 10.5, C.accent).text(title, left(doc), doc.y);
	rule(doc, doc.y + 1);
	doc.y += 4;
}

function subheading(doc: Doc, title: string) {
	ensureSpace(doc, 26);
	doc.y += 3;
	style(doc, BOLD, BODY, C.ink).text(title, left(doc), doc.y);
	doc.y += 1.5;
}

/** One paragraph of mixed fonts and colours, optionally bulleted and indented. */
function line(doc: Doc, segs: Seg[], opts: { bullet?: string; indent?: number } = {}) {
	const parts = segs.filter((s) => s.text).map((s) => ({ ...s, text: printable(s.text) }));
	if (parts.length === 0) return;
	const x = left(doc) + (opts.indent ?? 0);
	const textX = opts.bullet ? x + 10 : x;
	const w = left(doc) + width(doc) - textX;
	// Keep at least two lines (or the whole paragraph) together at the foot of a page.
	const text = parts.map((p) => p.text).join('');
	ensureSpace(doc, Math.min(style(doc, FONT, BODY, C.ink).heightOfString(text, { width: w }), 22));
	const y = doc.y;
	if (opts.bullet) style(doc, FONT, BODY, C.muted).text(opts.bullet, x, y, { lineBreak: false });
	parts.forEach((p, i) => {
		style(doc, p.font ?? FONT, BODY, p.color ?? C.ink);
		const continued = i < parts.length - 1;
		if (i > 0) doc.text(p.text, { continued });
		else doc.text(p.text, textX, y, { width: w, continued });
	});
	doc.y += 1.5;
}

/** Grey details after the main text, separated by dots. */
const muted = (...parts: string[]): Seg => {
	const present = parts.filter(Boolean);
	return { text: present.length ? DOT + present.join(DOT) : '', color: C.muted };
};

function empty(doc: Doc, text = 'Intet registreret.') {
	line(doc, [{ text, font: ITALIC, color: C.muted }]);
}

/** Rows of cells in fixed columns; a column of width 0 takes the remaining width. */
function table(doc: Doc, cols: { header: string; width: number }[], rows: Seg[][]) {
	const flex = width(doc) - cols.reduce((sum, c) => sum + c.width, 0);
	const widths = cols.map((c) => c.width || flex);
	const xs = widths.map((_, i) => left(doc) + widths.slice(0, i).reduce((a, b) => a + b, 0));
	const draw = (raw: Seg[]) => {
		const cells = raw.map((c, i) => ({ ...c, text: printable(c.text), width: widths[i]! - 6 }));
		const styled = (c: Seg) => style(doc, c.font ?? FONT, BODY, c.color ?? C.ink);
		const h = Math.max(
			...cells.map((c) => styled(c).heightOfString(c.text || ' ', { width: c.width }))
		);
		ensureSpace(doc, h + 2);
		const y = doc.y;
		cells.forEach((c, i) => styled(c).text(c.text, xs[i]!, y, { width: c.width }));
		doc.y = y + h + 2;
	};
	if (cols.some((c) => c.header))
		draw(cols.map((c) => ({ text: c.header, font: BOLD, color: C.muted })));
	rows.forEach(draw);
}

/** Label on the left, value on the right: for the crisis plan and scaling. */
function defList(doc: Doc, rows: [string, string][]) {
	table(
		doc,
		[
			{ header: '', width: 100 },
			{ header: '', width: 0 }
		],
		rows
			.filter(([, v]) => v)
			.map(([k, v]) => [{ text: k, font: BOLD, color: C.muted }, { text: v }])
	);
}

// --- Header and footer --------------------------------------------------------------------

/** "Label value" pairs on one line, labels in grey. */
const pairs = (rows: [string, string][]): Seg[] =>
	rows
		.filter(([, v]) => v)
		.flatMap(([k, v], i) => [
			{ text: `${i ? '     ' : ''}${k} `, color: C.muted },
			{ text: v, font: BOLD }
		]);

function header(ctx: Ctx, show: (s: SectionKey) => boolean) {
	const { doc, input, record } = ctx;
	const [x, w, top] = [left(doc), width(doc), doc.page.margins.top];
	style(doc, BOLD, 9, C.accent).text('Tavla · Sagsresumé', x, top, { lineBreak: false });
	style(doc, FONT, 9, C.muted).text(printable(input.teamName), x, top, {
		width: w,
		align: 'right'
	});
	rule(doc, top + 14, C.accent, 1.2);

	// The level is clinical information of its own: shown only with the scaling section.
	const level = show('skalering') ? findLevel(record.scalingLevel, input.levels) : undefined;
	const pill = level ? style(doc, BOLD, 9, C.ink).widthOfString(level.label) + 16 : 0;
	style(doc, BOLD, 18, C.ink).text(printable(record.name), x, top + 24, { width: w - pill - 90 });
	const nameBottom = doc.y;
	if (level) {
		const [px, py] = [x + w - pill, top + 26];
		style(doc, FONT, 8, C.muted).text('Skaleringsniveau', px - 80, py + 4.5, {
			width: 74,
			align: 'right'
		});
		doc.roundedRect(px, py, pill, 16, 8).fill(TONE_COLOR[level.tone]);
		style(doc, BOLD, 9, '#ffffff').text(level.label, px, py + 4, { width: pill, align: 'center' });
	}
	doc.y = Math.max(nameBottom, top + 48) + 2;
	const identity = show('identitet');
	const others = record.secondaryContactIds.map((id) => input.memberNames.get(id) ?? '');
	line(
		doc,
		pairs([
			['Født', record.birthYear ? String(record.birthYear) : ''],
			['Kontaktperson', identity ? (record.caseManagerName ?? '') : ''],
			['Øvrige kontakter', identity ? others.filter(Boolean).join(', ') : ''],
			['Forløb startet', identity ? day(record.startDate) : ''],
			['Afsluttet', identity ? day(record.closedAt) : '']
		])
	);
	const at = input.generatedAt;
	const by = `Udskrevet ${day(at)} kl. ${clock.format(at)} af ${input.generatedBy}`;
	line(doc, [{ text: by, color: C.muted }]);
	line(doc, [{ text: CONFIDENTIAL, font: BOLD, color: C.alert }]);
}

function footer(ctx: Ctx) {
	const { doc } = ctx;
	const range = doc.bufferedPageRange();
	for (let i = 0; i < range.count; i++) {
		doc.switchToPage(range.start + i);
		// Writing below the bottom margin would otherwise start a new page.
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - 30;
		rule(doc, y - 6);
		const name = printable(`${ctx.record.name}${DOT}${CONFIDENTIAL}`);
		style(doc, FONT, 7.5, C.muted).text(name, left(doc), y, { lineBreak: false });
		doc.text(`Side ${i + 1} af ${range.count}`, left(doc), y, {
			width: width(doc),
			align: 'right'
		});
		doc.page.margins.bottom = bottom;
	}
}

// --- Sections -----------------------------------------------------------------------------

function renderScaling(ctx: Ctx) {
	const { record } = ctx;
	const level = findLevel(record.scalingLevel, ctx.input.levels);
	const last = record.scalingEvents[0];
	const reason = [...SCALING_REASONS_UP, ...SCALING_REASONS_DOWN].find(
		(r) => r.key === last?.reasonCategory
	)?.label;
	const change = last && [
		last.fromLevel
			? `Fra ${levelLabel(ctx, last.fromLevel)} til ${levelLabel(ctx, last.toLevel)}`
			: `Placeret på ${levelLabel(ctx, last.toLevel)}`,
		day(last.decidedAt),
		last.decidedBy ?? ''
	];
	defList(ctx.doc, [
		['Nuværende niveau', level ? `${level.label} – ${level.description}` : record.scalingLevel],
		['Seneste ændring', change ? change.filter(Boolean).join(DOT) : ''],
		['Begrundelse', last ? [reason, last.reasonText].filter(Boolean).join(': ') : '']
	]);
}

/** The current assessment per category (the record lists them newest first), highest level first. */
function latestRisks(record: BorgerRecord) {
	const seen = new Set<string>();
	const current = record.risks.filter((r) => !seen.has(r.category) && !!seen.add(r.category));
	return current.sort(
		(a, b) => riskRank(b.level) - riskRank(a.level) || b.assessedOn.localeCompare(a.assessedOn)
	);
}

function renderRisk(ctx: Ctx) {
	const { doc, input } = ctx;
	const risks = latestRisks(ctx.record);
	const safety = itemsOf(ctx, 'sikkerhed');
	if (risks.length === 0 && safety.length === 0) return empty(doc);
	if (risks.length === 0) empty(doc, 'Ingen risikovurdering.');
	const cols = [
		{ header: 'Kategori', width: 112 },
		{ header: 'Niveau', width: 62 },
		{ header: 'Vurderet', width: 112 },
		{ header: 'Begrundelse', width: 0 }
	];
	if (risks.length > 0)
		table(
			doc,
			cols,
			risks.map((r) => {
				const info = RISK_LEVEL_INFO[r.level];
				const review = r.reviewBy ? `\nRevurderes ${day(r.reviewBy)}` : '';
				return [
					{ text: categoryLabel(r.category, input.riskCategories) },
					{ text: `${info.symbol}  ${info.label}`, font: BOLD, color: TONE_COLOR[info.tone] },
					{ text: day(r.assessedOn) + review },
					{ text: r.rationale }
				];
			})
		);
	subheading(doc, ITEM_FORMS.sikkerhed.title);
	if (safety.length === 0) empty(doc, ITEM_FORMS.sikkerhed.emptyText);
	for (const { data: d } of safety) {
		const categories = Array.isArray(d.categories) ? d.categories : [];
		const more = muted(
			categories.map((c) => categoryLabel(str(c), input.riskCategories)).join(', '),
			...details(ctx, 'sikkerhed', d, 'validUntil', 'ownerId', 'staffSafety')
		);
		line(doc, [{ text: str(d.description) }, more], { bullet: '•' });
	}
}

function renderCrisisPlan(ctx: Ctx) {
	const plan = ctx.record.crisisPlan;
	if (!plan || CRISIS_PLAN_FIELDS.every(([k]) => !plan[k].trim())) return empty(ctx.doc);
	const by = plan.createdBy ? ` af ${plan.createdBy}` : '';
	const version = `Version ${plan.version}, opdateret ${day(plan.createdAt)}${by}`;
	line(ctx.doc, [{ text: version, color: C.muted }]);
	defList(
		ctx.doc,
		CRISIS_PLAN_FIELDS.map(([k, title]) => [title, plan[k].trim() || '–'])
	);
}

function renderNetwork(ctx: Ctx) {
	const items = itemsOf(ctx, 'netvaerk');
	if (items.length === 0) return empty(ctx.doc);
	const cols = [
		{ header: label('netvaerk', 'name'), width: 125 },
		{ header: label('netvaerk', 'relation'), width: 0 },
		{ header: label('netvaerk', 'role'), width: 122 },
		{ header: 'Må involveres', width: 66 }
	];
	table(
		ctx.doc,
		cols,
		items.map(({ data: d }) => [
			{ text: str(d.name), font: BOLD },
			{
				text: ['relation', 'organisation', 'kind']
					.map((n) => value(ctx, 'netvaerk', d, n))
					.filter(Boolean)
					.join(DOT)
			},
			{ text: value(ctx, 'netvaerk', d, 'role') },
			{ text: d.mayInvolve ? 'Ja' : 'Nej' }
		])
	);
}

function renderGoals(ctx: Ctx) {
	const { doc } = ctx;
	const goals = itemsOf(ctx, 'maal');
	const plans = itemsOf(ctx, 'plan');
	if (goals.length === 0 && plans.length === 0) return empty(doc);
	if (goals.length === 0) empty(doc, ITEM_FORMS.maal.emptyText);
	const ids = new Set(goals.map((g) => g.id));
	// Sub-goals under their goal; one whose parent is gone is shown as a goal of its own.
	const parentOf = (g: RecordItem) => (g.parentId && ids.has(g.parentId) ? g.parentId : null);
	const tree = (parent: string | null, depth: number) => {
		for (const { id, data: d } of goals.filter((g) => parentOf(g) === parent)) {
			const progress =
				Number(d.progress) > 0 ? `${label('maal', 'progress')}: ${d.progress} %` : '';
			const more = muted(
				value(ctx, 'maal', d, 'status'),
				progress,
				...details(ctx, 'maal', d, 'followUpOn', 'ownerId')
			);
			const text = { text: str(d.text), font: depth === 0 ? BOLD : FONT };
			line(doc, [text, more], { bullet: depth === 0 ? '•' : '–', indent: depth * 14 });
			if (depth < 4) tree(id, depth + 1);
		}
	};
	tree(null, 0);
	if (plans.length === 0) return;
	subheading(doc, ITEM_FORMS.plan.title);
	list('plan', 'kind', 'title', 'date', 'reference')(ctx);
}

function renderAgreements(ctx: Ctx) {
	const isOpen = (d: Data) => (d.status ?? 'aaben') === 'aaben';
	const items = itemsOf(ctx, 'aftaler');
	const sorted = [...items.filter((i) => isOpen(i.data)), ...items.filter((i) => !isOpen(i.data))];
	bullets(ctx, sorted, (d) => [
		{
			text: `${value(ctx, 'aftaler', { status: 'aaben', ...d }, 'status')}  `,
			font: BOLD,
			color: isOpen(d) ? C.accent : C.muted
		},
		{ text: str(d.description), color: isOpen(d) ? C.ink : C.muted },
		muted(...details(ctx, 'aftaler', d, 'dueOn', 'ownerId'))
	]);
}

function bullets(ctx: Ctx, items: RecordItem[], render: (d: Data) => Seg[]) {
	if (items.length === 0) return empty(ctx.doc);
	for (const item of items) line(ctx.doc, render(item.data), { bullet: '•' });
}

/** One bullet per item: "Lead: text · Label: detail · ...", all by field name. */
const list =
	(kind: ItemKind, lead: string, text: string, ...more: string[]) =>
	(ctx: Ctx) =>
		bullets(ctx, itemsOf(ctx, kind), (d) => [
			{ text: value(ctx, kind, d, lead), font: BOLD },
			{ text: `: ${value(ctx, kind, d, text)}` },
			muted(...details(ctx, kind, d, ...more))
		]);

/** In print order; identity is the header. */
// The course and its measurements are not part of the record's one-page summary.
const RENDERERS: Record<
	Exclude<SectionKey, 'identitet' | 'forloeb' | 'maalinger'>,
	(ctx: Ctx) => void
> = {
	skalering: renderScaling,
	risiko: renderRisk,
	kriseplan: renderCrisisPlan,
	netvaerk: renderNetwork,
	misbrug: list('misbrug', 'substance', 'pattern', 'treatmentStatus', 'goal', 'recentChange'),
	retslige: list('retslige', 'kind', 'description', 'date', 'contact'),
	maal: renderGoals,
	indsatser: list('indsatser', 'provider', 'description', 'legalBasis', 'startDate', 'endDate'),
	aftaler: renderAgreements
};

// --- Document -----------------------------------------------------------------------------

/** What a case summary prints besides the team and the printer: read in one go. */
export async function loadCaseSummary(db: Executor, access: BorgerAccess) {
	const [record, settings, members] = await Promise.all([
		loadBorgerRecord(db, access),
		teamSettings(db, access.borger.teamId),
		listMembers(db, access.borger.teamId)
	]);
	return {
		record,
		levels: settings.scalingLevels,
		riskCategories: settings.riskCategories,
		memberNames: new Map(members.map((m) => [m.membershipId, m.name]))
	};
}

export function renderCaseSummary(input: CaseSummaryInput): Promise<Buffer> {
	const { record } = input;
	const chosen = new Set<SectionKey>(input.sections ?? SECTION_KEYS);
	const show = (s: SectionKey) => chosen.has(s) && record.sections.includes(s);
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: 40, left: 50, right: 50, bottom: 46 },
		bufferPages: true,
		lang: 'da-DK',
		displayTitle: true,
		info: { Title: `Sagsresumé ${record.initials}`, Author: input.teamName, Creator: 'Tavla' }
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const ctx: Ctx = { doc, input, record };
	header(ctx, show);
	for (const [key, render] of Object.entries(RENDERERS) as [SectionKey, (c: Ctx) => void][]) {
		if (!show(key)) continue;
		heading(doc, sectionByKey(key).label);
		render(ctx);
	}
	for (const part of input.appendix ?? []) {
		heading(doc, part.heading);
		for (const l of part.lines ?? []) line(doc, [{ text: l }]);
		if (part.table) {
			if (part.table.rows.length === 0) empty(doc);
			else
				table(
					doc,
					part.table.cols,
					part.table.rows.map((r) => r.map((text) => ({ text })))
				);
		}
	}
	footer(ctx);
	doc.end();
	return done;
}
