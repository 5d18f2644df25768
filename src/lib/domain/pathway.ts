/**
 * The care pathway from referral to discharge (DOMAIN.md §6): referral sources, the
 * target-group checklist, visitation outcomes, the startup checklist and discharge
 * reasons. Labels are Danish because they are shown as they are. Pure: no I/O.
 */
import { daysSince, type DateInput } from './scaling';

export const REFERRER_KINDS = [
	'psykiatri',
	'egen_laege',
	'kommune',
	'borger',
	'paaroerende',
	'andet'
] as const;
export type ReferrerKind = (typeof REFERRER_KINDS)[number];
export const REFERRER_LABELS: Record<ReferrerKind, string> = {
	psykiatri: 'Regionspsykiatrien',
	egen_laege: 'Egen læge',
	kommune: 'Kommunen',
	borger: 'Borgeren selv',
	paaroerende: 'Pårørende',
	andet: 'Andet'
};

export const REFERRAL_STATUSES = ['modtaget', 'optaget', 'afvist', 'videresendt'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
	modtaget: 'Afventer visitation',
	optaget: 'Optaget',
	afvist: 'Afvist',
	videresendt: 'Henvist videre'
};

/** The visitation decision: accept, reject with reason, or refer elsewhere. */
export const VISITATION_DECISIONS = ['optaget', 'afvist', 'videresendt'] as const;
export type VisitationDecision = (typeof VISITATION_DECISIONS)[number];

export interface ReferralCriterion {
	key: string;
	label: string;
	/** An exclusion criterion: met = the borger is outside the target group. */
	exclusion: boolean;
	source: string;
}

/** The default target-group checklist, from the seeds (001:3227–3233, 002:16, 001:1562). */
export const DEFAULT_REFERRAL_CRITERIA: readonly ReferralCriterion[] = [
	{
		key: 'svaer_psykisk_lidelse',
		label: 'Voksen med svær psykisk lidelse',
		exclusion: false,
		source: '001:3227'
	},
	{
		key: 'flere_belastninger',
		label: 'Flere belastninger (somatisk sygdom, selvskade, rusmiddelbrug)',
		exclusion: false,
		source: '001:3229'
	},
	{
		key: 'kan_ikke_fastholde',
		label: 'Kan ikke fastholde eksisterende tilbud og har brug for hjælp fra flere',
		exclusion: false,
		source: '001:3231'
	},
	{
		key: 'botilbud',
		label: 'Bor på botilbud (eksklusion)',
		exclusion: true,
		source: '001:3233'
	},
	{
		key: 'afviser_opsoegende',
		label: 'Afviser aktivt et opsøgende team (eksklusion)',
		exclusion: true,
		source: '001:1562'
	}
];

export interface CriterionAnswer {
	key: string;
	label: string;
	/** null = not assessed yet. */
	met: boolean | null;
}

export interface CriteriaResult {
	/** All inclusion criteria met and no exclusion met. */
	fits: boolean;
	unanswered: number;
	exclusionsMet: string[];
	inclusionsNotMet: string[];
}

/** Read a referral's checklist against the team's criteria (unknown keys are ignored). */
export function evaluateCriteria(
	criteria: readonly ReferralCriterion[],
	answers: readonly CriterionAnswer[]
): CriteriaResult {
	const byKey = new Map(answers.map((a) => [a.key, a.met]));
	const r: CriteriaResult = { fits: true, unanswered: 0, exclusionsMet: [], inclusionsNotMet: [] };
	for (const c of criteria) {
		const met = byKey.get(c.key) ?? null;
		if (met === null) r.unanswered++;
		else if (c.exclusion && met) r.exclusionsMet.push(c.label);
		else if (!c.exclusion && !met) r.inclusionsNotMet.push(c.label);
	}
	r.fits = r.unanswered === 0 && r.exclusionsMet.length === 0 && r.inclusionsNotMet.length === 0;
	return r;
}

// ---------------------------------------------------------------------------------------
// Startup meeting
// ---------------------------------------------------------------------------------------

export const STARTUP_STEPS = [
	'samtykke',
	'netvaerk',
	'risiko',
	'kriseplan',
	'maal',
	'kontaktperson'
] as const;
export type StartupStep = (typeof STARTUP_STEPS)[number];

