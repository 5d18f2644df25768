/**
 * JSON import and export of fidelity scales, so a team can load the official score
 * form it holds. Parsing returns Danish messages instead of throwing.
 */
import { fidelityScaleSchema, type FidelityScale } from '$lib/schemas/fidelity';

export type ParseResult = { ok: true; scale: FidelityScale } | { ok: false; errors: string[] };

export function parseScaleJson(json: string): ParseResult {
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		return { ok: false, errors: ['Filen er ikke gyldig JSON.'] };
	}
	const r = fidelityScaleSchema.safeParse(raw);
	if (r.success) return { ok: true, scale: r.data };
	return {
		ok: false,
		errors: r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message)
	};
}

/** Stable, readable JSON (two-space indent) that parseScaleJson reads back unchanged. */
export function exportScaleJson(scale: FidelityScale): string {
	return JSON.stringify(scale, null, 2);
}

/** Every item key of a scale, in order. */
export function itemKeys(scale: FidelityScale): string[] {
	return scale.sections.flatMap((s) => s.items.map((i) => i.key));
}
