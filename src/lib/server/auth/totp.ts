import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { renderSVG } from 'uqr';

/** TOTP (RFC 6238) as Google Authenticator and friends expect: SHA-1, 30 s, 6 digits. */
const PERIOD = 30;
const DIGITS = 6;

export function generateTotpKey(): Uint8Array {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

export function totpUri(key: Uint8Array, accountName: string): string {
	return createTOTPKeyURI('Tavla', accountName, key, PERIOD, DIGITS);
}

export function totpQrSvg(uri: string): string {
	return renderSVG(uri, { border: 2 });
}

export function totpManualKey(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key)
		.replace(/(.{4})/g, '$1 ')
		.trim();
}

/**
 * The time step (30-second window number) the code belongs to: the current window or
 * one either side (clock drift); null when it matches none. Callers that sign someone
 * in accept each step at most once (see consumeTotpCode).
 */
export function totpStep(key: Uint8Array, code: string, now = Date.now()): number | null {
	const clean = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(clean)) return null;
	const current = Math.floor(now / (PERIOD * 1000));
	for (const step of [current - 1, current, current + 1]) {
		if (verifyHOTP(key, BigInt(step), DIGITS, clean)) return step;
	}
	return null;
}

export function verifyTotp(key: Uint8Array, code: string, now = Date.now()): boolean {
	return totpStep(key, code, now) !== null;
}
