// Single sign-on through the real routes of the built server: the sign-in page shows the
// button, /login/oidc sends the browser to a real OpenID Connect provider (oidc-provider,
// in this process), and the callback signs the person in with a session cookie. The
// token checks themselves (audience, expiry, signature) are in
// src/lib/server/auth/oidc.integration.test.ts.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { findFreePort, removeBuildSnapshot, startServer, type RunningServer } from '$tests/server';
import { PEOPLE } from '../realtime/util';

afterAll(removeBuildSnapshot);

let idp: Server;
let app: RunningServer;
let issuer: string;
let account: string = PEOPLE.thomas.email;

beforeAll(async () => {
	const [idpPort, appPort] = [await findFreePort(), await findFreePort()];
	issuer = `http://127.0.0.1:${idpPort}`;
	const appUrl = `http://127.0.0.1:${appPort}`;
	const { privateKey } = await generateKeyPair('RS256', { extractable: true });
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: 'tavla',
				client_secret: 'secret-for-the-http-test',
				redirect_uris: [`${appUrl}/login/oidc/callback`],
				grant_types: ['authorization_code'],
				response_types: ['code']
			}
		],
		jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] },
		claims: { openid: ['sub'], email: ['email', 'email_verified'] },
		pkce: { required: () => true },
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
		cookies: { keys: ['cookie-key'] },
		ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
		findAccount: (_ctx: unknown, id: string) => ({
			accountId: id,
			claims: () => ({ sub: id, email: id, email_verified: true })
		})
	});
	const callback = provider.callback();
	idp = createServer((req, res) => {
		if (!req.url?.startsWith('/interaction/')) return callback(req, res);
		void (async () => {
			const details = await provider.interactionDetails(req, res);
			const grant = new provider.Grant({ accountId: account, clientId: 'tavla' });
			grant.addOIDCScope(String(details.params.scope));
			await provider.interactionFinished(
				req,
				res,
				{ login: { accountId: account }, consent: { grantId: await grant.save() } },
				{ mergeWithLastSubmission: false }
			);
		})().catch((err) => {
			res.statusCode = 500;
			res.end(String(err));
		});
	});
	await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
	app = await startServer({
		port: appPort,
		env: {
			TAVLA_OIDC_ISSUER: issuer,
			TAVLA_OIDC_CLIENT_ID: 'tavla',
			TAVLA_OIDC_CLIENT_SECRET: 'secret-for-the-http-test',
			TAVLA_OIDC_LABEL: 'Log ind med Testkommune'
		}
	});
});

afterAll(async () => {
	await app?.stop();
	await new Promise((resolve) => idp?.close(resolve));
});

/** A browser: follows redirects across both servers, keeping each server's cookies. */
async function browse(start: string) {
	const jars = new Map<string, Map<string, string>>();
	let url = new URL(start);
	const visited: string[] = [];
	for (let i = 0; i < 12; i++) {
		const jar = jars.get(url.host) ?? new Map<string, string>();
		jars.set(url.host, jar);
		const res = await fetch(url, {
			redirect: 'manual',
			headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const eq = pair!.indexOf('=');
			jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
		}
		visited.push(
			`${res.status} ${url.host === new URL(issuer).host ? 'idp' : 'app'}${url.pathname}`
		);
		const location = res.headers.get('location');
		if (!location) return { res, url, visited, appCookies: jars.get(new URL(app.url).host)! };
		url = new URL(location, url);
	}
	throw new Error(`too many redirects: ${visited.join(' → ')}`);
}

describe('single sign-on through the app routes', () => {
	it('shows the provider button on the sign-in page', async () => {
		const html = await (await fetch(`${app.url}/login`)).text();
		expect(html).toContain('Log ind med Testkommune');
		expect(html).toContain('href="/login/oidc"');
	});

	it('signs a known member in and lands on the requested page', async () => {
		account = PEOPLE.thomas.email;
		const { res, url, visited, appCookies } = await browse(`${app.url}/login/oidc?next=/konto`);
		expect(visited[0]).toBe('303 app/login/oidc');
		expect(visited).toContain('303 app/login/oidc/callback');
		expect(url.pathname).toBe('/konto');
		expect(res.status).toBe(200);
		expect(appCookies.get('tavla_session')).toMatch(/^[a-z0-9]{32}$/i);
		// The one-time OIDC cookie is gone after the callback.
		expect(appCookies.get('tavla_oidc') ?? '').toBe('');
	});

	it('sends an unknown person back to the sign-in page with a Danish message', async () => {
		account = 'ukendt@kommune.test';
		const { url, appCookies } = await browse(`${app.url}/login/oidc`);
		expect(url.pathname).toBe('/login');
		expect(url.searchParams.get('sso')).toBe('ukendt');
		expect(appCookies.has('tavla_session')).toBe(false);
		const html = await (await fetch(url)).text();
		expect(html).toContain('Din bruger findes ikke i Tavla');
	});

	it('refuses a callback without the browser state (forged or replayed)', async () => {
		const res = await fetch(`${app.url}/login/oidc/callback?code=abc&state=xyz`, {
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login?sso=fejl');
	});
});
