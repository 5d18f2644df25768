import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { expectNoAxeViolations, launchBrowser, login, newPage, screenshot } from './browser';

const baseURL = inject('baseURL');
const TEAM = '/t/faellesteam-aabakke';

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	page = await newPage(browser, baseURL);
	await login(page, 'thomas@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

/** Wait for the "✓ Gemt" mark inside a section after a save. */
async function saved(scope: Locator) {
	await scope.getByText('✓ Gemt').first().waitFor({ timeout: 10_000 });
}

async function addItem(
	section: Locator,
	button: string,
	fill: (form: Locator) => Promise<void>,
	expectText: string
) {
	await section.getByRole('button', { name: button }).click();
	const form = section.locator('form').first();
	await fill(form);
	await form.getByRole('button', { name: 'Gem' }).click();
	await section.getByText(expectText).first().waitFor({ timeout: 10_000 });
}

describe('the tavle and a borger record', () => {
	test('the tavle lists the demo caseload, with privacy and big-screen modes', async () => {
		await page.goto(`${TEAM}/tavle`);
		const rows = page.getByTestId('board-row');
		expect(await rows.count()).toBeGreaterThanOrEqual(20);
		const firstName = (await rows.first().locator('th a').textContent())!.trim();
		expect(firstName.length).toBeGreaterThan(4);
		await screenshot(page, 'tavle');
		await expectNoAxeViolations(page);

		await page.getByLabel('Privatlivstilstand').check();
		const initials = (await rows.first().locator('th a').textContent())!.trim();
		expect(initials).toMatch(/^[A-ZÆØÅ]{1,4}$/);
		await page.getByLabel('Storskærm').check();
		await expect
			.poll(() => page.getByRole('heading', { name: 'Tavle' }).getAttribute('class'))
			.toContain('text-4xl');
		await screenshot(page, 'tavle-storskaerm-privat');
		// The modes belong to the screen: they survive a reload.
		await page.reload();
		await expect.poll(() => page.getByLabel('Privatlivstilstand').isChecked()).toBe(true);
		await page.getByLabel('Privatlivstilstand').uncheck();
		await page.getByLabel('Storskærm').uncheck();

		await page.getByLabel('Søg').fill(firstName);
		await expect.poll(() => rows.count()).toBe(1);
	});

	test('a member creates a borger, edits every section, sees the history and prints a summary', async () => {
		await page.goto(`${TEAM}/tavle`);
		await page.getByRole('link', { name: 'Ny borger' }).click();
		await page.getByLabel('Navn').fill('Erik Testesen');
		await page.getByLabel('Fødselsår').fill('1850');
		await page.getByRole('button', { name: 'Opret borger' }).click();
		await page.getByText('Fødselsåret skal være efter 1900.').waitFor();
		await page.getByLabel('Fødselsår').fill('1979');
		await page.getByRole('button', { name: 'Opret borger' }).click();
		await page.waitForURL(/\/borgere\/[0-9a-f-]{36}$/);
		await page.getByRole('heading', { level: 1, name: /Erik Testesen/ }).waitFor();

		const identitet = page.locator('#identitet');
		await identitet.getByRole('button', { name: 'Redigér stamdata' }).click();
		await identitet.getByLabel('Personalesikkerhed').fill('Altid to ved hjemmebesøg');
		await identitet.getByRole('button', { name: 'Gem' }).click();
		await saved(identitet);
		await page.getByText('Personalesikkerhed: Altid to ved hjemmebesøg').waitFor();

		const skalering = page.locator('#skalering');
		await skalering.getByRole('button', { name: 'Skalér op eller ned' }).click();
		await skalering.getByLabel('Nyt niveau').selectOption('intensiv');
		await skalering.getByLabel('Begrundelse').fill('Forværring efter udskrivelse');
		await skalering.getByRole('button', { name: 'Opskalér' }).click();
		await skalering.getByText('Forværring efter udskrivelse').waitFor();

		const risiko = page.locator('#risiko');
		await risiko.getByRole('button', { name: 'Ny vurdering' }).click();
		await risiko.getByLabel('Kategori').selectOption('selvmord');
		await risiko.getByLabel('Høj').check();
		await risiko.getByLabel('Begrundelse').fill('Udtrykker håbløshed');
		await risiko.getByRole('button', { name: 'Gem vurdering' }).click();
		await risiko.getByText('Udtrykker håbløshed').waitFor();
		await addItem(
			risiko,
			'Tilføj foranstaltning',
			(f) => f.getByLabel('Foranstaltning').fill('Daglig telefonkontakt'),
			'Daglig telefonkontakt'
		);

		const kriseplan = page.locator('#kriseplan');
		await kriseplan.getByRole('button', { name: 'Opret kriseplan' }).click();
		await kriseplan.getByLabel('Tidlige tegn').fill('Holder op med at spise');
		await kriseplan.getByLabel('Plan B').fill('Vagthavende psykiater kontaktes');
		await kriseplan.getByRole('button', { name: 'Gem ny version' }).click();
		await kriseplan.getByText('Version 1').waitFor();

		const netvaerk = page.locator('#netvaerk');
		await addItem(
			netvaerk,
			'Tilføj person',
			async (f) => {
				await f.getByLabel('Navn').fill('Hanne Testesen');
				await f.getByLabel('Relation').fill('søster');
				await f.getByLabel('Type').selectOption('privat');
				await f.getByLabel('Ressource eller belastning').selectOption('ressource');
			},
			'Hanne Testesen (søster)'
		);
		expect(await netvaerk.locator('svg[role="img"]').count()).toBe(1);

		await addItem(
			page.locator('#misbrug'),
			'Tilføj rusmiddel',
			async (f) => {
				await f.getByLabel('Rusmiddel').fill('Alkohol');
				await f.getByLabel('Mønster').fill('Weekender');
				await f.getByLabel('Behandling').selectOption('venter');
				await f.getByLabel('Borgerens mål').selectOption('reducer');
			},
			'Alkohol: Weekender'
		);
		await addItem(
			page.locator('#retslige'),
			'Tilføj forhold',
			async (f) => {
				await f.getByLabel('Type').selectOption('retsmoede');
				await f.getByLabel('Beskrivelse').fill('Sag om butikstyveri');
			},
			'Retsmøde: Sag om butikstyveri'
		);
		const maal = page.locator('#maal');
		await addItem(
			maal,
			'Tilføj mål',
			(f) => f.getByLabel(/^Mål/).fill('Jeg vil have mit eget hjem'),
			'Jeg vil have mit eget hjem'
		);
		await maal
			.getByRole('button', { name: 'Tilføj delmål til Jeg vil have mit eget hjem' })
			.click();
		await maal.locator('form').first().getByLabel(/^Mål/).fill('Søge om boligstøtte');
		await maal.locator('form').first().getByRole('button', { name: 'Gem' }).click();
		await maal.getByText('Søge om boligstøtte').first().waitFor();
		await addItem(
			maal,
			'Tilføj plan',
			async (f) => {
				await f.getByLabel('Type').selectOption('faelles_plan');
				await f.getByLabel('Titel').fill('Fælles plan v1');
			},
			'Fælles plan: Fælles plan v1'
		);
		await addItem(
			page.locator('#indsatser'),
			'Tilføj indsats',
			async (f) => {
				await f.getByLabel('Udbyder').fill('Åbakke Kommune');
				await f.getByLabel('Indsats').fill('Bostøtte');
				await f.getByLabel(/Lovgrundlag/).fill('SEL § 85');
			},
			'Åbakke Kommune: Bostøtte (SEL § 85)'
		);
		await addItem(
			page.locator('#aftaler'),
			'Tilføj aftale',
			(f) => f.getByLabel('Aftale').fill('Ringe til jobcentret'),
			'Ringe til jobcentret'
		);

		// The note is a collaborative editor: typed text is acknowledged by the server.
		const note = page.locator('#misbrug .cm-content');
		await note.click();
		await page.keyboard.type('Har selv bedt om hjælp');
		await page.locator('#misbrug').getByText('Synkroniseret').waitFor({ timeout: 10_000 });

		await screenshot(page, 'borger');
		await expectNoAxeViolations(page);

		const recordUrl = page.url();
		await page.getByRole('link', { name: 'Al historik' }).click();
		await page.getByRole('heading', { name: 'Historik' }).waitFor();
		// The note's plain-text copy (and its history row) is written a moment after typing.
		await expect
			.poll(
				async () => {
					await page.reload();
					return (await page.locator('table').textContent()) ?? '';
				},
				{ timeout: 10_000, interval: 500 }
			)
			.toContain('Har selv bedt om hjælp');
		const historyText = await page.locator('table').textContent();
		for (const expected of [
			'Kriseplan',
			'Netværk',
			'Rusmidler',
			'Risikovurdering',
			'Personalesikkerhed',
			'Plan B',
			'Har selv bedt om hjælp'
		]) {
			expect(historyText).toContain(expected);
		}

		const res = await page.request.get(`${recordUrl}/resume.pdf`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('application/pdf');
		const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
		const { text } = await extractText(pdf, { mergePages: true });
		expect(text).toContain('Erik Testesen');
		expect(text).toContain('Vagthavende psykiater kontaktes');
		expect(text).toContain('Hanne Testesen');
	});
});
