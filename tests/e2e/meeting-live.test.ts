import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { launchBrowser, login, newPage, screenshot } from './browser';

/**
 * The meeting leader edits the agenda by drag and drop (mouse and keyboard) and every other
 * screen follows at once; participants follow the leader to the current case's record
 * unless they turn it off (a choice kept on their device). Plus the statistics page and
 * the per-borger minutes extract on the seeded year of meetings.
 */

const baseURL = inject('baseURL');
const POLL = { timeout: 15_000, interval: 100 };
const TEAM = '/t/faellesteam-aabakke';

let browser: Browser;
let leader: Page;
let member: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	[leader, member] = await Promise.all([newPage(browser, baseURL), newPage(browser, baseURL)]);
	await login(leader, 'birgitte@demo.tavla.test');
	await login(member, 'thomas@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

const upcoming = (p: Page) =>
	p
		.locator('ol[aria-label="Kommende punkter"] > li')
		.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
/** Editing is paused while a change is being saved; wait until the leader may edit again. */
const settled = (p: Page) =>
	expect
		.poll(async () => (await p.getByTestId('agenda-total').textContent()) ?? '', POLL)
		.not.toContain('gemmer');
const total = async (p: Page) =>
	Number(/^(\d+) af/.exec((await p.getByTestId('agenda-total').textContent()) ?? '')?.[1]);

describe('agenda editing and following the leader', () => {
	let url = '';

	test('the leader reorders by dragging (mouse and keyboard) and changes slots; the member sees it live', async () => {
		await leader.goto(`${TEAM}/moeder`);
		await leader.getByLabel('Mødedato').fill('2031-05-06');
		await leader.getByRole('button', { name: 'Foreslå dagsorden' }).click();
		await leader.waitForURL(/\/moeder\/[0-9a-f-]{36}$/);
		url = new URL(leader.url()).pathname;
		await member.goto(url);
		await expect.poll(async () => (await upcoming(leader)).length, POLL).toBeGreaterThan(3);
		const before = await upcoming(leader);
		await expect.poll(() => upcoming(member), POLL).toEqual(before);
		// The member may look but not edit.
		expect(await member.getByTestId('drag-handle').count()).toBe(0);

		// Mouse: drag the first item's handle below the third item.
		const handle = leader.getByTestId('drag-handle').first();
		const target = leader.locator('ol[aria-label="Kommende punkter"] > li').nth(2);
		const from = (await handle.boundingBox())!;
		const to = (await target.boundingBox())!;
		await leader.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await leader.mouse.down();
		await leader.mouse.move(from.x + from.width / 2, from.y + 20, { steps: 5 });
		await leader.mouse.move(to.x + 40, to.y + to.height / 2, { steps: 20 });
		await leader.mouse.up();
		// Where exactly it lands depends on the layout shifting under the pointer while the
		// item is lifted; what matters is that it moved down, the rest kept their order, and
		// the member sees the same order.
		await expect
			.poll(async () => (await upcoming(leader)).indexOf(before[0]!), POLL)
			.toBeGreaterThan(0);
		const dragged = await upcoming(leader);
		expect(dragged.filter((x) => x !== before[0])).toEqual(before.slice(1));
		await expect.poll(() => upcoming(member), POLL).toEqual(dragged);

		// A longer slot, a new item and a removed one: the sum follows on both screens.
		await settled(leader);
		const sum = await total(leader);
		await leader.getByRole('button', { name: `5 minutter længere for ${dragged[0]}` }).click();
		await expect.poll(() => total(member), POLL).toBe(sum + 5);
		await leader.getByLabel('Tilføj punkt').fill('Visitation af ny henvisning');
		await leader.getByLabel('Min.').fill('10');
		await leader.getByRole('button', { name: 'Tilføj punkt' }).click();
		await expect
			.poll(async () => (await upcoming(member)).at(-1), POLL)
			.toBe('Visitation af ny henvisning');
		await expect.poll(() => total(member), POLL).toBe(sum + 15);
		await leader.getByRole('button', { name: 'Fjern Visitation af ny henvisning' }).click();
		await expect.poll(() => total(member), POLL).toBe(sum + 5);
		expect(await upcoming(member)).not.toContain('Visitation af ny henvisning');
		// Keyboard, last: space on the handle lifts the item, arrow down moves it, space drops it.
		await settled(leader);
		await leader.getByTestId('drag-handle').first().focus();
		await leader.keyboard.press('Space');
		await leader.keyboard.press('ArrowDown');
		await leader.keyboard.press('Space');
		const keyed = [dragged[1]!, dragged[0]!, ...dragged.slice(2)];
		await expect.poll(() => upcoming(leader), POLL).toEqual(keyed);
		await expect.poll(() => upcoming(member), POLL).toEqual(keyed);
		// Buttons still work after a keyboard move: the slot made longer above, shorter again.
		await settled(leader);
		await leader.getByRole('button', { name: `5 minutter kortere for ${dragged[0]}` }).click();
		await expect.poll(() => total(member), POLL).toBe(sum);

		await screenshot(leader, 'moede-dagsorden-traek');
	});

	test('participants follow the leader to the current case unless they turn it off', async () => {
		await leader.getByRole('button', { name: 'Start mødet' }).click();
		// Move on until the current item is a case about a borger.
		const glance = member.getByTestId('borger-glance');
		for (let i = 0; i < 5 && !(await glance.isVisible()); i++) {
			await leader.getByRole('button', { name: 'Næste punkt' }).click();
			await member.waitForTimeout(800);
		}
		await glance.waitFor(POLL);
		const current = (await member.getByTestId('current-item').textContent())!.trim();
		await expect
			.poll(
				async () => (await glance.getByRole('heading', { level: 2 }).textContent())?.trim(),
				POLL
			)
			.toBe(current);
		await screenshot(member, 'moede-foelg-lederen');

		// Off: the next case does not open here, though the current item still updates.
		await member.getByLabel('Følg mødelederen').uncheck();
		await expect.poll(() => glance.count(), POLL).toBe(0);
		await leader.getByRole('button', { name: 'Næste punkt' }).click();
		await expect
			.poll(async () => (await member.getByTestId('current-item').textContent())?.trim(), POLL)
			.not.toBe(current);
		await member.waitForTimeout(1000);
		expect(await glance.count()).toBe(0);

		// The choice survives a reload; turning it on again opens the current case.
		await member.reload();
		await member.getByTestId('current-item').waitFor(POLL);
		expect(await member.getByLabel('Følg mødelederen').isChecked()).toBe(false);
		expect(await glance.count()).toBe(0);
		await member.getByLabel('Følg mødelederen').check();
		const now = (await member.getByTestId('current-item').textContent())!.trim();
		if (await leader.getByRole('link', { name: 'Åbn borgerens journal' }).count()) {
			await expect
				.poll(
					async () => (await glance.getByRole('heading', { level: 2 }).textContent())?.trim(),
					POLL
				)
				.toBe(now);
		}
		// Leave the meeting closed for the other tests.
		leader.once('dialog', (d) => void d.accept());
		await leader.getByRole('button', { name: 'Afslut mødet' }).click();
		await leader.getByText('Afholdt').first().waitFor(POLL);
	});
});

describe('history on the seeded year of meetings', () => {
	test('the statistics page shows the year in numbers and charts', async () => {
		await member.goto(`${TEAM}/moeder`);
		const href = await member.getByRole('link', { name: 'Mødestatistik' }).getAttribute('href');
		await member.goto(href!);
		await member.getByRole('heading', { name: 'Mødestatistik' }).waitFor(POLL);
		const totals = (await member.getByTestId('stats-totals').textContent()) ?? '';
		const held = /Møderafholdt(\d+)af(\d+)/.exec(totals.replace(/\s+/g, ''));
		expect(Number(held?.[1])).toBeGreaterThan(40);
		expect(Number(held?.[2])).toBeGreaterThanOrEqual(Number(held?.[1]));
		// Charts render as SVG (layerchart), one per figure.
		await expect.poll(() => member.locator('figure svg').count(), POLL).toBeGreaterThanOrEqual(5);
		await screenshot(member, 'moede-statistik');
	});

	test('the borger record links to the extract of approved minutes, also as PDF', async () => {
		await member.goto(`${TEAM}/tavle`);
		const hrefs = await member
			.locator(`a[href^="${TEAM}/borgere/"]`)
			.evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
		const record = hrefs.find((h) => /\/borgere\/[0-9a-f-]{36}$/.test(h));
		expect(record).toBeTruthy();
		await member.goto(record!);
		const link = member.getByRole('link', { name: 'Referatudtog' });
		await link.waitFor(POLL);
		await member.goto((await link.getAttribute('href'))!);
		await member.getByRole('heading', { name: 'Referatudtog' }).waitFor(POLL);
		const meetings = member.getByRole('heading', { level: 2, name: /Tavlemøde/ });
		const n = await meetings.count();
		const name = ((await member.getByTestId('extract-borger').textContent()) ?? '').trim();
		const pdfHref = await member.getByRole('link', { name: 'Hent som PDF' }).getAttribute('href');
		const res = await member.request.get(pdfHref!);
		expect(res.status()).toBe(200);
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.body())), {
			mergePages: true
		});
		expect(text).toContain(`Referatudtog: ${name}`);
		if (n > 0) expect(text).toContain('Tavlemøde');
		else expect(text).toContain('ikke nævnt i godkendte referater');
	});
});
