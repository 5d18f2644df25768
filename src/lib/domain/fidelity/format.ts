/** Danish display of scores and indicator values, shared by the pages and the PDF. */
import type { IndicatorResult } from './indicators';

const num = (n: number, digits = 1) =>
	n.toLocaleString('da-DK', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export function formatScore(score: number | null | undefined): string {
	return score === null || score === undefined
		? '–'
		: score.toLocaleString('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}

export function formatIndicator(r: IndicatorResult): string {
	if (r.value === null) return 'Ingen data i perioden';
	switch (r.unit) {
		case 'ratio':
			return `${Math.round(r.value * 100)} %${r.denominator !== undefined ? ` (${r.numerator} af ${r.denominator})` : ''}`;
		case 'per_person':
			return `${num(r.value)} borgere pr. case manager`;
		case 'days':
			return `${num(r.value, 0)} dage`;
		case 'minutes':
			return `${num(r.value, 0)} min`;
		default:
			return num(r.value);
	}
}

/** What the ids that pull an indicator down are, and where they open (for drill-down). */
export function drillTarget(key: IndicatorResult['key']): {
	path: 'borgere' | 'moeder' | null;
	noun: string;
	label: string;
} {
	switch (key) {
		case 'caseload':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere uden case manager' };
		case 'cadence':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere ikke drøftet til tiden' };
		case 'crisis_plans':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere uden opdateret kriseplan' };
		case 'risk_assessments':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere uden aktuel risikovurdering' };
		case 'consent':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere uden gyldigt samtykke' };
		case 'shared_plans':
			return { path: 'borgere', noun: 'Borger', label: 'Borgere uden konkrete delmål' };
		case 'meetings':
			return { path: 'moeder', noun: 'Møde', label: 'Planlagte møder, der ikke blev holdt' };
		case 'attendance':
			return { path: 'moeder', noun: 'Møde', label: 'Møder uden begge sektorer' };
		case 'measurements':
			return { path: null, noun: 'Måling', label: 'Målinger ikke til tiden' };
		case 'tasks':
			return { path: null, noun: 'Opgave', label: 'Opgaver ikke udført til tiden' };
		case 'scaling_reasons':
			return { path: null, noun: 'Skalering', label: 'Skaleringer uden begrundelse' };
		case 'referral_start':
			return { path: null, noun: 'Henvisning', label: 'Henvisninger, der stadig venter' };
		default:
			return { path: null, noun: 'Post', label: 'Poster' };
	}
}
