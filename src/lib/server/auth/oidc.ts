import * as client from 'openid-client';
import type { Executor } from '../db';
import { config } from '../config';
import { logger } from '../log';
import { createSession } from './session';

/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE, state and
 * nonce), alongside the password sign-in. The identity provider's account is mapped to
 * an existing, active Tavla user by e-mail, and only when the provider vouches for the
 * address: the verification claim (`email_verified` by default, another boolean claim
 * by setting) must be true, so that nobody who can set an arbitrary address at some
 * provider becomes the Tavla user with that address. Nobody is created here; access
 * still starts with an invitation from a teamleder. The ID token's signature is checked
 * against the provider's keys (non-repudiation checks), as are issuer, audience,
 * expiry and nonce.
 */

export const OIDC_COOKIE = 'tavla_oidc';
export const OIDC_COOKIE_MAX_AGE = 600;

export interface OidcSettings {
	issuer: string;
	clientId: string;
	clientSecret?: string;
	redirectUri: string;
	scopes: string;
	/** The claim with the address to match (default `email`). */
	emailClaim?: string;
	/** The boolean claim that must be true for that address (default `email_verified`). */
	emailVerifiedClaim?: string;
	/** Tests only: wraps every request to the provider. */
	fetch?: client.CustomFetch;
}

export interface OidcClient {
	settings: OidcSettings;
	config: client.Configuration;
}

function isLoopback(url: URL): boolean {
	return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export async function createOidcClient(settings: OidcSettings): Promise<OidcClient> {
	const issuer = new URL(settings.issuer);
	// Plain http only for a provider on this machine (development, tests).
	const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
	const config = await client.discovery(
		issuer,
		settings.clientId,
		undefined,
		settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
		{
			execute: insecure ? [client.allowInsecureRequests] : [],
			...(settings.fetch ? { [client.customFetch]: settings.fetch } : {})
		}
	);
	client.enableNonRepudiationChecks(config);
	if (settings.fetch) config[client.customFetch] = settings.fetch;
	return { settings, config };
}

let cached: Promise<OidcClient> | undefined;

/** The configured provider (discovery runs once per process), or null when SSO is off. */
export function getOidc(origin: string): Promise<OidcClient> | null {
	const cfg = config();
	if (!cfg.TAVLA_OIDC_ISSUER || !cfg.TAVLA_OIDC_CLIENT_ID) return null;
	cached ??= createOidcClient({
		issuer: cfg.TAVLA_OIDC_ISSUER,
		clientId: cfg.TAVLA_OIDC_CLIENT_ID,
		clientSecret: cfg.TAVLA_OIDC_CLIENT_SECRET,
		redirectUri: cfg.TAVLA_OIDC_REDIRECT_URI ?? `${origin}/login/oidc/callback`,
		scopes: cfg.TAVLA_OIDC_SCOPES,
		emailClaim: cfg.TAVLA_OIDC_EMAIL_CLAIM,
		emailVerifiedClaim: cfg.TAVLA_OIDC_EMAIL_VERIFIED_CLAIM
	}).catch((err: unknown) => {
		// A provider that was down at first use must not stay broken until restart.
		cached = undefined;
		throw err;
	});
	return cached;
}

interface PendingLogin {
	verifier: string;
	state: string;
	nonce: string;
	next: string;
}

/** Step 1: where to send the browser, and the value for the short-lived OIDC cookie. */
export async function beginOidcLogin(
	oidc: OidcClient,
	next: string
): Promise<{ url: URL; cookie: string }> {
	const pending: PendingLogin = {
		verifier: client.randomPKCECodeVerifier(),
		state: client.randomState(),
		nonce: client.randomNonce(),
		next
	};
	const url = client.buildAuthorizationUrl(oidc.config, {
		redirect_uri: oidc.settings.redirectUri,
		scope: oidc.settings.scopes,
		code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
		code_challenge_method: 'S256',
		state: pending.state,
		nonce: pending.nonce
	});
	return { url, cookie: Buffer.from(JSON.stringify(pending)).toString('base64url') };
}

export type OidcFailure = 'no_state' | 'refused' | 'no_email' | 'unverified' | 'unknown_user';
export type OidcResult =
	| { ok: true; userId: string; token: string; expiresAt: Date; next: string }
	| { ok: false; reason: OidcFailure };

function readPending(cookie: string | undefined): PendingLogin | null {
	if (!cookie) return null;
	try {
		const p = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as PendingLogin;
		return typeof p.verifier === 'string' &&
			typeof p.state === 'string' &&
			typeof p.nonce === 'string' &&
			typeof p.next === 'string'
			? p
			: null;
	} catch {
		return null;
	}
}

/**
 * Step 2, the callback: exchanges the code, validates the ID token and signs the
 * matching user in. Failures carry a reason code only; the log never gets the e-mail.
 */
export async function completeOidcLogin(
	db: Executor,
	oidc: OidcClient,
	currentUrl: URL,
	cookie: string | undefined,
	userAgent?: string | null
): Promise<OidcResult> {
	const pending = readPending(cookie);
	if (!pending) return { ok: false, reason: 'no_state' };
	const emailClaim = oidc.settings.emailClaim ?? 'email';
	const verifiedClaim = oidc.settings.emailVerifiedClaim ?? 'email_verified';
	let claims: Record<string, unknown>;
	try {
		const tokens = await client.authorizationCodeGrant(oidc.config, currentUrl, {
			pkceCodeVerifier: pending.verifier,
			expectedState: pending.state,
			expectedNonce: pending.nonce,
			idTokenExpected: true
		});
		const idClaims = tokens.claims();
		if (!idClaims) return { ok: false, reason: 'refused' };
		claims = { ...idClaims };
		// Many providers put the e-mail (or its verification) only in userinfo.
		if (typeof claims[emailClaim] !== 'string' || claims[verifiedClaim] === undefined) {
			const info = await client.fetchUserInfo(oidc.config, tokens.access_token, idClaims.sub);
			claims = { ...info, ...claims };
		}
	} catch (err) {
		logger.warn(
			{
				err:
					err instanceof Error
						? { name: err.name, code: (err as { code?: string }).code }
						: 'unknown'
			},
			'oidc sign-in refused'
		);
		return { ok: false, reason: 'refused' };
	}
	const address = claims[emailClaim];
	if (typeof address !== 'string' || address.trim() === '')
		return { ok: false, reason: 'no_email' };
	// Only an address the provider vouches for. A missing claim is not a yes: some
	// providers let people type any address into their profile (docs/OPERATIONS.md).
	const verified = claims[verifiedClaim];
	if (verified !== true && verified !== 'true') {
		logger.info({ claim: verifiedClaim }, 'oidc sign-in: address not verified by the provider');
		return { ok: false, reason: 'unverified' };
	}
	const email = address.trim().toLowerCase();
	const user = await db
		.selectFrom('app_user')
		.select(['id'])
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email))
		.where('deactivated_at', 'is', null)
		.executeTakeFirst();
	if (!user) {
		logger.info('oidc sign-in: no active user for this identity');
		return { ok: false, reason: 'unknown_user' };
	}
	// The organisation's provider did the authentication, including any second factor.
	const { token, session } = await createSession(db, user.id, {
		twoFactorVerified: true,
		userAgent
	});
	logger.info({ userId: user.id }, 'oidc sign-in');
	return { ok: true, userId: user.id, token, expiresAt: session.expiresAt, next: pending.next };
}
