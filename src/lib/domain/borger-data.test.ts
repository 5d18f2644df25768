import { describe, expect, it } from 'vitest';
import type { ConsentState, Scope } from './consent';
import { CASE_TEXT, DATA_CATEGORIES, categoryAllowed, type DataCategory } from './borger-data';
import { SECTION_KEYS, type SectionKey } from './sections';

function scope(state: ConsentState, read: SectionKey[], write: SectionKey[] = read) {
	return {
		state,
		read: new Map(read.map((s) => [s, { kind: 'consent' as const, id: 'c' }])),
		write: new Set(write)
	} satisfies Pick<Scope, 'state' | 'read' | 'write'>;
}

describe('data categories', () => {
	it('are the sections plus the case as a whole', () => {
		expect(DATA_CATEGORIES).toEqual([...SECTION_KEYS, CASE_TEXT]);
	});

	// state, readable sections, category, read?, write?
	const table: [ConsentState, SectionKey[], DataCategory, boolean, boolean][] = [
		['missing', [...SECTION_KEYS], 'maalinger', true, true],
		['active', ['identitet', 'maal'], 'maal', true, true],
		['active', ['identitet', 'maal'], 'maalinger', false, false],
		['active', ['identitet', 'maal'], 'forloeb', false, false],
		['active', ['identitet', 'maal'], CASE_TEXT, true, true],
		['expiring', ['identitet'], CASE_TEXT, true, true],
		['withdrawn', ['identitet'], 'identitet', true, true],
		['withdrawn', ['identitet'], 'forloeb', false, false],
		['withdrawn', ['identitet'], CASE_TEXT, false, false],
		['expired', ['identitet', 'risiko'], 'risiko', true, true],
		// A legal-basis disclosure opens named sections, never the case as a whole.
		['expired', ['identitet', 'risiko'], CASE_TEXT, false, false]
	];
	it.each(table)('%s consent with %j: %s read %s, write %s', (state, read, category, r, w) => {
		expect(categoryAllowed(scope(state, read), category, 'read')).toBe(r);
		expect(categoryAllowed(scope(state, read), category, 'write')).toBe(w);
	});

	it('a reader without write access writes nothing', () => {
		const s = scope('active', ['identitet', 'maal'], []);
		expect(categoryAllowed(s, 'maal', 'read')).toBe(true);
		expect(categoryAllowed(s, 'maal', 'write')).toBe(false);
		expect(categoryAllowed(s, CASE_TEXT, 'write')).toBe(false);
	});
});
