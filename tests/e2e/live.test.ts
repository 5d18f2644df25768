import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, login, newPage, screenshot } from './browser';
import { signIn, trpcClient } from '$tests/client';

const baseURL = inject('baseURL');
const POLL = { timeout: 15_000, interval: 100 };

let browser: Browser;
let a: Page;
let b: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	a = await newPage(browser, baseURL);
	b = await newPage(browser, baseURL);
	await login(a, 'thomas@demo.tavla.test');
	await login(b, 'lene@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

/** The note's text without the remote carets' name labels that y-codemirror draws inline. */
function editorText(page: Page, selector: string): Promise<string> {
	return page.locator(selector).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.cm-ySelectionCaret, .cm-ySelectionInfo').forEach((n) => n.remove());
		return copy.textContent ?? '';
	});
}

async function openSameBorger(): Promise<string> {
	await a.goto('/t/faellesteam-aabakke/tavle');
	const url = (await a.getByTestId('board-row').nth(2).locator('th a').getAttribute('href'))!;
	await a.goto(url);
	await b.goto(url);
	return url;
}

describe('live collaboration between two members', () => {
	test('each sees the other, their structured edits and their typing, without reload', async () => {
		await openSameBorger();
		// Both pages are live and show each other.
		await a.getByText('Live', { exact: true }).waitFor(POLL);
		await b.getByText('Live', { exact: true }).waitFor(POLL);
		await expect
			.poll(() => b.getByText('Thomas Brandt', { exact: false }).count(), POLL)
			.toBeGreaterThan(0);
		await expect
			.poll(() => a.getByText('Lene Holm Madsen', { exact: false }).count(), POLL)
			.toBeGreaterThan(0);

		// A structured edit by A appears on B.
		const aftalerA = a.locator('#aftaler');
		await aftalerA.getByRole('button', { name: 'Tilføj aftale' }).click();
		await aftalerA.locator('form').first().getByLabel('Aftale').fill('Live-aftale fra Thomas');
		await aftalerA.locator('form').first().getByRole('button', { name: 'Gem' }).click();
		await b.locator('#aftaler').getByText('Live-aftale fra Thomas').first().waitFor(POLL);

		// Concurrent typing in the same note merges on both screens.
		const editorA = a.locator('#maal .cm-content');
		const editorB = b.locator('#maal .cm-content');
		await editorA.click();
		await a.keyboard.press('End');
		await editorB.click();
		await b.keyboard.press('End');
		await Promise.all([
			a.keyboard.type(' [fra A]', { delay: 20 }),
			b.keyboard.type(' [fra B]', { delay: 20 })
		]);
		await expect.poll(() => editorText(a, '#maal .cm-content'), POLL).toContain('[fra A]');
		await expect.poll(() => editorText(a, '#maal .cm-content'), POLL).toContain('[fra B]');
		await expect
			.poll(
				async () =>
					(await editorText(b, '#maal .cm-content')) === (await editorText(a, '#maal .cm-content')),
				POLL
			)
			.toBe(true);
		await screenshot(a, 'live-a');
		await screenshot(b, 'live-b');

		// The text survives a reload (it was persisted, not just relayed).
		const text = await editorText(a, '#maal .cm-content');
		await b.reload();
		await expect.poll(() => editorText(b, '#maal .cm-content'), POLL).toBe(text);

		// Typing alone, the typist's own page shows the note's new "last changed" line
		// without a reload (it is written by the server after the typing).
		const retsligeA = a.locator('#retslige');
		await retsligeA.locator('.cm-content').click();
		await a.keyboard.press('End');
		await a.keyboard.type(' Kun Thomas skriver her.', { delay: 10 });
		await retsligeA.getByText(/Senest ændret .* af Thomas Brandt/).waitFor(POLL);
	});

	test('a click on a busy board is never lost to a live refresh', async () => {
		// Others' edits make the open board refetch every few hundred milliseconds. SvelteKit
		// lets a refetch win over a navigation under way, which used to drop clicks.
		await a.goto('/t/faellesteam-aabakke/tavle');
		await a.getByText('Live', { exact: true }).waitFor(POLL);
		const href = (await a.getByTestId('board-row').nth(4).locator('th a').getAttribute('href'))!;
		const borgerId = href.split('/').at(-1)!;
		const api = trpcClient(baseURL, await signIn(baseURL, 'birgitte@demo.tavla.test'));
		let version = (await api.borger.get.query({ borgerId })).version;
		let busy = true;
		let edits = 0;
		const stream = (async () => {
			while (busy) {
				const r = await api.borger.update.mutate({
					borgerId,
					baseVersion: version,
					patch: { staffSafety: `Travl tavle ${edits++}` }
				});
				version = r.version;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		})();
		// A slow network for the page being opened: the window in which a refetch can
		// overtake the click grows from a few to 400 milliseconds.
		await a.route('**/borgere/ny/__data.json*', async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 400));
			await route.continue();
		});
		try {
			for (let i = 0; i < 6; i++) {
				await a.getByRole('link', { name: 'Ny borger' }).click();
				await a.getByRole('heading', { level: 1, name: 'Ny borger' }).waitFor({ timeout: 5_000 });
				await a.goBack();
				await a.getByRole('link', { name: 'Ny borger' }).waitFor();
			}
		} finally {
			busy = false;
			await stream;
			await a.unrouteAll();
		}
		expect(edits).toBeGreaterThan(3);
	});
});
