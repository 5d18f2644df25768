/**
 * Which consent category covers each piece of data about a borger (docs/CONSENT.md,
 * "Every piece of borger data has a section"). Pure; the access module and the services
 * apply it to the scope from $lib/domain/consent.ts.
 *
 * A category is a record section ($lib/domain/sections), or `CASE_TEXT`: free text about
 * the whole case (the item notes of a tavlemøde, the planner's and a case request's
 * reasons, a guest's notes) that cannot be split by section. It is covered by the team's
 * consent as a whole: readable while the team has a basis for the case (consent active or
 * expiring, or not yet recorded), hidden once it has expired or been withdrawn, even where
 * a legal-basis disclosure opens single sections.
 */
import type { ConsentState, Scope } from './consent';
import { SECTION_KEYS, type SectionKey } from './sections';

export const CASE_TEXT = 'sag' as const;
export type DataCategory = SectionKey | typeof CASE_TEXT;

export const DATA_CATEGORIES: readonly DataCategory[] = [...SECTION_KEYS, CASE_TEXT];

const TEAM_BASIS: ReadonlySet<ConsentState> = new Set(['missing', 'active', 'expiring']);

/** May this category be read (or written) under this scope? */
export function categoryAllowed(
	scope: Pick<Scope, 'state' | 'read' | 'write'>,
	category: DataCategory,
	mode: 'read' | 'write'
): boolean {
	if (category === CASE_TEXT) {
		if (!TEAM_BASIS.has(scope.state)) return false;
		return mode === 'read' ? scope.read.size > 0 : scope.write.size > 0;
	}
	return mode === 'read' ? scope.read.has(category) : scope.write.has(category);
}
