import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { securityText } from '$lib/i18n/da';
import { z, isStorableText, fieldErrors } from './zod';
import { borgerIdentity } from './schemas/borger';
import { createMeetingInput, caseRequestInput } from './schemas/meeting';
import { consentInput } from './schemas/consent';
import { interviewInput } from './schemas/fidelity';
import { outcomesRange } from './schemas/pathway';

const NASTY = [
	['NUL', 'Anders\u0000Ågård'],
	['only NUL', '\u0000'],
	['lone high surrogate', 'Anders \uD83D'],
	['lone low surrogate', '\uDE00 Ågård'],
	['surrogates in the wrong order', 'a\uDE00\uD83Db']
] as const;

describe('text PostgreSQL can store', () => {
	it('refuses NUL and lone surrogates, keeps Danish letters and emoji', () => {
		for (const [label, value] of NASTY) expect(isStorableText(value), label).toBe(false);
		for (const ok of ['Søren Ærø', 'Åse 😀 Lund', '', 'tab\tand\nnewline', '"; drop table x;'])
			expect(isStorableText(ok), ok).toBe(true);
	});

	it('z.string() refuses them with a Danish message, first, before length checks', () => {
		const name = z.string().trim().min(2).max(120);
		for (const [label, value] of NASTY) {
			const r = name.safeParse(value);
			expect(r.success, label).toBe(false);
			expect(r.error!.issues[0]!.message).toBe(securityText.badText);
		}
		// Also as one option of a union (text or nothing), where zod reports the option
		// that fits the input.
		const optional = z.union([z.string().max(20), z.literal(null)]);
		expect(optional.safeParse('a\u0000').error!.issues[0]!.message).toBe(securityText.badText);
		expect(name.parse('  Søren 😀 ')).toBe('Søren 😀');
	});

	it('reaches the shared schemas: a borger name, a case request reason', () => {
		const r = borgerIdentity.safeParse({ name: 'Anders\u0000' });
		expect(fieldErrors(r.error!)).toEqual({ name: securityText.badText });
		const c = caseRequestInput.safeParse({
			teamId: '6a0f8d2c-1e4b-4c55-8f3a-9d2e7c1b5a40',
			borgerId: '3f1c2a9e-7b7d-4d0e-9a51-2b0c8f6f0a11',
			reason: 'Bekymring \uD800'
		});
		expect(c.success).toBe(false);
		expect(Object.values(fieldErrors(c.error!))).toContain(securityText.badText);
	});

	it('also in record keys', () => {
		const r = z.record(z.string(), z.number()).safeParse({ 'a\u0000': 1 });
		expect(r.success).toBe(false);
	});
});

describe('dates PostgreSQL can store and people mean', () => {
	it('z.iso.date() keeps 1900–2199 and refuses year 0000 and beyond, in Danish', () => {
		const date = z.iso.date();
		for (const ok of ['1900-01-01', '2026-12-07', '2199-12-31']) expect(date.parse(ok)).toBe(ok);
		for (const bad of ['0000-01-01', '0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) {
			const r = date.safeParse(bad);
			expect(r.success, bad).toBe(false);
			expect(r.error!.issues[0]!.message).toBe(securityText.badDate);
		}
		// Impossible days and other shapes keep zod's own message, alone.
		expect(date.safeParse('2026-02-30').error!.issues).toHaveLength(1);
		expect(date.safeParse('31-02-2026').error!.issues).toHaveLength(1);
		// In a union with '' (an optional form field) the Danish message survives.
		const optional = z.union([z.iso.date(), z.literal('')]);
		expect(optional.safeParse('0000-01-01').error!.issues[0]!.message).toBe(securityText.badDate);
	});

	it('z.iso.datetime() the same', () => {
		const dt = z.iso.datetime({ offset: true, local: true });
		expect(dt.safeParse('2026-12-07T09:15').success).toBe(true);
		for (const bad of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
			expect(dt.safeParse(bad).error?.issues[0]?.message, bad).toBe(securityText.badDateTime);
		}
	});

	it('reaches the shared schemas: meeting date, consent period, interview time, months', () => {
		expect(fieldErrors(createMeetingInput.safeParse({ meetingDate: '0000-01-01' }).error!)).toEqual(
			{ meetingDate: securityText.badDate }
		);
		const consent = consentInput.safeParse({
			borgerId: '3f1c2a9e-7b7d-4d0e-9a51-2b0c8f6f0a11',
			actorKind: 'team',
			actorLabel: 'Teamet',
			categories: null,
			purpose: 'Koordinering',
			validFrom: '0000-01-01',
			validUntil: null,
			givenHow: 'skriftligt'
		});
		expect(fieldErrors(consent.error!).validFrom).toBe(securityText.badDate);
		const interview = interviewInput.safeParse({
			auditId: '3f1c2a9e-7b7d-4d0e-9a51-2b0c8f6f0a11',
			group: 'ledelse',
			plannedAt: '0000-01-01T10:00'
		});
		expect(Object.values(fieldErrors(interview.error!))).toContain(securityText.badDateTime);
		expect(outcomesRange.safeParse({ fromMonth: '0000-01', toMonth: '2026-01' }).success).toBe(
			false
		);
	});
});

describe('every input schema uses the storable z', () => {
	// Modules that may take `z` from zod itself: this wrapper, and parsers of input that
	// comes from the operator or from other instances, never from people.
	const ALLOWED = new Set([
		'src/lib/zod-storable.ts',
		'src/lib/server/config.ts',
		'src/lib/server/realtime/fanout.ts'
	]);
	function files(dir: string): string[] {
		return readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) return files(path);
			return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
		});
	}

	it("no source file outside the allowed ones imports zod's z", () => {
		const offenders = files('src')
			.map((f) => relative('.', f))
			.filter((f) => !ALLOWED.has(f))
			.filter((f) => {
				const text = readFileSync(f, 'utf8');
				// A value import of z (or the whole module); type-only imports and the error
				// classes (for instanceof) are fine.
				return /import\s+(\{[^}]*\bz\b[^}]*\}|\*\s+as\s+\w+)\s+from\s+'zod(\/[^']*)?'/.test(
					text.replace(/import\s+type\s+\{[^}]*\}\s+from\s+'zod'/g, '')
				);
			});
		expect(offenders).toEqual([]);
	});
});
