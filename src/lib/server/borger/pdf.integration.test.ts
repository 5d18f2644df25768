import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createTestDb } from '$tests/db';
import { parseTeamSettings } from '$lib/schemas/team-settings';
import type { DbHandle } from '../db';
import { resolveBorgerAccess } from '../access/borger';
import { listMembers } from '../teams/service';
import { loadBorgerRecord, type BorgerRecord } from './record';
import { addItem } from './items';
import { addRiskAssessment, changeScaling, saveCrisisPlan } from './write';
import { createBorger } from './create';
import { renderCaseSummary, summarySectionsParam, type CaseSummaryInput } from './pdf';

const CPR = '120386-1234';
const PLAN_B = 'Ring til Åbakke Akutteam på 70 12 34 56 og bed om et hjemmebesøg samme dag.';

let handle: DbHandle;
let base: Omit<CaseSummaryInput, 'record'>;
let record: BorgerRecord;

async function pdfText(input: CaseSummaryInput): Promise<{ buffer: Buffer; text: string }> {
	const buffer = await renderCaseSummary(input);
	const pdf = await getDocumentProxy(new Uint8Array(buffer));
	const { text } = await extractText(pdf, { mergePages: true });
	return { buffer, text: text.replace(/\s+/g, ' ') };
}

beforeAll(async () => {
	handle = await createTestDb();
	const { db } = handle;
	const [kommune, region] = await db
		.insertInto('organisation')
		.values([
			{ name: 'Åbakke Kommune', kind: 'kommune' },
			{ name: 'Region Midt', kind: 'region' }
		])
		.returning('id')
		.execute();
	const team = await db
		.insertInto('team')
		.values({
			slug: 'pdf-team',
			name: 'FACT Åbakke',
			municipality_id: kommune!.id,
			region_id: region!.id
		})
		.returning(['id', 'settings'])
		.executeTakeFirstOrThrow();
	const users = await db
		.insertInto('app_user')
		.values([
			{ email: 'birgitte@pdf.tavla.test', name: 'Birgitte Dahl', initials: 'BD' },
			{ email: 'jonas@pdf.tavla.test', name: 'Jonas Friis', initials: 'JF' }
		])
		.returning(['id', 'name'])
		.execute();
	const [birgitte, jonas] = await db
		.insertInto('membership')
		.values(
			users.map((u, i) => ({
				team_id: team.id,
				user_id: u.id,
				organisation_id: i === 0 ? region!.id : kommune!.id,
				profession: 'sygeplejerske',
				role: 'teamleder' as const
			}))
		)
		.returning('id')
		.execute();
	const actor = users[0]!.id;

	const { id } = await createBorger(db, team.id, actor, {
		name: 'Jens Mikkel Sørensen',
		birthYear: 1986,
		cpr: CPR,
		caseManagerId: birgitte!.id,
		startDate: '2025-09-01'
	});
	const access = await resolveBorgerAccess(db, actor, id, 'borger.write');
	const item = (kind: Parameters<typeof addItem>[3], data: object, parent: string | null = null) =>
		addItem(db, access, actor, kind, data, parent);

	await item('netvaerk', {
		name: 'Hanne Sørensen',
		relation: 'Mor',
		kind: 'privat',
		role: 'ressource',
		mayInvolve: true
	});
	await item('netvaerk', {
		name: 'Dr. Lars Ebbesen',
		relation: 'Egen læge',
		kind: 'professionel',
		organisation: 'Lægehuset Åbakke',
		role: 'ressource',
		mayInvolve: true
	});
	await item('netvaerk', { name: 'Kim', relation: 'Ven', kind: 'privat', role: 'belastning' });
	await item('misbrug', {
		substance: 'Hash',
		pattern: 'Dagligt, 2–3 joints om aftenen',
		treatmentStatus: 'i_behandling',
		goal: 'reducer',
		recentChange: 'Øget siden flytningen i oktober'
	});
	await item('misbrug', {
		substance: 'Alkohol',
		pattern: 'Weekender',
		treatmentStatus: 'ingen',
		goal: 'ikke_afklaret'
	});
	await item('retslige', {
		kind: 'vilkaar',
		description: 'Betinget dom med vilkår om misbrugsbehandling',
		date: '2025-06-12',
		contact: 'Kriminalforsorgen Åbakke, tilsynsførende Mette'
	});
	const goal = await item('maal', {
		text: 'At have min egen lejlighed og kunne klare mig selv',
		status: 'aktiv',
		progress: 40,
		ownerId: birgitte!.id,
		followUpOn: '2026-03-01'
	});
	await item('maal', { text: 'Betale huslejen til tiden hver måned', progress: 60 }, goal.id);
	await item('maal', { text: 'Handle ind selv en gang om ugen', ownerId: jonas!.id }, goal.id);
	await item('maal', { text: 'Komme i gang med at spille fodbold igen', status: 'naaet' });
	await item('plan', {
		kind: 'handleplan',
		title: 'Handleplan efter SEL § 141',
		date: '2025-10-01'
	});
	await item('indsatser', {
		provider: 'Bostøtten Åbakke',
		description: 'Bostøtte 4 timer om ugen',
		legalBasis: 'SEL § 85',
		startDate: '2025-10-15'
	});
	await item('sikkerhed', {
		description: 'Altid to medarbejdere ved hjemmebesøg om aftenen',
		categories: ['vold_mod_andre'],
		staffSafety: true
	});
	await item('aftaler', { description: 'Følge med til lægen om medicin', status: 'udfoert' });
	await item('aftaler', {
		description: 'Ringe til boligselskabet om venteliste',
		ownerId: jonas!.id,
		dueOn: '2026-02-20'
	});

	await addRiskAssessment(db, access, actor, {
		category: 'selvmord',
		level: 'hoej',
		rationale: 'Gammel vurdering efter indlæggelse',
		assessedOn: '2025-09-10'
	});
	await addRiskAssessment(db, access, actor, {
		category: 'selvmord',
		level: 'moderat',
		rationale: 'Passive tanker, ingen planer. Tager imod hjælp.',
		assessedOn: '2026-01-20',
		reviewBy: '2026-02-20'
	});
	await addRiskAssessment(db, access, actor, {
		category: 'vold_mod_andre',
		level: 'lav',
		rationale: 'Verbalt truende over for nabo i efteråret, ikke siden.',
		assessedOn: '2026-01-20'
	});
	await addRiskAssessment(db, access, actor, {
		category: 'overdosis',
		level: 'ingen',
		rationale: 'Intet opioidbrug.',
		assessedOn: '2026-01-05'
	});
	await saveCrisisPlan(db, access, actor, {
		earlySigns: 'Sover dårligt, trækker sig fra moren, holder op med at tage telefonen.',
		whatHelps: 'Gåture med kontaktpersonen, at moren kommer forbi, faste aftaler.',
		whatToAvoid: 'Mange nye mennesker på én gang. Høje stemmer.',
		contacts: 'Birgitte (kontaktperson), Hanne (mor), Psykiatrisk akutmodtagelse.',
		planB: PLAN_B
	});
	await changeScaling(db, access, actor, {
		toLevel: 'intensiv',
		reasonCategory: 'psykiatrisk_forvaerring',
		reasonText: 'Tiltagende selvmordstanker efter tab af bolig.'
	});

	record = await loadBorgerRecord(db, await resolveBorgerAccess(db, actor, id, 'borger.read'));
	const settings = parseTeamSettings(team.settings);
	const members = await listMembers(db, team.id);
	base = {
		teamName: 'FACT Åbakke',
		levels: settings.scalingLevels,
		riskCategories: settings.riskCategories,
		memberNames: new Map(members.map((m) => [m.membershipId, m.name])),
		generatedBy: 'Birgitte Dahl',
		generatedAt: new Date()
	};
});

