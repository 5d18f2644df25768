import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
	expectNoAxeViolations,
	launchBrowser,
	login,
	newPage,
	screenshot,
	submitLogin
} from './browser';

const baseURL = inject('baseURL');
const POLL = { timeout: 10_000, interval: 100 };

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

/** Runs `fn` with a page in a fresh browser context and closes the context afterwards. */
async function withPage(fn: (page: Page) => Promise<void>): Promise<void> {
	const page = await newPage(browser, baseURL);
	try {
		await fn(page);
	} finally {
		await page.context().close();
	}
}

const pathname = (page: Page) => new URL(page.url()).pathname;

describe('sign-in', () => {
	test('demo team lead signs in, sees the team and signs out', async () => {
		await withPage(async (page) => {
			await login(page, 'lene@demo.tavla.test');

			await expect
				.poll(() => page.locator('h1').allInnerTexts(), POLL)
				.toEqual(expect.arrayContaining([expect.stringContaining('Fællesteam Åbakke')]));
			await expect.poll(() => page.locator('body').innerText(), POLL).toContain('DEMO');
			await screenshot(page, 'start');

			await page
				.getByRole('button', { name: 'Log ud', exact: true })
				.or(page.getByRole('link', { name: 'Log ud', exact: true }))
				.first()
				.click();
			await page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000 });

			// The session is gone: the start page sends us back to /login.
			await page.goto('/');
			expect(pathname(page)).toBe('/login');
		});
	});

	test('a wrong password shows an error and stays on /login', async () => {
		await withPage(async (page) => {
			await submitLogin(page, 'lene@demo.tavla.test', 'forkert-adgangskode');

			await expect
				.poll(() => page.locator('body').innerText(), POLL)
				.toContain('Forkert e-mail eller adgangskode.');
			expect(pathname(page)).toBe('/login');
		});
	});

	test('a page left alone signs itself out after the idle timeout, and says why', async () => {
		await withPage(async (page) => {
			// The page's clock is ours: half an hour passes in a moment.
			await page.clock.install();
			await login(page, 'lene@demo.tavla.test');
			await page.goto('/t/faellesteam-aabakke/tavle');
			// Still signed in after 29 minutes without a key press.
			await page.clock.runFor('29:00');
			expect(pathname(page)).toBe('/t/faellesteam-aabakke/tavle');
			// A key press counts as activity and starts the half hour again.
			await page.keyboard.press('Shift');
			await page.clock.runFor('29:00');
			expect(pathname(page)).toBe('/t/faellesteam-aabakke/tavle');
			await page.clock.runFor('01:30');
			await expect.poll(() => pathname(page), POLL).toBe('/login');
			await expect
				.poll(() => page.locator('body').innerText(), POLL)
				.toContain('Du er logget ud, fordi du ikke har været aktiv');
			await screenshot(page, 'idle-signed-out');
			// The session itself is gone, not only the page.
			await page.goto('/t/faellesteam-aabakke/tavle');
			expect(pathname(page)).toBe('/login');
		});
	});

	test('the login page has no axe violations', async () => {
		await withPage(async (page) => {
			await page.goto('/login');
			await page.getByRole('button', { name: 'Log ind', exact: true }).waitFor();
			await expectNoAxeViolations(page);
		});
	});
});
