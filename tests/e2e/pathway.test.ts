import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { launchBrowser, login, newPage, screenshot } from './browser';

const baseURL = inject('baseURL');
const TEAM = '/t/faellesteam-aabakke';
const NAME = 'Emil Pathway Testsen';
const POLL = { timeout: 15_000, interval: 100 };

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	page = await newPage(browser, baseURL);
	await login(page, 'lene@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

async function kpis(p: Page) {
	await p.goto(`${TEAM}/resultater`);
	const n = async (id: string) => Number((await p.getByTestId(id).textContent())?.trim());
	return {
		active: await n('kpi-active'),
		referrals: await n('kpi-referrals'),
		discharged: await n('kpi-discharged')
	};
}

describe('from referral to discharge', () => {
	test('a referral is visited, accepted, started, measured and discharged; the dashboard follows', async () => {
		const before = await kpis(page);
		expect(before.active).toBeGreaterThan(20);

		// Referral with the target-group checklist.
		await page.goto(`${TEAM}/henvisninger/ny`);
		await page.getByLabel('Navn', { exact: true }).fill(NAME);
		await page.getByLabel('Fødselsår').fill('1990');
		await page
			.getByLabel('Årsag til henvisningen')
			.fill('Mange indlæggelser og falder ud af tilbud.');
		const groups = page.getByRole('radiogroup');
		for (let i = 0; i < (await groups.count()); i++) {
			const g = groups.nth(i);
			const name = (await g.getAttribute('aria-labelledby'))!;
			const exclusion = /botilbud|afviser/.test(name);
			await g.getByLabel(exclusion ? 'Nej' : 'Ja', { exact: true }).check();
		}
		await page.getByRole('button', { name: 'Gem henvisning' }).click();
		await page.waitForURL(/\/henvisninger\/[0-9a-f-]{36}$/);
		await page.getByText('Borgeren er inden for teamets målgruppe.').waitFor();

		// Visitation: accept. The demo team is at its cap, so the borger goes on the waiting list.
		await page
			.getByLabel('Deltagere (én pr. linje)')
			.fill('Lene Holm Madsen (kommune)\nKarsten Vinther (region)');
		await page.getByLabel('Primær kontaktperson').selectOption({ label: 'Thomas Brandt' });
		await page.getByRole('button', { name: 'Registrér afgørelse' }).click();
		const courseLink = page.getByRole('link', { name: /Se forløbet|Gå til forløbet/ });
		await courseLink.waitFor(POLL);
		const courseUrl = (await courseLink.getAttribute('href'))!;
		const recordUrl = courseUrl.replace(/\/forloeb$/, '');

		// The waiting list shows the borger; a place is offered.
		await page.goto(`${TEAM}/venteliste`);
		await page.getByText(NAME).first().waitFor();
		await page.goto(courseUrl);
		const status = page.getByTestId('course-status');
		if ((await status.textContent())?.includes('venteliste')) {
			await page.getByRole('button', { name: 'Tilbyd plads' }).click();
			await expect.poll(() => status.textContent(), POLL).toContain('afventer opstart');
		}

		// The borger's goal, written on the record.
		await page.goto(recordUrl);
		const maal = page.locator('#maal');
		await maal.getByRole('button', { name: 'Tilføj mål' }).click();
		await maal.locator('form').first().getByLabel(/^Mål/).fill('Jeg vil have min egen lejlighed');
		await maal.locator('form').first().getByRole('button', { name: 'Gem' }).click();
		await maal.getByText('Jeg vil have min egen lejlighed').first().waitFor();

		// Startup meeting, then plan version 1 starts the course.
		await page.goto(courseUrl);
		await page.getByLabel('Sted', { exact: true }).fill('Hjemme hos borgeren');
		await page
			.getByLabel('Deltagere (én pr. linje)')
			.fill('Emil\nThomas (bostøtte)\nJonas (sygeplejerske)');
		await page.getByRole('button', { name: 'Gem opstartsmøde' }).click();
		await page.getByRole('status').filter({ hasText: 'Gemt' }).waitFor(POLL);
		const followUp = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
		await page.getByLabel('Opfølgningsdato').fill(followUp);
		await page.getByLabel('Borgerens egne ord').fill('Ro og mit eget sted.');
		await page.getByRole('button', { name: 'Start forløbet' }).click();
		await expect.poll(() => status.textContent(), POLL).toContain('Aktivt forløb');
		await page
			.getByText(/Version 1 · fra/)
			.first()
			.waitFor();

		// On the board, with the intake measurement due.
		await page.goto(`${TEAM}/tavle`);
		const row = page.getByTestId('board-row').filter({ hasText: NAME });
		await row.waitFor(POLL);
		await row
			.getByText(/Måling ved indskrivning/)
			.first()
			.waitFor();

		// WHO-5 at intake, scored on the server: 5 × 3 × 4 = 60.
		await page.goto(courseUrl);
		for (const item of [
			'Har jeg været glad og i godt humør',
			'Har jeg følt mig rolig og afslappet',
			'Har jeg følt mig aktiv og energisk',
			'Er jeg vågnet frisk og udhvilet',
			'Har min dagligdag været fyldt med ting, der interesserer mig'
		]) {
			await page
				.getByRole('group', { name: item })
				.getByLabel('3 – Lidt mere end halvdelen af tiden')
				.check();
		}
		await page.getByRole('button', { name: 'Gem måling' }).click();
		await expect
			.poll(() => page.getByTestId('measure-result').textContent(), POLL)
			.toContain('Gemt: 60');
		await page.getByTestId('measurements').getByText('Indskrivning').first().waitFor();

		// Discharge: the record becomes read-only and leaves the board.
		await page.getByLabel('Årsag', { exact: true }).selectOption({ label: 'Mål nået' });
		await page
			.getByLabel('Afsluttende resumé')
			.fill('Har fået egen lejlighed og fast kontakt til egen læge.');
		await page.getByRole('button', { name: 'Afslut forløbet' }).click();
		await expect.poll(() => status.textContent(), POLL).toContain('Afsluttet');
		await page.getByText('Forløbet er afsluttet. Journalen kan kun læses.').waitFor();
		await screenshot(page, 'pathway-discharged');
		await page.goto(`${TEAM}/tavle`);
		await page.getByTestId('board-row').first().waitFor();
		expect(await page.getByTestId('board-row').filter({ hasText: NAME }).count()).toBe(0);

		// The dashboard counts the new referral and the discharge.
		const after = await kpis(page);
		expect(after.referrals).toBe(before.referrals + 1);
		expect(after.discharged).toBe(before.discharged + 1);
		await screenshot(page, 'pathway-dashboard');

		// Exports carry the same figures.
		const csv = await page.request.get(`${TEAM}/resultater.csv`);
		expect(csv.status()).toBe(200);
		const text = await csv.text();
		expect(text).toContain('Afslutninger;;Mål nået;');
		expect(text).toContain(`Henvisninger;;Modtaget;${after.referrals}`);
		const pdf = await page.request.get(`${TEAM}/resultater.pdf`);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		const doc = await getDocumentProxy(new Uint8Array(await pdf.body()));
		const { text: pdfText } = await extractText(doc, { mergePages: true });
		expect(pdfText).toContain('Teamets resultater');
		expect(pdfText).toContain('Afslutninger efter årsag');
	});

	test('a member may not record a visitation decision, and an auditor sees only the dashboard', async () => {
		const member = await newPage(browser, baseURL);
		await login(member, 'thomas@demo.tavla.test');
		await member.goto(`${TEAM}/henvisninger`);
		const first = member.getByRole('link', { name: 'Ida Munk' });
		await member.goto((await first.getAttribute('href'))!);
		await member
			.getByText('Afventer visitation. Teamleder eller mødeleder registrerer afgørelsen.')
			.waitFor();
		expect(await member.getByRole('button', { name: 'Registrér afgørelse' }).count()).toBe(0);

		const auditor = await newPage(browser, baseURL);
		await login(auditor, 'hanne@demo.tavla.test');
		const res = await auditor.goto(`${TEAM}/henvisninger`);
		expect(res?.status()).toBe(403);
		await auditor.goto(`${TEAM}/resultater`);
		await auditor.getByTestId('kpi-active').waitFor();
		await member.context().close();
		await auditor.context().close();
	});
});
