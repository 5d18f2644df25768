// Single sign-on against a real OpenID Connect provider (the `oidc-provider` package)
// started in this process on a free port. The browser is simulated with fetch and a
// cookie jar; the provider's login/consent step is answered by the test. Negative cases
// rewrite the token endpoint's answer in flight, re-signing the ID token with the
// provider's own key (wrong audience, expired) or with a stranger's key (bad signature).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK, type CryptoKey } from 'jose';
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { createTestDb } from '$tests/db';
import { findFreePort } from '$tests/server';
import type { DbHandle } from '../db';
import { beginOidcLogin, completeOidcLogin, createOidcClient, type OidcClient } from './oidc';

const CLIENT_ID = 'tavla-test';
const CLIENT_SECRET = 'a-client-secret-for-tests-only';
const REDIRECT = 'http://127.0.0.1:5999/login/oidc/callback';

let handle: DbHandle;
let server: Server;
let issuer: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let kid: string;
/** The account the simulated person signs in as at the provider. */
let account = 'anna@kommune.test';

type Tamper =
	| ((claims: Record<string, unknown>) => { claims: Record<string, unknown>; key?: CryptoKey })
	| null;
let tamper: Tamper = null;

beforeAll(async () => {
	handle = await createTestDb();
	await handle.db
		.insertInto('app_user')
		.values([
			{ email: 'Anna@Kommune.test', name: 'Anna Test', initials: 'AT' },
			{ email: 'bo@kommune.test', name: 'Bo Test', initials: 'BT' },
			{ email: 'cai@kommune.test', name: 'Cai Test', initials: 'CT' },
			{ email: 'gone@kommune.test', name: 'Gone Test', initials: 'GT', deactivated_at: new Date() }
		])
		.execute();

	const pair = await generateKeyPair('RS256', { extractable: true });
	signingKey = pair.privateKey;
	strangerKey = (await generateKeyPair('RS256')).privateKey;
	kid = 'test-key-1';
	const jwk: JWK = { ...(await exportJWK(pair.privateKey)), kid, alg: 'RS256', use: 'sig' };

	const port = await findFreePort();
	issuer = `http://127.0.0.1:${port}`;
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				redirect_uris: [REDIRECT],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				id_token_signed_response_alg: 'RS256'
			}
		],
		jwks: { keys: [jwk] },
		claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'] },
		conformIdTokenClaims: false,
		ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
		pkce: { required: () => true },
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
		cookies: { keys: ['cookie-key-for-tests'] },
		// bo@ has no email_verified claim at all, but the provider's own domain-owner flag
		// (as Entra ID's xms_edov); cai@ has an address the provider says is unverified.
		findAccount: (_ctx: unknown, id: string) => ({
			accountId: id,
			claims: () =>
				id.startsWith('bo@')
					? { sub: id, email: id, xms_edov: true }
					: { sub: id, email: id, email_verified: !id.startsWith('cai@') }
		})
	});
	const callback = provider.callback();
	server = createServer((req, res) => {
		if (req.url?.startsWith('/interaction/')) {
			// The person signs in and consents: finish the interaction for `account`.
			void (async () => {
				const details = await provider.interactionDetails(req, res);
				const grant = new provider.Grant({ accountId: account, clientId: CLIENT_ID });
				grant.addOIDCScope(String(details.params.scope));
				const grantId = await grant.save();
				await provider.interactionFinished(
					req,
					res,
					{ login: { accountId: account }, consent: { grantId } },
					{ mergeWithLastSubmission: false }
				);
			})().catch((err) => {
				res.statusCode = 500;
				res.end(String(err));
			});
			return;
		}
		callback(req, res);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
	await handle?.close();
});

/** fetch for openid-client that can rewrite the ID token in the token endpoint's answer. */
const tamperingFetch = async (url: string, init: RequestInit): Promise<Response> => {
	const res = await fetch(url, init);
	if (!tamper || !new URL(url).pathname.endsWith('/token')) return res;
	const body = (await res.json()) as { id_token: string };
	const { claims, key } = tamper(decodeJwt(body.id_token) as Record<string, unknown>);
	body.id_token = await new SignJWT(claims)
		.setProtectedHeader({ alg: 'RS256', kid })
		.sign(key ?? signingKey);
	return new Response(JSON.stringify(body), {
		status: res.status,
		headers: { 'content-type': 'application/json' }
	});
};

async function oidcClient(claims: { emailVerifiedClaim?: string } = {}): Promise<OidcClient> {
	return createOidcClient({
		issuer,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		redirectUri: REDIRECT,
		scopes: 'openid email',
		...claims,
		fetch: tamperingFetch as never
	});
}

