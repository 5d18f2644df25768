import { describe, expect, it } from 'vitest';
import type { Basis, ConsentState, Scope } from './consent';
import type { SectionKey } from './sections';
import {
	decisionAllowed,
	decisionSection,
	hiddenLabel,
	notesAllowed,
	taskAllowed,
	writeRefusal
} from './meeting-consent';

const B: Basis = { kind: 'consent', id: 'c1' };
function scope(state: ConsentState, read: SectionKey[], write: SectionKey[] = read): Scope {
	return {
		state,
		until: null,
		read: new Map(read.map((s) => [s, B])),
		write: new Set(write)
	};
}

describe('meeting content and the consent scope', () => {
	it('maps decisions to the section they change, everything else to agreements', () => {
		expect(decisionSection('skalering')).toBe('skalering');
		expect(decisionSection('risiko')).toBe('risiko');
		for (const k of ['behandling', 'stoette', 'andet']) expect(decisionSection(k)).toBe('aftaler');
	});

	it.each([
		// state, read sections, notes, scaling decision, risk decision, other decision, task
		['missing', ['identitet', 'risiko', 'skalering', 'aftaler'], true, true, true, true, true],
		['active', ['identitet', 'maal'], true, false, false, false, false],
		['active', ['identitet', 'aftaler', 'risiko'], true, false, true, true, true],
		['expiring', ['identitet', 'skalering', 'aftaler'], true, true, false, true, true],
		['expired', ['identitet'], false, false, false, false, false],
		['withdrawn', ['identitet'], false, false, false, false, false],
		// A legal-basis disclosure opens its sections, but not the free-text notes.
		['withdrawn', ['identitet', 'risiko'], false, false, true, false, false]
	] as const)('%s %j', (state, read, notes, scaling, risk, other, task) => {
		const s = scope(state, [...read]);
		for (const mode of ['read', 'write'] as const) {
			expect(notesAllowed(s, mode)).toBe(notes);
			expect(decisionAllowed(s, 'skalering', mode)).toBe(scaling);
			expect(decisionAllowed(s, 'risiko', mode)).toBe(risk);
			expect(decisionAllowed(s, 'andet', mode)).toBe(other);
			expect(taskAllowed(s, mode)).toBe(task);
		}
	});

	it('a reader without write sees notes but may not write them', () => {
		const s = scope('active', ['identitet', 'aftaler'], []);
		expect(notesAllowed(s, 'read')).toBe(true);
		expect(notesAllowed(s, 'write')).toBe(false);
		expect(taskAllowed(s, 'write')).toBe(false);
	});

	it('labels what is hidden in Danish', () => {
		expect(hiddenLabel('expired', false)).toBe('Samtykke udløbet – indhold skjult');
		expect(hiddenLabel('withdrawn', true)).toBe('Samtykke trukket tilbage – indhold skjult');
		expect(hiddenLabel('active', false)).toBeNull();
		expect(hiddenLabel('active', true)).toMatch(/uden for borgerens samtykke/);
		expect(writeRefusal('task', 'withdrawn')).toBe(
			'Borgerens samtykke er trukket tilbage, så opgaven kan ikke gemmes. Intet er ændret.'
		);
	});
});
