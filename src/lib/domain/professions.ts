/** Professions found in FACT/3CP teams (DOMAIN.md §1.3). Labels live in i18n/da.ts. */
export const PROFESSIONS = [
	'sygeplejerske',
	'psykiater',
	'psykolog',
	'socialraadgiver',
	'bostoette',
	'rusmiddelbehandler',
	'peer',
	'ergoterapeut',
	'paedagog',
	'leder',
	'andet'
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export function initialsOf(name: string): string {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	if (parts.length === 0) return '?';
	const first = parts[0]!.charAt(0);
	const last = parts.length > 1 ? parts[parts.length - 1]!.charAt(0) : '';
	return (first + last).toUpperCase();
}