/** Follows the provider's redirects like a browser until it sends us back with a code. */
async function browse(start: URL): Promise<URL> {
	const jar = new Map<string, string>();
	let url = start;
	for (let i = 0; i < 10; i++) {
		const res = await fetch(url, {
			redirect: 'manual',
			headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const eq = pair!.indexOf('=');
			jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
		}
		const location = res.headers.get('location');
		if (!location)
			throw new Error(`provider stopped at ${url} with ${res.status}: ${await res.text()}`);
		url = new URL(location, url);
		if (url.toString().startsWith(REDIRECT)) return url;
	}
	throw new Error('too many redirects');
}

async function signIn(as: string, claims: { emailVerifiedClaim?: string } = {}) {
	account = as;
	const oidc = await oidcClient(claims);
	const { url, cookie } = await beginOidcLogin(oidc, '/t/mit-team');
	expect(url.searchParams.get('code_challenge_method')).toBe('S256');
	expect(url.searchParams.get('state')).toBeTruthy();
	expect(url.searchParams.get('nonce')).toBeTruthy();
	const back = await browse(url);
	return completeOidcLogin(handle.db, oidc, back, cookie, 'vitest');
}

describe('OpenID Connect sign-in', () => {
	it('signs an existing active user in by e-mail, with a complete session', async () => {
		tamper = null;
		const r = await signIn('anna@kommune.test');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.next).toBe('/t/mit-team');
		const session = await handle.db
			.selectFrom('session')
			.innerJoin('app_user', 'app_user.id', 'session.user_id')
			.select(['app_user.email', 'session.two_factor_verified'])
			.where('session.user_id', '=', r.userId)
			.executeTakeFirstOrThrow();
		expect(session.email).toBe('Anna@Kommune.test');
		expect(session.two_factor_verified).toBe(true);
	});

	it('refuses an unknown or deactivated person and creates nobody', async () => {
		tamper = null;
		const before = await handle.db
			.selectFrom('app_user')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(await signIn('stranger@kommune.test')).toEqual({ ok: false, reason: 'unknown_user' });
		expect(await signIn('gone@kommune.test')).toEqual({ ok: false, reason: 'unknown_user' });
		const after = await handle.db
			.selectFrom('app_user')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('refuses an address the provider does not vouch for: no email_verified is not a yes', async () => {
		tamper = null;
		const n = await sessions();
		expect(await signIn('bo@kommune.test')).toEqual({ ok: false, reason: 'unverified' });
		expect(await signIn('cai@kommune.test')).toEqual({ ok: false, reason: 'unverified' });
		// Also when the claim is dropped from the ID token on the way.
		tamper = (c) => {
			const rest = { ...c };
			delete rest.email_verified;
			return { claims: rest };
		};
		expect((await signIn('anna@kommune.test')).ok).toBe(true);
		expect(await sessions()).toBe(n + 1);
	});

	it('takes the verification from the configured claim instead', async () => {
		tamper = null;
		const r = await signIn('bo@kommune.test', { emailVerifiedClaim: 'xms_edov' });
		expect(r.ok).toBe(true);
		// The mapping names the claim to trust; a provider's email_verified alone no longer counts.
		expect(await signIn('anna@kommune.test', { emailVerifiedClaim: 'xms_edov' })).toEqual({
			ok: false,
			reason: 'unverified'
		});
	});

	const sessions = async () =>
		Number(
			(
				await handle.db
					.selectFrom('session')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('refuses an ID token for another audience', async () => {
		tamper = (c) => ({ claims: { ...c, aud: 'another-client' } });
		const n = await sessions();
		expect(await signIn('anna@kommune.test')).toEqual({ ok: false, reason: 'refused' });
		expect(await sessions()).toBe(n);
	});

	it('refuses an expired ID token', async () => {
		const now = Math.floor(Date.now() / 1000);
		tamper = (c) => ({ claims: { ...c, iat: now - 7200, exp: now - 3600 } });
		const n = await sessions();
		expect(await signIn('anna@kommune.test')).toEqual({ ok: false, reason: 'refused' });
		expect(await sessions()).toBe(n);
	});

	it('refuses an ID token with a bad signature', async () => {
		tamper = (c) => ({ claims: c, key: strangerKey });
		const n = await sessions();
		expect(await signIn('anna@kommune.test')).toEqual({ ok: false, reason: 'refused' });
		expect(await sessions()).toBe(n);
	});

	it('the control: re-signing with the right key and unchanged claims still works', async () => {
		tamper = (c) => ({ claims: c });
		expect((await signIn('anna@kommune.test')).ok).toBe(true);
	});

	it('refuses a callback whose state does not match', async () => {
		tamper = null;
		account = 'anna@kommune.test';
		const oidc = await oidcClient();
		const first = await beginOidcLogin(oidc, '/');
		const other = await beginOidcLogin(oidc, '/');
		const back = await browse(first.url);
		// The code came back for `first`, but the browser holds the state of `other`.
		expect(await completeOidcLogin(handle.db, oidc, back, other.cookie)).toEqual({
			ok: false,
			reason: 'refused'
		});
		expect(await completeOidcLogin(handle.db, oidc, back, undefined)).toEqual({
			ok: false,
			reason: 'no_state'
		});
	});
});