export const STARTUP_STEP_INFO: Record<
	StartupStep,
	{ label: string; help: string; required: boolean }
> = {
	samtykke: {
		label: 'Samtykke',
		help: 'Hvilke aktører teamet må tale med, når borgeren ikke selv er med.',
		required: false
	},
	netvaerk: {
		label: 'Netværkskortlægning',
		help: 'Mindst én person i borgerens netværk.',
		required: false
	},
	risiko: {
		label: 'Første risikovurdering',
		help: 'Mindst én vurdering i risikoafsnittet.',
		required: false
	},
	kriseplan: { label: 'Kriseplan', help: 'Første version af kriseplanen.', required: false },
	maal: {
		label: 'Borgerens mål',
		help: 'Mindst ét mål, gerne med borgerens egne ord.',
		required: true
	},
	kontaktperson: {
		label: 'Primær kontaktperson',
		help: 'Den kontaktperson, der har forløbet.',
		required: true
	}
};

export interface StartupFacts {
	consent: boolean;
	networkCount: number;
	riskCount: number;
	crisisPlan: boolean;
	goalCount: number;
	caseManager: boolean;
}

export interface StartupChecklist {
	steps: { step: StartupStep; done: boolean; required: boolean }[];
	/** Required steps not done: the meeting cannot be completed yet. */
	blocking: StartupStep[];
	/** Optional steps not done: shown as reminders after the start. */
	outstanding: StartupStep[];
}

export function startupChecklist(f: StartupFacts): StartupChecklist {
	const done: Record<StartupStep, boolean> = {
		samtykke: f.consent,
		netvaerk: f.networkCount > 0,
		risiko: f.riskCount > 0,
		kriseplan: f.crisisPlan,
		maal: f.goalCount > 0,
		kontaktperson: f.caseManager
	};
	const steps = STARTUP_STEPS.map((step) => ({
		step,
		done: done[step],
		required: STARTUP_STEP_INFO[step].required
	}));
	return {
		steps,
		blocking: steps.filter((s) => s.required && !s.done).map((s) => s.step),
		outstanding: steps.filter((s) => !s.required && !s.done).map((s) => s.step)
	};
}

// ---------------------------------------------------------------------------------------
// Discharge
// ---------------------------------------------------------------------------------------

export const DISCHARGE_REASONS = [
	'maal_naaet',
	'overfoert',
	'flyttet',
	'fravalgt',
	'ingen_effekt',
	'doed',
	'andet'
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];
export const DISCHARGE_REASON_LABELS: Record<DischargeReason, string> = {
	maal_naaet: 'Mål nået',
	overfoert: 'Overført til andet tilbud',
	flyttet: 'Fraflyttet',
	fravalgt: 'Borgeren har fravalgt forløbet',
	ingen_effekt: 'Ingen effekt af forløbet',
	doed: 'Død',
	andet: 'Andet'
};

/**
 * The relay principle (001:3809): a borger transferred to another service is not let go
 * before someone has taken over, so a transfer needs a bridge and a receiving person.
 */
export function dischargeProblems(input: {
	reason: DischargeReason;
	bridge: string;
	receivingPerson: string;
	reasonText: string;
}): { field: 'bridge' | 'receivingPerson' | 'reasonText'; message: string }[] {
	const out: { field: 'bridge' | 'receivingPerson' | 'reasonText'; message: string }[] = [];
	if (input.reason === 'overfoert') {
		if (!input.bridge.trim())
			out.push({ field: 'bridge', message: 'Skriv hvilket tilbud borgeren overgår til.' });
		if (!input.receivingPerson.trim())
			out.push({
				field: 'receivingPerson',
				message: 'Skriv hvem der tager imod borgeren (stafetprincippet).'
			});
	}
	if (input.reason === 'andet' && !input.reasonText.trim())
		out.push({ field: 'reasonText', message: 'Beskriv årsagen.' });
	return out;
}

/** Days from referral to the start of the course (the startup meeting). */
export function daysToStart(referredOn: DateInput, startedOn: DateInput): number {
	return Math.max(0, daysSince(referredOn, startedOn));
}
