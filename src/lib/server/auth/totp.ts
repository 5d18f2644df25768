import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
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

/** Accept the code for the current window and one window either side (clock drift). */
export function verifyTotp(key: Uint8Array, code: string): boolean {
	const clean = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(clean)) return false;
	return verifyTOTPWithGracePeriod(key, PERIOD, DIGITS, clean, PERIOD);
}
