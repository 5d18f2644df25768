import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateTotpKey, totpManualKey, totpQrSvg, totpUri, verifyTotp } from './totp';

// Rate limiting of TOTP attempts is covered by login.integration.test.ts.

// The SHA-1 test key of RFC 6238, appendix B.
const RFC_KEY = new TextEncoder().encode('12345678901234567890');

/** Codes for a TOTP window (30 s) counted from the Unix epoch. */
const codeAt = (key: Uint8Array, window: number) => generateHOTP(key, BigInt(window), 6);

describe('verifyTotp', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('matches the RFC 6238 test vectors (SHA-1, 30 s, 6 digits)', () => {
		// RFC 6238 lists 8-digit codes; the 6-digit code is their last six digits.
		for (const [seconds, code] of [
			[59, '287082'],
			[1111111109, '081804'],
			[1234567890, '005924'],
			[2000000000, '279037']
		] as const) {
			vi.setSystemTime(seconds * 1000);
			expect(verifyTotp(RFC_KEY, code), `t=${seconds}`).toBe(true);
		}
	});

	it('accepts the current code from @oslojs/otp', () => {
		vi.useRealTimers();
		const key = generateTotpKey();
		expect(verifyTotp(key, generateTOTP(key, 30, 6))).toBe(true);
	});

	it('accepts the current code with spaces, as people type it', () => {
		vi.setSystemTime(1_700_000_015_000);
		const key = generateTotpKey();
		const code = generateTOTP(key, 30, 6);
		expect(verifyTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`)).toBe(true);
		expect(verifyTotp(key, ` ${code}\t`)).toBe(true);
	});

	it('accepts one window either side for clock drift, and no more', () => {
		// Halfway through window 2, so the windows 1..3 count, and 0 and 4 do not.
		vi.setSystemTime(75_000);
		expect(verifyTotp(RFC_KEY, codeAt(RFC_KEY, 2))).toBe(true);
		expect(verifyTotp(RFC_KEY, codeAt(RFC_KEY, 1))).toBe(true);
		expect(verifyTotp(RFC_KEY, codeAt(RFC_KEY, 3))).toBe(true);
		const accepted = new Set([1, 2, 3].map((w) => codeAt(RFC_KEY, w)));
		for (const w of [0, 4, 5, 100]) {
			const code = codeAt(RFC_KEY, w);
			expect(accepted.has(code)).toBe(false);
			expect(verifyTotp(RFC_KEY, code), `window ${w}`).toBe(false);
		}
	});

	it('rejects a wrong code', () => {
		vi.setSystemTime(75_000);
		const accepted = new Set([1, 2, 3].map((w) => codeAt(RFC_KEY, w)));
		let wrong = 0;
		while (accepted.has(String(wrong).padStart(6, '0'))) wrong++;
		expect(verifyTotp(RFC_KEY, String(wrong).padStart(6, '0'))).toBe(false);
		expect(verifyTotp(RFC_KEY, '000000')).toBe(accepted.has('000000'));
	});

	it("rejects the code for another person's key", () => {
		vi.setSystemTime(59_000);
		const other = new TextEncoder().encode('abcdefghijabcdefghij');
		const code = generateTOTP(other, 30, 6);
		const accepted = new Set([0, 1, 2].map((w) => codeAt(RFC_KEY, w)));
		expect(accepted.has(code)).toBe(false);
		expect(verifyTotp(other, code)).toBe(true);
		expect(verifyTotp(RFC_KEY, code)).toBe(false);
	});

	it('rejects malformed codes', () => {
		vi.setSystemTime(59_000);
		expect(verifyTotp(RFC_KEY, '287082')).toBe(true);
		for (const bad of [
			'',
			'28708',
			'2870820',
			'94287082', // the 8-digit form
			'87082',
			'abcdef',
			'28a082',
			'٢٨٧٠٨٢', // Arabic-Indic digits
			'287-082',
			'+287082',
			'-287082',
			'287082\u0000'
		]) {
			expect(verifyTotp(RFC_KEY, bad), JSON.stringify(bad)).toBe(false);
		}
	});
});

describe('TOTP set-up', () => {
	it('generates random 20-byte keys', () => {
		const a = generateTotpKey();
		const b = generateTotpKey();
		expect(a).toBeInstanceOf(Uint8Array);
		expect(a).toHaveLength(20);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
	});

	it('builds an otpauth URI with issuer Tavla and the account name', () => {
		const key = generateTotpKey();
		const uri = totpUri(key, 'lene@demo.tavla.test');
		expect(uri.startsWith('otpauth://totp/Tavla:')).toBe(true);
		const url = new URL(uri);
		expect(url.searchParams.get('issuer')).toBe('Tavla');
		expect(decodeURIComponent(uri)).toContain('lene@demo.tavla.test');
		expect(url.searchParams.get('digits')).toBe('6');
		expect(url.searchParams.get('period')).toBe('30');
		expect(url.searchParams.get('algorithm')).toBe('SHA1');
		expect(decodeBase32IgnorePadding(url.searchParams.get('secret')!)).toEqual(key);
	});

	it('shows the key for manual entry in groups of four', () => {
		const key = generateTotpKey();
		const manual = totpManualKey(key);
		expect(manual).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})*$/);
		expect(decodeBase32IgnorePadding(manual.replace(/ /g, ''))).toEqual(key);
	});

	it('renders the URI as an SVG QR code', () => {
		const svg = totpQrSvg(totpUri(generateTotpKey(), 'x@test.tavla'));
		expect(svg.trimStart().startsWith('<svg')).toBe(true);
	});
});
