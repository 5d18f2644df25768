import type { Cookies } from '@sveltejs/kit';
import { generateToken } from '../auth/tokens';

/**
 * The guest's device cookie: a random id of the browser that first opened the link.
 * Its hash binds the invitation to that device (single use per device).
 */
export const GUEST_DEVICE_COOKIE = 'tavla_gaest';

export function guestDevice(cookies: Cookies, secure: boolean): string {
	let id = cookies.get(GUEST_DEVICE_COOKIE);
	if (!id || !/^[a-z2-7]{32}$/.test(id)) {
		id = generateToken();
		cookies.set(GUEST_DEVICE_COOKIE, id, {
			httpOnly: true,
			sameSite: 'strict',
			secure,
			path: '/gaest',
			maxAge: 60 * 60 * 24 * 2
		});
	}
	return id;
}

/** Tokens are base32 of 20 bytes; anything else is refused before touching the database. */
export function plausibleToken(token: string): boolean {
	return /^[a-z2-7]{32}$/.test(token);
}
