/**
 * The consent scope: one pure decision of what a viewer may read or write of one borger,
 * section by section, and on which basis. No I/O; the server's access module
 * (src/lib/server/access/borger.ts) loads the grants and applies this. The model is
 * written down in docs/CONSENT.md.
 *
 * Grants come from two registers: consents the borger gave (basis 'consent') and
 * disclosures on a legal basis without consent (basis 'legal', e.g. Retsplejeloven
 * § 115 or acute danger). Both name an actor and optional categories (section keys;
 * null = all sections) and are valid for a period.
 */
import { can, type TeamRole } from './permissions';
import { SECTION_KEYS, type SectionKey } from './sections';

export type ConsentActorKind = 'team' | 'organisation' | 'role' | 'person';

export interface Grant {
	id: string;
	basis: 'consent' | 'legal';
	actorKind: ConsentActorKind;
	/** null = all sections. */
	categories: readonly SectionKey[] | null;
	/** 'YYYY-MM-DD', inclusive. */
	validFrom: string;
	/** 'YYYY-MM-DD', inclusive; null = until withdrawn. */
	validUntil: string | null;
	withdrawnAt: Date | null;
}

/**
 * Who is looking. Members are the inner wheel of the borger's own team. A guest is an
 * outer-wheel actor admitted to one agenda item under one named grant, for a time window.
 */
export type ScopeViewer =
	| { kind: 'member'; role: TeamRole }
	| { kind: 'guest'; grantId: string; windowStart: Date; windowEnd: Date };

export type Mode = 'read' | 'write';

/** The team's consent situation for a borger, as flagged on the board and record. */
export type ConsentState = 'missing' | 'active' | 'expiring' | 'expired' | 'withdrawn';

export interface Basis {
	kind: 'consent' | 'legal' | 'enrolment';
	/** The grant id; null for 'enrolment'. */
	id: string | null;
}

export interface Scope {
	state: ConsentState;
	/** Last day of the team's active consents; null = open-ended or none. */
	until: string | null;
	/** Section → the basis it is visible on. Absent = not visible. */
	read: ReadonlyMap<SectionKey, Basis>;
	write: ReadonlySet<SectionKey>;
}

/** Days before valid_until at which a consent is flagged as expiring. */
export const EXPIRING_DAYS = 30;

const ENROLMENT: Basis = { kind: 'enrolment', id: null };

