import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, login, newPage, screenshot } from './browser';

// An outer-wheel guest, end to end: the leader sees that the borger has not consented,
// records a consent to "Egen læge" for two sections, invites the GP to that item, the
// GP opens the link on a phone and sees only that borger and those sections, a second
// device is refused, and when the leader moves on the GP is shut out.

const baseURL = inject('baseURL');
const POLL = { timeout: 20_000, interval: 200 };
const TEAM = '/t/faellesteam-aabakke';

let browser: Browser;
let leader: Page;

beforeAll(async () => {
	browser = await launchBrowser();
	leader = await newPage(browser, baseURL);
	await login(leader, 'lene@demo.tavla.test');
});
afterAll(async () => {
	await browser?.close();
});

async function phone(): Promise<Page> {
	const context = await browser.newContext({
		baseURL,
		locale: 'da-DK',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	return context.newPage();
}

describe('outer-wheel guest', () => {
	test('consent first, then a personal link: one borger, consented sections, only during the slot', async () => {
		// A meeting, started, at its first case.
		await leader.goto(`${TEAM}/moeder`);
		await leader.getByLabel('Mødedato').fill('2032-05-06');
		await leader.getByRole('button', { name: 'Foreslå dagsorden' }).click();
		await leader.waitForURL(/\/moeder\/[0-9a-f-]{36}$/);
		const meetingPath = new URL(leader.url()).pathname;
		await leader.getByRole('button', { name: 'Start mødet' }).click();
		await leader.getByRole('button', { name: 'Næste punkt' }).click();
		await leader.getByRole('button', { name: 'Næste punkt' }).click();
		await expect
			.poll(async () => (await leader.getByTestId('current-item').textContent())?.trim(), POLL)
			.not.toMatch(/Fremmøde|henvisninger/);

		// The guests page: who is the current case, and no consent to outsiders yet.
		await leader.goto(`${meetingPath}/gaester`);
		const cards = leader.getByRole('listitem').filter({ has: leader.getByRole('heading') });
		const names = (await leader.getByRole('heading', { level: 2 }).allTextContents()).map((n) =>
			n.trim()
		);
		const current = await (async () => {
			await leader.goto(meetingPath);
			const title = (await leader.getByTestId('current-item').textContent()) ?? '';
			await leader.goto(`${meetingPath}/gaester`);
			return names.find((n) => title.includes(n))!;
		})();
		expect(current).toBeTruthy();
		const other = names.find((n) => n !== current)!;
		const card = cards.filter({ has: leader.getByRole('heading', { name: current, exact: true }) });
		await expect.poll(() => card.getByTestId('no-consent').isVisible(), POLL).toBe(true);
		expect(await card.getByRole('button', { name: 'Invitér gæst' }).count()).toBe(0);

		// Record the consent on the borger's record.
		const consentHref = await card
			.getByRole('link', { name: `Samtykke for ${current}` })
			.getAttribute('href');
		await leader.goto(consentHref!);
		await leader.getByLabel('Hvem gælder det').selectOption('person');
		await leader.getByLabel('Navn, rolle eller organisation').fill('Egen læge');
		await leader.getByLabel('Alle afsnit på tavlen').uncheck();
		await leader.getByLabel('Mål og ønsker').check();
		await leader.getByLabel('Kriseplan').check();
		await leader.getByRole('button', { name: 'Gem samtykke' }).click();
		await expect.poll(() => leader.getByText('Samtykket er gemt.').isVisible(), POLL).toBe(true);
		await screenshot(leader, 'guest-consent');

		// Invite the GP under that consent.
		await leader.goto(`${meetingPath}/gaester`);
		const card2 = leader
			.getByRole('listitem')
			.filter({ has: leader.getByRole('heading', { name: current, exact: true }) });
		await screenshot(leader, 'guest-invite-form');
		await card2.getByLabel('Inviteres under samtykke').selectOption({ label: 'Egen læge' });
		await card2.getByLabel('Gæstens navn').fill('Dr. Lise Holm');
		await card2.getByLabel('Funktion').fill('Egen læge');
		await card2.getByLabel('Kræv engangskode').uncheck();
		await card2.getByRole('button', { name: 'Invitér gæst' }).click();
		await expect.poll(() => leader.getByTestId('guest-link').isVisible(), POLL).toBe(true);
		const link = new URL((await leader.getByTestId('guest-link').textContent())!.trim());
		await screenshot(leader, 'guest-invited');

		// The GP on a phone.
		const gp = await phone();
		await gp.goto(link.pathname);
		await expect.poll(() => gp.getByTestId('guest-borger').textContent(), POLL).toBe(current);
		const sections = await gp
			.getByTestId('guest-section')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
		expect(sections.sort()).toEqual(['kriseplan', 'maal']);
		const text = await gp.locator('body').innerText();
		expect(text).not.toContain(other);
		expect(text).not.toMatch(/Rusmidler|Retslige forhold|Socialt netværk/);
		await expect.poll(() => gp.getByTestId('guest-timer').isVisible(), POLL).toBe(true);
		await screenshot(gp, 'guest-phone');

		// The same link on another device is refused.
		const thief = await phone();
		await thief.goto(link.pathname);
		await expect
			.poll(() => thief.getByTestId('guest-closed').textContent(), POLL)
			.toMatch(/allerede åbnet/);
		expect(await thief.locator('body').innerText()).not.toContain(current);

		// The leader moves on: the GP's page closes itself, and stays closed.
		await leader.goto(meetingPath);
		await leader.getByRole('button', { name: 'Næste punkt' }).click();
		await expect
			.poll(() => gp.getByTestId('guest-closed').textContent(), POLL)
			.toMatch(/tid på mødet er slut/);
		expect(await gp.locator('body').innerText()).not.toContain(current);
		await gp.reload();
		await expect.poll(() => gp.getByTestId('guest-closed').isVisible(), POLL).toBe(true);
		expect(await gp.locator('body').innerText()).not.toContain(current);
		await screenshot(gp, 'guest-after');
	});
});
