import { describe, expect, it } from 'vitest';
import {
	DEFAULT_REFERRAL_CRITERIA,
	daysToStart,
	dischargeProblems,
	evaluateCriteria,
	startupChecklist
} from './pathway';

const answers = (met: Record<string, boolean | null>) =>
	DEFAULT_REFERRAL_CRITERIA.map((c) => ({ key: c.key, label: c.label, met: met[c.key] ?? null }));

describe('target-group checklist', () => {
	const inside = {
		svaer_psykisk_lidelse: true,
		flere_belastninger: true,
		kan_ikke_fastholde: true,
		botilbud: false,
		afviser_opsoegende: false
	};
	it('fits when every inclusion is met and no exclusion', () => {
		expect(evaluateCriteria(DEFAULT_REFERRAL_CRITERIA, answers(inside)).fits).toBe(true);
	});
	it('names an exclusion that is met (botilbud) and an unmet inclusion', () => {
		const r = evaluateCriteria(
			DEFAULT_REFERRAL_CRITERIA,
			answers({ ...inside, botilbud: true, flere_belastninger: false })
		);
		expect(r.fits).toBe(false);
		expect(r.exclusionsMet).toEqual(['Bor på botilbud (eksklusion)']);
		expect(r.inclusionsNotMet).toHaveLength(1);
	});
	it('does not fit while questions are unanswered', () => {
		const r = evaluateCriteria(DEFAULT_REFERRAL_CRITERIA, answers({ svaer_psykisk_lidelse: true }));
		expect(r.unanswered).toBe(4);
		expect(r.fits).toBe(false);
	});
});

describe('startup checklist', () => {
	it('blocks on goals and primary contact, reminds about the rest', () => {
		const c = startupChecklist({
			consent: false,
			networkCount: 2,
			riskCount: 0,
			crisisPlan: false,
			goalCount: 0,
			caseManager: true
		});
		expect(c.blocking).toEqual(['maal']);
		expect(c.outstanding).toEqual(['samtykke', 'risiko', 'kriseplan']);
		expect(c.steps.find((s) => s.step === 'netvaerk')?.done).toBe(true);
	});
	it('is complete with everything in place', () => {
		const c = startupChecklist({
			consent: true,
			networkCount: 1,
			riskCount: 1,
			crisisPlan: true,
			goalCount: 1,
			caseManager: true
		});
		expect(c.blocking).toEqual([]);
		expect(c.outstanding).toEqual([]);
	});
});

describe('discharge', () => {
	it('requires a bridge and a receiving person for a transfer (relay principle)', () => {
		const p = dischargeProblems({
			reason: 'overfoert',
			bridge: '',
			receivingPerson: ' ',
			reasonText: ''
		});
		expect(p.map((x) => x.field)).toEqual(['bridge', 'receivingPerson']);
		expect(
			dischargeProblems({
				reason: 'overfoert',
				bridge: 'Bostøtte',
				receivingPerson: 'Ida',
				reasonText: ''
			})
		).toEqual([]);
		expect(
			dischargeProblems({ reason: 'andet', bridge: '', receivingPerson: '', reasonText: '' })
		).toHaveLength(1);
		expect(
			dischargeProblems({ reason: 'maal_naaet', bridge: '', receivingPerson: '', reasonText: '' })
		).toEqual([]);
	});
	it('counts days from referral to start, never negative', () => {
		expect(daysToStart('2025-01-01', '2025-02-01')).toBe(31);
		expect(daysToStart('2025-02-01', '2025-01-01')).toBe(0);
	});
});
