/**
 * Which part of a borger's consent scope covers what a tavlemøde records about them
 * (docs/CONSENT.md, "The meeting and the minutes"). Pure; the meeting service applies
 * it to the scope from the access module, for reads (the meeting view, the minutes,
 * their PDFs, the per-borger extract) and for writes (notes, decisions, tasks).
 *
 * - The borger's name on an item is identity.
 * - A decision belongs to the section it changes: a scaling decision to 'skalering', a
 *   risk decision to 'risiko'; every other decision (treatment, support, other) is an
 *   agreement of the team, 'aftaler' ("who does what by when").
 * - A task is an agreement: 'aftaler'.
 * - The item notes (and the planner's reasons for the item) are free text about the
 *   whole case and cannot be split by section. They are covered by the team consent as
 *   a whole: readable and writable while the team has a basis for the case (consent
 *   active or expiring, or not yet recorded), hidden once it has expired or been
 *   withdrawn, even where a legal-basis disclosure opens single sections.
 */
import type { ConsentState, Scope } from './consent';
import type { SectionKey } from './sections';

export function decisionSection(kind: string): SectionKey {
	if (kind === 'skalering') return 'skalering';
	if (kind === 'risiko') return 'risiko';
	return 'aftaler';
}

export const TASK_SECTION: SectionKey = 'aftaler';

const TEAM_BASIS: ReadonlySet<ConsentState> = new Set(['missing', 'active', 'expiring']);

/** May the item notes be read (or written) under this scope? */
export function notesAllowed(
	scope: Pick<Scope, 'state' | 'read' | 'write'>,
	mode: 'read' | 'write'
) {
	if (!TEAM_BASIS.has(scope.state)) return false;
	return mode === 'read' ? scope.read.size > 0 : scope.write.size > 0;
}

/** May a decision of this kind be read (or written) under this scope? */
export function decisionAllowed(
	scope: Pick<Scope, 'read' | 'write'>,
	kind: string,
	mode: 'read' | 'write'
) {
	const s = decisionSection(kind);
	return mode === 'read' ? scope.read.has(s) : scope.write.has(s);
}

export function taskAllowed(scope: Pick<Scope, 'read' | 'write'>, mode: 'read' | 'write') {
	return mode === 'read' ? scope.read.has(TASK_SECTION) : scope.write.has(TASK_SECTION);
}

/**
 * What an item shows in place of what the scope hides: null when nothing is hidden.
 * Expired and withdrawn consent say so; otherwise the item is partly outside the scope.
 */
export function hiddenLabel(state: ConsentState, anythingHidden: boolean): string | null {
	if (state === 'expired') return 'Samtykke udløbet – indhold skjult';
	if (state === 'withdrawn') return 'Samtykke trukket tilbage – indhold skjult';
	return anythingHidden ? 'Dele af punktet er uden for borgerens samtykke og vises ikke' : null;
}

/** The Danish refusal for a meeting write outside the borger's scope. */
export function writeRefusal(what: 'notes' | 'decision' | 'task', state: ConsentState): string {
	const reason =
		state === 'expired'
			? 'Borgerens samtykke er udløbet'
			: state === 'withdrawn'
				? 'Borgerens samtykke er trukket tilbage'
				: 'Borgerens samtykke dækker det ikke';
	const thing =
		what === 'notes' ? 'referat af punktet' : what === 'decision' ? 'beslutningen' : 'opgaven';
	return `${reason}, så ${thing} kan ikke gemmes. Intet er ændret.`;
}
