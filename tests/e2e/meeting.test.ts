import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { launchBrowser, login, newPage, screenshot } from './browser';

const baseURL = inject('baseURL');
const POLL = { timeout: 15_000, interval: 100 };

let browser: Browser;
let leader: Page;
let nurse: Page;
let worker: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	[leader, nurse, worker] = await Promise.all([
		newPage(browser, baseURL),
		newPage(browser, baseURL),
		newPage(browser, baseURL)
	]);
	await login(leader, 'birgitte@demo.tavla.test');
	await login(nurse, 'jonas@demo.tavla.test');
	await login(worker, 'mette@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

const timerSeconds = async (p: Page) => {
	const t = ((await p.getByTestId('timer').textContent()) ?? '').replace('−', '-');
	const [m, s] = t.split(':').map(Number);
	return (m! < 0 || t.startsWith('-') ? -1 : 1) * (Math.abs(m!) * 60 + s!);
};

describe('the tavlemøde', () => {
	test('the leader plans and runs a meeting; everyone follows live; minutes hold the decisions and tasks', async () => {
		await leader.goto('/t/faellesteam-aabakke/moeder');
		await leader.getByLabel('Mødedato').fill('2031-03-04');
		await leader.getByRole('button', { name: 'Foreslå dagsorden' }).click();
		await leader.waitForURL(/\/moeder\/[0-9a-f-]{36}$/);
		const url = new URL(leader.url()).pathname;
		await expect
			.poll(() => leader.getByTestId('agenda-total').textContent(), POLL)
			.toMatch(/af 120 minutter/);
		await Promise.all([nurse.goto(url), worker.goto(url)]);

		await leader.getByLabel('Fremmøde for Jonas Friis').selectOption('online');
		await leader.getByLabel('Fremmøde for Mette Lund').selectOption('fremmoedt');
		await leader.getByRole('button', { name: 'Start mødet' }).click();
		await leader.getByRole('button', { name: 'Næste punkt' }).click();
		await leader.getByRole('button', { name: 'Næste punkt' }).click();

		// Wait until the leader's own screen shows the first case, then everyone must agree.
		await expect
			.poll(async () => (await leader.getByTestId('current-item').textContent())?.trim(), POLL)
			.not.toMatch(/Fremmøde|henvisninger/);
		const title = (await leader.getByTestId('current-item').textContent())!.trim();
		// Everyone sees the same current case and (within a couple of seconds) the same timer.
		for (const p of [nurse, worker]) {
			await expect
				.poll(async () => (await p.getByTestId('current-item').textContent())?.trim(), POLL)
				.toBe(title);
		}
		const [t1, t2, t3] = await Promise.all([
			timerSeconds(leader),
			timerSeconds(nurse),
			timerSeconds(worker)
		]);
		expect(Math.abs(t1 - t2)).toBeLessThanOrEqual(2);
		expect(Math.abs(t1 - t3)).toBeLessThanOrEqual(2);

		// The nurse records a decision, the worker a task; both appear for the others.
		await nurse.getByLabel('Beslutning og begrundelse').fill('Øget kontakt to gange om ugen');
		await nurse.getByRole('button', { name: 'Registrér beslutning' }).click();
		await worker.getByLabel('Opgave', { exact: true }).fill('Ringe til egen læge om medicin');
		await worker.getByLabel('Ansvarlig').selectOption({ label: 'Mette Lund' });
		await worker.getByRole('button', { name: 'Tilføj opgave' }).click();
		for (const p of [leader, nurse, worker]) {
			await p.getByText('Øget kontakt to gange om ugen').first().waitFor(POLL);
			await p.getByText('Ringe til egen læge om medicin').first().waitFor(POLL);
		}
		await screenshot(leader, 'moede-leder');

		leader.once('dialog', (d) => void d.accept());
		await leader.getByRole('button', { name: 'Afslut mødet' }).click();
		await leader.getByRole('link', { name: 'Referat' }).click();
		leader.once('dialog', (d) => void d.accept());
		await leader.getByRole('button', { name: 'Godkend referat' }).click();
		await leader
			.getByText(/Godkendt/)
			.first()
			.waitFor(POLL);

		const res = await leader.request.get(`${url}/referat.pdf`);
		expect(res.status()).toBe(200);
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.body())), {
			mergePages: true
		});
		expect(text).toContain('Øget kontakt to gange om ugen');
		expect(text).toContain('Ringe til egen læge om medicin');
		expect(text).toContain('Jonas Friis (online)');
		expect(text).toContain(title);
	});
});
