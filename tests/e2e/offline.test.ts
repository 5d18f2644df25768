import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, login, newPage, screenshot } from './browser';

// Structured edits made without a connection wait in browser storage and are sent when
// the server can be reached again, even after a page reload in between.

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

describe('offline edits', () => {
	test('an item added while the server is unreachable survives a reload and is saved once', async () => {
		await page.goto(`${TEAM}/tavle`);
		const href = await page.getByTestId('board-row').nth(3).locator('th a').getAttribute('href');
		await page.goto(href!);
		const aftaler = page.locator('#aftaler');
		const text = `Offline-aftale ${Date.now()}`;

		// The API is unreachable (as on a lost connection); pages themselves still load.
		const block = (route: { abort: () => Promise<void> }) => route.abort();
		await page.route('**/api/trpc/**', block);
		await aftaler.getByRole('button', { name: 'Tilføj aftale' }).click();
		const form = aftaler.locator('form').first();
		await form.getByLabel('Aftale').fill(text);
		await form.getByRole('button', { name: 'Gem' }).click();
		await aftaler.getByText('Venter på forbindelse').first().waitFor({ timeout: 10_000 });
		const banner = page.getByTestId('pending-edits');
		await banner.getByText('1 ændring venter').waitFor();
		// A second click must not queue the same edit twice.
		expect(await form.getByRole('button', { name: 'Gem' }).isDisabled()).toBe(true);
		await screenshot(page, 'offline-venter');

		// Reload while still unreachable: the edit is still waiting, not lost.
		await page.reload();
		await page.getByTestId('pending-edits').getByText('1 ændring venter').waitFor();
		await banner.getByText('Vis').click();
		await banner.getByText(text, { exact: false }).first().waitFor();

		// Back online: it is sent by itself and shows up once.
		await page.unroute('**/api/trpc/**', block);
		// The browser says the network is back (the queue also retries by itself with backoff).
		await page.evaluate(() => dispatchEvent(new Event('online')));
		await aftaler.getByText(text).first().waitFor({ timeout: 15_000 });
		await expect.poll(() => page.getByTestId('pending-edits').count()).toBe(0);
		await page.reload();
		// The item's summary line (its buttons repeat the text for screen readers).
		await expect.poll(() => aftaler.locator('p', { hasText: text }).count()).toBe(1);
	});
});
