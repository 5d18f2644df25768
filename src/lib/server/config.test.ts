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
			TAVLA_SESSION_DAYS: 30,
			TAVLA_LOGIN_MAX_ATTEMPTS: 10,
			TAVLA_LOGIN_WINDOW_MINUTES: 15,
			NODE_ENV: 'development',
			TAVLA_SLOW_QUERY_MS: 500,
			TAVLA_OIDC_LABEL: 'Log ind med din organisation',
			TAVLA_OIDC_SCOPES: 'openid email profile'
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
			TAVLA_SESSION_DAYS: '14',
			TAVLA_LOGIN_MAX_ATTEMPTS: '3',
			TAVLA_LOGIN_WINDOW_MINUTES: '60',
			TAVLA_DEMO: '1',
			TAVLA_DATA_DIR: '/var/lib/tavla',
			NODE_ENV: 'production'
		});
		expect(cfg).toMatchObject({
			TAVLA_SESSION_DAYS: 14,
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
			expect(e.message).not.toContain('TAVLA_SESSION_DAYS');
		}
	});

	it('rejects a bad TAVLA_SESSION_DAYS, naming the variable', () => {
		for (const days of ['abc', '0', '-1', '366', '1.5']) {
			const e = errorOf({ TAVLA_SESSION_DAYS: days });
			expect(e.message, days).toContain('TAVLA_SESSION_DAYS');
			expect(e.message).not.toContain('DATABASE_URL');
		}
	});

	it('names every bad variable at once', () => {
		const e = errorOf({
			DATABASE_URL: 'mysql://x',
			TAVLA_SESSION_DAYS: 'x',
			TAVLA_LOGIN_MAX_ATTEMPTS: '0',
			TAVLA_DEMO: 'ja'
		});
		for (const name of [
			'DATABASE_URL',
			'TAVLA_SESSION_DAYS',
			'TAVLA_LOGIN_MAX_ATTEMPTS',
			'TAVLA_DEMO'
		]) {
			expect(e.message).toContain(name);
		}
	});

	it('is a ConfigError, with a Danish message', () => {
		const e = errorOf({ TAVLA_SESSION_DAYS: 'abc' });
		expect(e).toBeInstanceOf(Error);
		expect(e.message).toMatch(/^Ugyldig konfiguration/);
	});
});
