/**
 * Where to go after signing in (`?next=`, the TOTP step, the single sign-on cookie):
 * only a path on this site. The value is read the way a browser reads a Location
 * header (the WHATWG URL parser drops tabs and newlines and treats `\` as `/`), so
 * `/\evil.example`, `/%5Cevil.example` once decoded, and `/<tab>/evil.example` all
 * count as the other site they would lead to, and are refused.
 */
const BASE = 'http://tavla.invalid';

export function safeNext(next: string | null | undefined): string {
	if (!next || next.length > 2000 || !next.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return '/';
	}
	if (url.origin !== BASE) return '/';
	const path = url.pathname + url.search + url.hash;
	// A normalised path that starts with two slashes (e.g. from `/.//x`) would again be
	// read as another host.
	return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
