import { describe, expect, it } from 'vitest';
import { SECTIONS, SECTION_KEYS, isSectionKey, sectionByKey, type SectionKey } from './sections';

// Written out by hand: these keys are stored as consent data categories, so changing one
// must be a deliberate edit in two places (and a data migration).
const expected: Array<[SectionKey, string]> = [
	['identitet', 'Identitet'],
	['netvaerk', 'Socialt netværk'],
	['misbrug', 'Misbrug / rusmidler'],
	['retslige', 'Retslige forhold'],
	['maal', 'Mål og ønsker'],
	['indsatser', 'Andre indsatser'],
	['risiko', 'Risiko og sikkerhed'],
	['kriseplan', 'Kriseplan'],
	['skalering', 'Skalering'],
	['aftaler', 'Interventioner og aftaler'],
	['forloeb', 'Forløb'],
	['maalinger', 'Målinger']
];

describe('sections', () => {
	it('has exactly the stable keys, in display order', () => {
		expect([...SECTION_KEYS]).toEqual(expected.map(([key]) => key));
		expect(SECTIONS.map((section) => section.key)).toEqual(expected.map(([key]) => key));
	});

	it.each(expected)('%s is labelled "%s" and described', (key, label) => {
		const section = sectionByKey(key);
		expect(section.key).toBe(key);
		expect(section.label).toBe(label);
		expect(section.description.length).toBeGreaterThan(20);
		expect(section.description).toMatch(/\.$/);
	});

	it('uses keys that are safe to store', () => {
		for (const key of SECTION_KEYS) expect(key).toMatch(/^[a-z]+$/);
	});

	it('has unique labels', () => {
		const labels = SECTIONS.map((section) => section.label);
		expect(new Set(labels).size).toBe(labels.length);
	});

	it.each([
		['risiko', true],
		['kriseplan', true],
		['Risiko', false],
		['netværk', false],
		['', false],
		[undefined, false],
		[3, false]
	])('isSectionKey(%j) is %s', (value, result) => {
		expect(isSectionKey(value)).toBe(result);
	});
});
