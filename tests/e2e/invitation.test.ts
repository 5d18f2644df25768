// Joining a team by invitation, as the people involved do it, on a member's laptop
// (1366×768): the team lead invites a new colleague and an existing Tavla user; the
// link reaches each invitee (here through the server log, as without a mail server);
// the new colleague chooses a password and lands on the team, the existing user signs
// in and accepts. Runs its own server, because the link is read from its log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '$tests/client';
import { removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { expectNoAxeViolations, launchBrowser, login, screenshot } from './browser';

const POLL = { timeout: 10_000, interval: 100 };
const TEAM = 'faellesteam-aabakke';
const OTHER = 'fact-vesterlund';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await removeBuildSnapshot();
});

async function laptop(): Promise<Page> {
	const context = await browser.newContext({
		baseURL: server.url,
		locale: 'da-DK',
		viewport: { width: 1366, height: 768 }
	});
	const page = await context.newPage();
	const goto = page.goto.bind(page);
	page.goto = async (url, options) => {
		const response = await goto(url, options);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 15_000 });
		return response;
	};
	return page;
}

/** The link the server "sent" for the newest invitation (the log line has no address). */
async function deliveredLink(after: number): Promise<string> {
	let link: string | undefined;
	await eventually(() => {
		const lines = server.output().slice(after).split('\n');
		const line = lines.reverse().find((l) => l.includes('invitation link'));
		link = line ? /"link":"([^"]+)"/.exec(line)?.[1] : undefined;
		return link !== undefined;
	}, 'an invitation link in the server log');
	return link!;
}

async function invite(lead: Page, name: string, email: string) {
	await lead.getByLabel('Navn', { exact: true }).fill(name);
	await lead.getByLabel('E-mail', { exact: true }).fill(email);
	await lead.getByLabel('Faggruppe').selectOption({ label: 'Socialrådgiver / sagsbehandler' });
	await lead.getByLabel('Ansat i').selectOption({ index: 1 });
	await lead.getByRole('button', { name: 'Invitér medlem', exact: true }).click();
	await expect
		.poll(() => lead.locator('body').innerText(), POLL)
		.toContain(`Invitationen er sendt til ${email}`);
}