afterAll(async () => {
	await handle?.close();
});

describe('renderCaseSummary', () => {
	it('prints the whole record without the CPR number', async () => {
		const { buffer, text } = await pdfText({ ...base, record });
		// Set TAVLA_PDF_PREVIEW=/tmp/x.pdf to look at the layout.
		if (process.env.TAVLA_PDF_PREVIEW) writeFileSync(process.env.TAVLA_PDF_PREVIEW, buffer);

		expect(buffer.subarray(0, 4).toString('latin1')).toBe('%PDF');
		expect(text).toContain('Jens Mikkel Sørensen');
		expect(text).toContain('Hanne Sørensen');
		expect(text).toContain(PLAN_B);
		expect(text).toContain('Selvmord');
		expect(text).toContain('Fortroligt – indeholder personoplysninger');
		expect(text).toContain('Side 1 af');
		expect(text).toContain('Birgitte Dahl');
		expect(text).toContain('Betale huslejen til tiden hver måned');
		// Only the current assessment per category.
		expect(text).toContain('Passive tanker');
		expect(text).not.toContain('Gammel vurdering');
		expect(text).not.toMatch(/120386|1203861234/);
	});

	it('prints only the chosen sections', async () => {
		const { text } = await pdfText({ ...base, record, sections: ['netvaerk'] });
		expect(text).toContain('Jens Mikkel Sørensen');
		expect(text).toContain('Hanne Sørensen');
		expect(text).not.toContain(PLAN_B);
		expect(text).not.toContain('Passive tanker');
		expect(text).not.toContain('Intensiv');
	});

	it('never prints a section the viewer may not see, even when asked for', async () => {
		const narrow: BorgerRecord = { ...record, sections: ['netvaerk'] };
		const { text } = await pdfText({
			...base,
			record: narrow,
			sections: ['netvaerk', 'kriseplan']
		});
		expect(text).toContain('Hanne Sørensen');
		expect(text).not.toContain(PLAN_B);
	});

	it('says so when a chosen section is empty', async () => {
		const bare: BorgerRecord = { ...record, items: [], crisisPlan: null };
		const { text } = await pdfText({ ...base, record: bare, sections: ['misbrug', 'kriseplan'] });
		expect(text).toContain('Intet registreret');
	});
});

describe('summarySectionsParam', () => {
	it('accepts a comma-separated list of section keys', () => {
		expect(summarySectionsParam.parse('netvaerk, maal')).toEqual(['netvaerk', 'maal']);
	});

	it('rejects unknown or no sections with a Danish message', () => {
		const bad = summarySectionsParam.safeParse('netvaerk,cpr');
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0]?.message).toContain('Ukendt afsnit: cpr');
		expect(summarySectionsParam.safeParse('').error?.issues[0]?.message).toBe(
			'Vælg mindst ét afsnit.'
		);
	});
});
