// Browser helpers for the e2e tests: Debian's Chromium driven by playwright-core
// (browser downloads are not possible on these machines), plus login,
// screenshots and axe accessibility checks.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export const DEMO_PASSWORD = 'tavla-demo';

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage'
		]
	});
}

/** A page in its own fresh context (own cookies). Close it with `page.context().close()`. */
export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
	const context = await browser.newContext({
		baseURL,
		locale: 'da-DK',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	// Every `goto` also waits for hydration (the root layout marks <html data-hydrated>),
	// so that a test's first click reaches Svelte's handlers, not a page still starting.
	const goto = page.goto.bind(page);
	page.goto = async (url, options) => {
		const response = await goto(url, options);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 15_000 });
		return response;
	};
	return page;
}

/** Opens /login and submits the form, without waiting for the outcome. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('E-mail', { exact: true }).fill(email);
	await page.getByLabel('Adgangskode', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Log ind', exact: true }).click();
}

/** Signs in and waits until the app has navigated away from /login. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await submitLogin(page, email, password);
	try {
		await page.waitForURL((url) => url.pathname !== '/login', { timeout: 15_000 });
	} catch (err) {
		const alerts = await page
			.getByRole('alert')
			.allInnerTexts()
			.catch(() => []);
		const shown = alerts.length ? ` The page shows: ${alerts.join(' | ')}` : '';
		throw new Error(`Login as ${email} did not leave /login (now at ${page.url()}).${shown}`, {
			cause: err
		});
	}
}

/** Saves a full-page screenshot to test-results/screenshots/NAME.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	await mkdir(screenshotDir, { recursive: true });
	const path = join(screenshotDir, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the current page and fails with a readable list. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	if (results.violations.length === 0) return;
	const lines = results.violations.map((v) => {
		const first = v.nodes[0]?.target.join(' ') ?? '(no target)';
		const more = v.nodes.length > 1 ? ` (+${v.nodes.length - 1} more)` : '';
		return `- ${v.id} [${v.impact ?? 'unknown'}]: ${v.help} — ${first}${more}`;
	});
	throw new Error(
		`${results.violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`
	);
}