describe('joining a team by invitation', () => {
	test('a new colleague chooses a password through the link and lands on the team', async () => {
		const lead = await laptop();
		await login(lead, 'lene@demo.tavla.test');
		await lead.goto(`/t/${TEAM}/medlemmer`);
		const mark = server.output().length;
		const email = `ny.kollega.${Date.now()}@kommune.test`;
		await invite(lead, 'Nanna Kollega', email);
		// The team lead sees it pending, and never the link itself.
		await expect
			.poll(() => lead.locator('body').innerText(), POLL)
			.toContain('Afventende invitationer');
		const body = await lead.locator('body').innerText();
		expect(body).not.toContain('/invitation/');
		expect(body).toContain('Nanna Kollega');
		await screenshot(lead, 'invitation-1-lead-sent');

		const link = await deliveredLink(mark);
		const invitee = await laptop();
		await invitee.goto(new URL(link).pathname);
		await expect.poll(() => invitee.locator('h1').innerText(), POLL).toBe('Invitation til Tavla');
		const page = await invitee.locator('main').innerText();
		expect(page).toContain('Fællesteam Åbakke');
		expect(page).toContain(email);
		await expectNoAxeViolations(invitee);
		await screenshot(invitee, 'invitation-2-new-colleague');

		await invitee.getByLabel('Ny adgangskode').fill('mit-eget-kodeord-1');
		await invitee.getByLabel('Gentag adgangskode').fill('mit-eget-kodeord-1');
		await invitee.getByRole('button', { name: 'Opret bruger og tag imod' }).click();
		await invitee.waitForURL((u) => u.pathname === `/t/${TEAM}`, { timeout: 15_000 });
		await expect.poll(() => invitee.locator('body').innerText(), POLL).toContain('Nanna Kollega');
		await screenshot(invitee, 'invitation-3-new-colleague-on-team');

		// The link is used up.
		const again = await laptop();
		await again.goto(new URL(link).pathname);
		await expect
			.poll(() => again.locator('main').innerText(), POLL)
			.toContain('Invitationen er ugyldig');

		// The lead sees a member now, and no pending invitation.
		await lead.reload();
		await expect.poll(() => lead.locator('tbody').first().innerText(), POLL).toContain(email);
		expect(await lead.locator('body').innerText()).not.toContain('Afventende invitationer');
		for (const p of [lead, invitee, again]) await p.context().close();
	});

	test('an existing Tavla user signs in and accepts; the link sets no password', async () => {
		// Hanne leads FACT Vesterlund and invites Lene, who has her own password.
		const lead = await laptop();
		await login(lead, 'hanne@demo.tavla.test');
		await lead.goto(`/t/${OTHER}/medlemmer`);
		const mark = server.output().length;
		await invite(lead, 'Lene Holm Madsen', 'lene@demo.tavla.test');
		const link = await deliveredLink(mark);

		const lene = await laptop();
		await lene.goto(new URL(link).pathname);
		await expect
			.poll(() => lene.locator('main').innerText(), POLL)
			.toContain('Du har allerede en bruger i Tavla');
		expect(await lene.getByLabel('Ny adgangskode').count()).toBe(0);
		await expectNoAxeViolations(lene);
		await screenshot(lene, 'invitation-4-existing-user');

		await lene.getByRole('link', { name: 'Log ind og tag imod' }).click();
		await lene.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
		await lene.getByLabel('E-mail', { exact: true }).fill('lene@demo.tavla.test');
		await lene.getByLabel('Adgangskode', { exact: true }).fill('tavla-demo');
		await lene.getByRole('button', { name: 'Log ind', exact: true }).click();
		await lene.waitForURL((u) => u.pathname.startsWith('/invitation/'), { timeout: 15_000 });
		await screenshot(lene, 'invitation-5-existing-user-signed-in');
		await lene.getByRole('button', { name: 'Tag imod invitationen' }).click();
		await lene.waitForURL((u) => u.pathname === `/t/${OTHER}`, { timeout: 15_000 });
		await screenshot(lene, 'invitation-6-existing-user-on-team');
		for (const p of [lead, lene]) await p.context().close();
	});

	test('a signed-in member sees the invitation on every page and accepts it from the list', async () => {
		const lead = await laptop();
		await login(lead, 'hanne@demo.tavla.test');
		await lead.goto(`/t/${OTHER}/medlemmer`);
		await invite(lead, 'Thomas Brandt', 'thomas@demo.tavla.test');

		const thomas = await laptop();
		await login(thomas, 'thomas@demo.tavla.test');
		await expect
			.poll(() => thomas.locator('body').innerText(), POLL)
			.toContain('Du er inviteret til et team.');
		await screenshot(thomas, 'invitation-7-banner');
		await thomas.getByRole('link', { name: 'Se invitationer' }).click();
		await thomas.waitForURL((u) => u.pathname === '/invitationer', { timeout: 15_000 });
		await expect.poll(() => thomas.locator('main').innerText(), POLL).toContain('FACT Vesterlund');
		await expectNoAxeViolations(thomas);
		await screenshot(thomas, 'invitation-8-list');
		await thomas.getByRole('button', { name: /^Tag imod invitationen/ }).click();
		await thomas.waitForURL((u) => u.pathname === `/t/${OTHER}`, { timeout: 15_000 });
		expect(await thomas.locator('body').innerText()).not.toContain('Du er inviteret til et team.');

		// Inviting someone who is already a member is refused in plain Danish.
		await lead.reload();
		await lead.getByLabel('Navn', { exact: true }).fill('Thomas Brandt');
		await lead.getByLabel('E-mail', { exact: true }).fill('thomas@demo.tavla.test');
		await lead.getByLabel('Faggruppe').selectOption({ label: 'Socialrådgiver / sagsbehandler' });
		await lead.getByLabel('Ansat i').selectOption({ index: 1 });
		await lead.getByRole('button', { name: 'Invitér medlem', exact: true }).click();
		await expect
			.poll(() => lead.locator('body').innerText(), POLL)
			.toContain('Personen er allerede medlem af teamet.');
		await screenshot(lead, 'invitation-9-already-member');
		for (const p of [lead, thomas]) await p.context().close();
	});
});
