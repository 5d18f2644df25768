import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { launchBrowser, login, newPage, screenshot } from './browser';

const baseURL = inject('baseURL');
const POLL = { timeout: 15_000, interval: 100 };
const TEAM = '/t/faellesteam-aabakke';

let browser: Browser;
let lead: Page;
let auditor: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	// Separate contexts: the team lead and the auditor never share cookies.
	[lead, auditor] = await Promise.all([newPage(browser, baseURL), newPage(browser, baseURL)]);
	await login(lead, 'lene@demo.tavla.test');
	await login(auditor, 'hanne@demo.tavla.test');
	for (const p of [lead, auditor]) p.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
	await browser?.close();
});

async function currentAuditUrl(p: Page): Promise<string> {
	await p.goto(`${TEAM}/audit`);
	const year = new Date().getFullYear();
	const href = await p
		.getByRole('link', { name: `Audit ${year}`, exact: true })
		.getAttribute('href');
	expect(href).toMatch(/\/audit\/[0-9a-f-]{36}$/);
	return href!;
}

describe('fidelity audit', () => {
	test('self-evaluation → auditor scoring → hidden until release → report PDF with the scores', async () => {
		// --- The team lead: self-evaluation with evidence from the board -------------------
		const url = await currentAuditUrl(lead);
		await lead.goto(url);
		await expect
			.poll(() => lead.locator('[data-indicator="meetings"]').first().textContent(), POLL)
			.toMatch(/\d+ % \(\d+ af \d+\)/);
		await expect
			.poll(() => lead.locator('[data-indicator="attendance"]').first().textContent(), POLL)
			.toMatch(/%/);
		// Phone width: the self-evaluation must stay usable.
		await lead.setViewportSize({ width: 390, height: 844 });
		await screenshot(lead, 'audit-self-phone');
		await lead.setViewportSize({ width: 1280, height: 800 });
		const item = lead.locator('fieldset[data-item="tavlemoede.afholdt"]');
		await item.locator('input[type="radio"][value="4"]').check();
		await expect.poll(() => item.textContent(), POLL).toContain('Senest ændret af Lene');
		await lead.getByRole('button', { name: 'Send selvevaluering' }).click();
		await expect
			.poll(() => lead.getByText('Selvevalueringen er sendt til auditorerne').count(), POLL)
			.toBeGreaterThan(0);

		// The score form is not reachable for the team.
		const auditId = url.split('/').pop()!;
		expect((await lead.goto(`${url}/auditor`))?.status()).toBe(403);

		// --- The auditor scores every item ---------------------------------------------------
		await auditor.goto(url);
		const wsHref = await auditor
			.getByRole('link', { name: 'Auditorens arbejde' })
			.first()
			.getAttribute('href');
		await auditor.goto(wsHref!);
		const items = auditor.locator('fieldset[data-item]');
		const n = await items.count();
		expect(n).toBeGreaterThan(10);
		for (let i = 0; i < n; i++) {
			await items.nth(i).locator('input[type="radio"][value="4"]').check();
			// Let each save land before the next, so the refetch does not race the clicks.
			await expect
				.poll(() => items.nth(i).locator('input[value="4"]').isChecked(), POLL)
				.toBe(true);
		}
		await expect.poll(() => auditor.getByTestId('draft-overall').textContent(), POLL).toBe('4,0');
		await auditor.getByLabel('Styrker').fill('Stærk og velstyret tavlekultur.');
		await auditor
			.getByLabel('Udviklingsmål for næste år (ét pr. linje)')
			.fill('Alle borgere har en fælles plan med delmål');
		await auditor.getByRole('button', { name: 'Gem rapportudkast' }).click();

		// --- Before release the team sees no scores ------------------------------------------
		expect((await lead.goto(`${url}/rapport`))?.status()).toBe(403);
		const early = await lead.request.get(`${url}/rapport.pdf`);
		expect(early.status()).toBe(403);
		await lead.goto(`${TEAM}/audit`);
		const row = lead.locator('tr', { has: lead.locator(`a[href$="${auditId}"]`) });
		await expect.poll(() => row.textContent(), POLL).toContain('Ikke frigivet');

		// --- Release -------------------------------------------------------------------------
		await auditor.getByRole('button', { name: 'Frigiv rapport' }).click();
		await auditor.waitForURL(/\/rapport$/, { timeout: 15_000 });
		await expect.poll(() => auditor.getByTestId('overall').textContent(), POLL).toBe('4,0');
		await screenshot(auditor, 'audit-report');

		// The team now sees the report, the comparison with last year and the PDF.
		await lead.goto(`${url}/rapport`);
		await expect.poll(() => lead.getByTestId('overall').textContent(), POLL).toBe('4,0');
		await expect
			.poll(() => lead.getByText('Sammenligning med tidligere år').count(), POLL)
			.toBeGreaterThan(0);
		const res = await lead.request.get(`${url}/rapport.pdf`);
		expect(res.status()).toBe(200);
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.body())), {
			mergePages: true
		});
		expect(text).toContain('Samlet score: 4,0');
		expect(text).toContain('Certificeret');
		expect(text).toContain('Stærk og velstyret tavlekultur.');
		expect(text).toContain('Alle borgere har en fælles plan med delmål');
		expect(text).toMatch(/Tavlemødet: 4,0/);

		// The agreed goal is now a tracked team goal.
		await lead.goto(`${TEAM}/audit`);
		await expect
			.poll(() => lead.getByText('Alle borgere har en fælles plan med delmål').count(), POLL)
			.toBeGreaterThan(0);
	});
});
