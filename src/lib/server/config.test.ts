import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

function errorOf(env: Record<string, string | undefined>): ConfigError {
	try {
		parseConfig(env);
	} catch (e) {
		expect(e).toBeInstanceOf(ConfigError);
		return e as ConfigError;
	}
	throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
	it('has defaults for everything', () => {
		expect(parseConfig({})).toEqual({
			DATABASE_URL: undefined,
			TAVLA_DATA_DIR: '.data/pglite',
			TAVLA_DEMO: false,
			TAVLA_SESSION_IDLE_MINUTES: 30,
			TAVLA_SESSION_MAX_HOURS: 12,
			TAVLA_LOGIN_MAX_ATTEMPTS: 10,
			TAVLA_LOGIN_WINDOW_MINUTES: 15,
			NODE_ENV: 'development',
			TAVLA_SLOW_QUERY_MS: 500,
			TAVLA_OIDC_LABEL: 'Log ind med din organisation',
			TAVLA_OIDC_SCOPES: 'openid email profile',
			TAVLA_OIDC_EMAIL_CLAIM: 'email',
			TAVLA_OIDC_EMAIL_VERIFIED_CLAIM: 'email_verified'
		});
	});

	it('checks the operations and single sign-on variables, naming them', () => {
		expect(() => parseConfig({ TAVLA_METRICS_TOKEN: 'kort' })).toThrow(/TAVLA_METRICS_TOKEN/);
		expect(() => parseConfig({ TAVLA_SLOW_QUERY_MS: '-5' })).toThrow(/TAVLA_SLOW_QUERY_MS/);
		expect(() => parseConfig({ TAVLA_OIDC_ISSUER: 'ikke en url' })).toThrow(/TAVLA_OIDC_ISSUER/);
		// An issuer without a client id is half a configuration.
		expect(() => parseConfig({ TAVLA_OIDC_ISSUER: 'https://login.example.dk' })).toThrow(
			/TAVLA_OIDC_CLIENT_ID/
		);
		const ok = parseConfig({
			TAVLA_OIDC_ISSUER: 'https://login.example.dk',
			TAVLA_OIDC_CLIENT_ID: 'tavla',
			TAVLA_METRICS_TOKEN: ''
		});
		expect(ok.TAVLA_OIDC_CLIENT_ID).toBe('tavla');
		expect(ok.TAVLA_METRICS_TOKEN).toBeUndefined();
	});

	it('treats an empty DATABASE_URL as unset (PGlite)', () => {
		expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
	});

	it('accepts postgres:// and postgresql:// URLs', () => {
		for (const url of ['postgres://u@localhost:5432/tavla', 'postgresql://u:p@db/tavla']) {
			expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
		}
	});

	it('reads numbers and flags from strings', () => {
		const cfg = parseConfig({
			TAVLA_SESSION_IDLE_MINUTES: '15',
			TAVLA_SESSION_MAX_HOURS: '8',
			TAVLA_LOGIN_MAX_ATTEMPTS: '3',
			TAVLA_LOGIN_WINDOW_MINUTES: '60',
			TAVLA_DEMO: '1',
			TAVLA_DATA_DIR: '/var/lib/tavla',
			NODE_ENV: 'production'
		});
		expect(cfg).toMatchObject({
			TAVLA_SESSION_IDLE_MINUTES: 15,
			TAVLA_SESSION_MAX_HOURS: 8,
			TAVLA_LOGIN_MAX_ATTEMPTS: 3,
			TAVLA_LOGIN_WINDOW_MINUTES: 60,
			TAVLA_DEMO: true,
			TAVLA_DATA_DIR: '/var/lib/tavla',
			NODE_ENV: 'production'
		});
		expect(parseConfig({ TAVLA_DEMO: 'true' }).TAVLA_DEMO).toBe(true);
		expect(parseConfig({ TAVLA_DEMO: 'false' }).TAVLA_DEMO).toBe(false);
		expect(parseConfig({ TAVLA_DEMO: '0' }).TAVLA_DEMO).toBe(false);
	});

	it('rejects a DATABASE_URL that is not postgres, naming the variable', () => {
		for (const url of ['mysql://u@localhost/tavla', 'localhost:5432', 'file:///tmp/db']) {
			const e = errorOf({ DATABASE_URL: url });
			expect(e.message).toContain('DATABASE_URL');
			expect(e.message).not.toContain('TAVLA_SESSION_MAX_HOURS');
		}
	});

	it('rejects bad session limits, naming the variable', () => {
		for (const hours of ['abc', '0', '-1', '721', '1.5']) {
			const e = errorOf({ TAVLA_SESSION_MAX_HOURS: hours });
			expect(e.message, hours).toContain('TAVLA_SESSION_MAX_HOURS');
			expect(e.message).not.toContain('DATABASE_URL');
		}
		for (const minutes of ['x', '4', '1441']) {
			expect(errorOf({ TAVLA_SESSION_IDLE_MINUTES: minutes }).message).toContain(
				'TAVLA_SESSION_IDLE_MINUTES'
			);
		}
		// An idle timeout longer than the whole session would never apply.
		expect(
			errorOf({ TAVLA_SESSION_IDLE_MINUTES: '180', TAVLA_SESSION_MAX_HOURS: '2' }).message
		).toContain('TAVLA_SESSION_IDLE_MINUTES');
	});

	it('takes the OpenID Connect claim names as plain names only', () => {
		expect(parseConfig({ TAVLA_OIDC_EMAIL_VERIFIED_CLAIM: 'xms_edov' })).toMatchObject({
			TAVLA_OIDC_EMAIL_VERIFIED_CLAIM: 'xms_edov'
		});
		expect(errorOf({ TAVLA_OIDC_EMAIL_CLAIM: 'e mail' }).message).toContain(
			'TAVLA_OIDC_EMAIL_CLAIM'
		);
		expect(errorOf({ TAVLA_OIDC_EMAIL_VERIFIED_CLAIM: '' }).message).toContain(
			'TAVLA_OIDC_EMAIL_VERIFIED_CLAIM'
		);
	});

	it('names every bad variable at once', () => {
		const e = errorOf({
			DATABASE_URL: 'mysql://x',
			TAVLA_SESSION_MAX_HOURS: 'x',
			TAVLA_LOGIN_MAX_ATTEMPTS: '0',
			TAVLA_DEMO: 'ja'
		});
		for (const name of [
			'DATABASE_URL',
			'TAVLA_SESSION_MAX_HOURS',
			'TAVLA_LOGIN_MAX_ATTEMPTS',
			'TAVLA_DEMO'
		]) {
			expect(e.message).toContain(name);
		}
	});

	it('is a ConfigError, with a Danish message', () => {
		const e = errorOf({ TAVLA_SESSION_MAX_HOURS: 'abc' });
		expect(e).toBeInstanceOf(Error);
		expect(e.message).toMatch(/^Ugyldig konfiguration/);
	});
});
