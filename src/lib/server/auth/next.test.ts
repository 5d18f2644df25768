import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

// What a browser does with the answer `Location: <safeNext(x)>` on https://tavla.example.dk:
// the resulting URL must stay on that host.
function landsOn(next: string | null): string {
	return new URL(safeNext(next), 'https://tavla.example.dk/login').host;
}

describe('safeNext', () => {
	it('keeps paths on this site, with query and fragment', () => {
		for (const path of [
			'/',
			'/t/faellesteam-aabakke',
			'/t/x/borgere/1234?fane=netvaerk',
			'/t/x/tavle#raekke-3',
			'/invitation/abcdefghijklmnopqrstuvwxyz234567',
			'/konto'
		]) {
			expect(safeNext(path), path).toBe(path);
		}
	});

	const nasty: [string, string | null][] = [
		['nothing', null],
		['empty', ''],
		['absolute URL', 'https://evil.example/x'],
		['scheme-relative', '//evil.example/x'],
		['backslash (the reported /%5C)', '/\\evil.example/x'],
		['two backslashes', '/\\\\evil.example'],
		['backslash first', '\\\\evil.example'],
		['slash backslash slash', '/\\/evil.example'],
		['tab between the slashes', '/\t/evil.example/x'],
		['newline between the slashes', '/\n/evil.example'],
		['carriage return', '/\r/evil.example'],
		['tab and backslash', '/\t\\evil.example'],
		['javascript:', 'javascript:alert(1)'],
		['javascript after a slash', '/javascript:alert(1)'],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['user info', '//user@evil.example'],
		['dot segments to a double slash', '/.//evil.example'],
		['encoded double slash stays a path', '/%2F%2Fevil.example'],
		['leading space', ' /t/x'],
		['very long', `/${'a'.repeat(3000)}`]
	];

	for (const [label, input] of nasty) {
		it(`never leaves the site: ${label}`, () => {
			const out = safeNext(input);
			expect(out.startsWith('/'), out).toBe(true);
			expect(out.startsWith('//'), out).toBe(false);
			expect(out.includes('\\'), out).toBe(false);
			expect(landsOn(input)).toBe('tavla.example.dk');
		});
	}

	it('still lands on the site when a browser would otherwise have left it', () => {
		// The reported cases resolve to another host when used as they are.
		for (const raw of ['/\\evil.example/x', '/\t/evil.example/x', '//evil.example']) {
			expect(new URL(raw, 'https://tavla.example.dk/login').host).toBe('evil.example');
			expect(safeNext(raw)).toBe('/');
		}
	});

	it('an encoded double slash is a harmless path, not a host', () => {
		expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
	});
});