function addDays(iso: string, days: number): string {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** A grant counts from valid_from through valid_until, until it is withdrawn. */
export function grantActive(g: Grant, today: string, now: Date): boolean {
	if (g.withdrawnAt && g.withdrawnAt <= now) return false;
	if (g.validFrom > today) return false;
	return g.validUntil === null || g.validUntil >= today;
}

/**
 * The team's consent state: the state of the best team consent. Legal-basis
 * disclosures do not make consent "active": they are recorded exceptions.
 */
export function teamConsentState(grants: readonly Grant[], today: string, now: Date): ConsentState {
	const team = grants.filter((g) => g.basis === 'consent' && g.actorKind === 'team');
	if (team.length === 0) return 'missing';
	const active = team.filter((g) => grantActive(g, today, now));
	if (active.length > 0) {
		const soon = addDays(today, EXPIRING_DAYS);
		// Expiring only if every active consent runs out soon.
		return active.every((g) => g.validUntil !== null && g.validUntil <= soon)
			? 'expiring'
			: 'active';
	}
	// Not active: a withdrawal says more than a lapse, and a future start is "missing yet".
	if (team.some((g) => g.withdrawnAt && g.withdrawnAt <= now)) return 'withdrawn';
	if (team.some((g) => g.validUntil !== null && g.validUntil < today)) return 'expired';
	return 'missing';
}

function sectionsOf(g: Grant): readonly SectionKey[] {
	return g.categories ?? SECTION_KEYS;
}

/**
 * The scope of one viewer on one borger.
 *
 * Inner wheel (roles with borger.read; docs/CONSENT.md):
 * - no team consent recorded yet ('missing', the referral and startup stage): every
 *   section, on the basis of the team's own enrolment work, flagged until recorded;
 * - an active team consent: its categories (union over active team consents);
 * - expired or withdrawn: identity only, so the team can still find the person,
 *   record a renewed consent and close the course;
 * - identity is always readable by the inner wheel (the minimal record);
 * - an active legal-basis disclosure to the team adds its categories (read and write);
 * - roles with borger.write may write what they may read; others read only.
 *
 * Guest (outer wheel): only the one grant named by the invitation, only while it is
 * active, only inside the time window; read only; nothing else of the borger.
 */
export function consentScope(
	viewer: ScopeViewer,
	grants: readonly Grant[],
	now: Date,
	today: string = isoDay(now)
): Scope {
	const state = teamConsentState(grants, today, now);
	const until = teamConsentUntil(grants, today, now);
	const read = new Map<SectionKey, Basis>();
	const write = new Set<SectionKey>();

	if (viewer.kind === 'guest') {
		const g = grants.find((x) => x.id === viewer.grantId);
		const inWindow = now >= viewer.windowStart && now <= viewer.windowEnd;
		if (g && g.actorKind !== 'team' && inWindow && grantActive(g, today, now)) {
			const basis: Basis = { kind: g.basis, id: g.id };
			for (const s of sectionsOf(g)) read.set(s, basis);
		}
		return { state, until, read, write };
	}

	if (!can(viewer.role, 'borger.read')) return { state, until, read, write };
	const active = grants.filter((g) => g.actorKind === 'team' && grantActive(g, today, now));

	if (state === 'missing') {
		for (const s of SECTION_KEYS) read.set(s, ENROLMENT);
	} else {
		for (const g of active.filter((x) => x.basis === 'consent')) {
			for (const s of sectionsOf(g)) if (!read.has(s)) read.set(s, { kind: 'consent', id: g.id });
		}
	}
	for (const g of active.filter((x) => x.basis === 'legal')) {
		for (const s of sectionsOf(g)) if (!read.has(s)) read.set(s, { kind: 'legal', id: g.id });
	}
	if (!read.has('identitet')) read.set('identitet', ENROLMENT);

	if (can(viewer.role, 'borger.write')) for (const s of read.keys()) write.add(s);
	return { state, until, read, write };
}

/** The one yes/no question, for a viewer, a borger's grants, a category and a mode. */
export function mayAccess(
	viewer: ScopeViewer,
	grants: readonly Grant[],
	section: SectionKey,
	mode: Mode,
	now: Date
): boolean {
	const scope = consentScope(viewer, grants, now);
	return mode === 'read' ? scope.read.has(section) : scope.write.has(section);
}

/**
 * May this grant admit an outer-wheel guest? Only a grant to someone outside the team,
 * active for the whole slot, with at least one category.
 */
export function grantAdmitsGuest(
	g: Grant | undefined,
	windowStart: Date,
	windowEnd: Date
): boolean {
	if (!g || g.actorKind === 'team') return false;
	if (g.categories !== null && g.categories.length === 0) return false;
	return (
		grantActive(g, isoDay(windowStart), windowStart) && grantActive(g, isoDay(windowEnd), windowEnd)
	);
}

/** The calendar day in Denmark, so a consent "until 31 December" lasts all that day. */
// Made once: constructing an Intl.DateTimeFormat costs far more than formatting with it,
// and this runs in every access check (it was 1.3 % of the server's CPU under load).
const copenhagenDay = new Intl.DateTimeFormat('sv-SE', {
	timeZone: 'Europe/Copenhagen',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

export function isoDay(d: Date): string {
	return copenhagenDay.format(d);
}

export type ConsentFlagKind =
	'consent_missing' | 'consent_expiring' | 'consent_expired' | 'consent_withdrawn';

/** Danish date without the year's century noise: 23.11.2026. */
function daDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}.${m}.${y}`;
}

/**
 * The flag the board and the record show for the team's consent state. `until` is the
 * last day of the longest-running active team consent (for 'expiring').
 */
export function consentFlag(
	state: ConsentState,
	until: string | null = null
): { kind: ConsentFlagKind; label: string; severity: 'critical' | 'warning' } | null {
	switch (state) {
		case 'missing':
			return { kind: 'consent_missing', label: 'Samtykke mangler', severity: 'warning' };
		case 'expiring':
			return {
				kind: 'consent_expiring',
				label: until ? `Samtykke udløber ${daDate(until)}` : 'Samtykke udløber snart',
				severity: 'warning'
			};
		case 'expired':
			return { kind: 'consent_expired', label: 'Samtykke udløbet', severity: 'critical' };
		case 'withdrawn':
			return {
				kind: 'consent_withdrawn',
				label: 'Samtykke trukket tilbage',
				severity: 'critical'
			};
		default:
			return null;
	}
}

/** The last day covered by the team's active consents (null = open-ended or none). */
export function teamConsentUntil(
	grants: readonly Grant[],
	today: string,
	now: Date
): string | null {
	const active = grants.filter(
		(g) => g.basis === 'consent' && g.actorKind === 'team' && grantActive(g, today, now)
	);
	if (active.length === 0 || active.some((g) => g.validUntil === null)) return null;
	return active
		.map((g) => g.validUntil!)
		.sort()
		.at(-1)!;
}
