// Inputs shaped like a zod schema expects, with hostile values where a value is free:
// text with NUL or half an emoji, dates in year 0000 or 9999, numbers past the 32-bit
// range. Unlike random junk, most of these pass a lax schema and reach the database,
// which is where such values used to turn into HTTP 500s. Only the zod 4 schema kinds
// the app's procedures use are covered; anything else gets plain junk.
import fc from 'fast-check';

export const NASTY_TEXT = [
	'Anders\u0000Ågård',
	'\u0000',
	'halv emoji \uD83D',
	'\uDE00 omvendt',
	'a\uDE00\uD83Db',
	'Søren Ærø 😀',
	"'; drop table borger; --",
	'Et helt almindeligt navn'
];
export const NASTY_DATES = [
	'0000-01-01',
	'0000-12-31',
	'0001-01-01',
	'1899-12-31',
	'2026-12-07',
	'2199-12-31',
	'9999-12-31'
];
export const NASTY_DATETIMES = [
	'0000-01-01T00:00:00Z',
	'0000-06-15T10:00',
	'9999-12-31T23:59:59Z',
	'2026-12-07T09:15'
];
const NASTY_NUMBERS = [0, 1, -1, 2_147_483_647, 2_147_483_648, -2_147_483_649, 1e15, 1e300];
/** Values that match the app's simple patterns (times, keys, months), to get past them. */
const PATTERN_SAMPLES = ['09:15', '23:59', 'abc_1', '2026-01', '0000-01', '2199-12', '1'];

interface Def {
	type: string;
	format?: string;
	shape?: Record<string, Schema>;
	innerType?: Schema;
	element?: Schema;
	in?: Schema;
	keyType?: Schema;
	valueType?: Schema;
	options?: Schema[];
	entries?: Record<string, string>;
	values?: unknown[];
	pattern?: RegExp;
	checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[];
}
export interface Schema {
	_zod: { def: Def };
}

export interface Hints {
	/** Real ids by input key (teamId, borgerId, …): a valid id gets past access checks. */
	idsFor(key: string | undefined): string[];
	/** Keys that always get a real id (the scope of the call). */
	fixed?: ReadonlySet<string>;
}

const randomUuid = fc.uuid({ version: 4 });

function numberArb(def: Def): fc.Arbitrary<number> {
	let min: number | undefined;
	let max: number | undefined;
	for (const c of def.checks ?? []) {
		const d = c._zod.def;
		if (d.check === 'greater_than') min = d.value;
		if (d.check === 'less_than') max = d.value;
	}
	const inRange = fc.integer({
		min: Math.max(Math.ceil(min ?? -1000), -(2 ** 31)),
		max: Math.min(Math.floor(max ?? 1000), 2 ** 31 - 1)
	});
	return fc.oneof(
		inRange,
		fc.constantFrom(...NASTY_NUMBERS, ...[min, max].filter((v) => v !== undefined))
	);
}

function stringArb(schema: Schema, key: string | undefined, hints: Hints): fc.Arbitrary<string> {
	const def = schema._zod.def;
	if (def.format === 'uuid') {
		const real = hints.idsFor(key);
		if (key && hints.fixed?.has(key) && real.length > 0) return fc.constantFrom(...real);
		// Mostly real ids, so that calls get past access checks to the values under test.
		return real.length > 0
			? fc.oneof(
					{ arbitrary: fc.constantFrom(...real), weight: 9 },
					{ arbitrary: randomUuid, weight: 1 }
				)
			: randomUuid;
	}
	if (def.format === 'email') return fc.constantFrom('ny@tavla.test', 'a\u0000@tavla.test');
	if (def.format === 'date') return fc.constantFrom(...NASTY_DATES);
	if (def.format === 'datetime') return fc.constantFrom(...NASTY_DATETIMES);
	const regex = (def.checks ?? [])
		.map((c) => (c._zod.def as { pattern?: RegExp }).pattern)
		.find((p): p is RegExp => p instanceof RegExp);
	if (regex) {
		const matching = PATTERN_SAMPLES.filter((s) => regex.test(s));
		return fc.constantFrom(...matching, '\u0000', '09:15\u0000');
	}
	return fc.constantFrom(...NASTY_TEXT);
}

/** An arbitrary for `schema`; `key` is the object key it sits under (for ids). */
export function arbitraryFor(schema: Schema, hints: Hints, key?: string): fc.Arbitrary<unknown> {
	const def = schema._zod.def;
	switch (def.type) {
		case 'object':
			return fc.record(
				Object.fromEntries(
					Object.entries(def.shape ?? {}).map(([k, v]) => [k, arbitraryFor(v, hints, k)])
				)
			);
		case 'optional':
		case 'default':
			return fc.option(arbitraryFor(def.innerType!, hints, key), { nil: undefined, freq: 4 });
		case 'nullable':
			return fc.option(arbitraryFor(def.innerType!, hints, key), { nil: null, freq: 4 });
		case 'array':
			return fc.array(arbitraryFor(def.element!, hints, key), { maxLength: 3 });
		case 'record':
			return fc.dictionary(
				arbitraryFor(def.keyType!, hints) as fc.Arbitrary<string>,
				arbitraryFor(def.valueType!, hints),
				{ maxKeys: 3 }
			);
		case 'enum':
			return fc.constantFrom(...Object.values(def.entries ?? {}));
		case 'literal':
			return fc.constantFrom(...(def.values ?? [null]));
		case 'union':
			return fc.oneof(...(def.options ?? []).map((o) => arbitraryFor(o, hints, key)));
		case 'pipe':
			return arbitraryFor(def.in!, hints, key);
		case 'string':
			return stringArb(schema, key, hints);
		case 'number':
			return numberArb(def);
		case 'boolean':
			return fc.boolean();
		case 'null':
			return fc.constant(null);
		default:
			return fc.oneof(fc.constantFrom(...NASTY_TEXT), fc.integer(), fc.constant(null));
	}
}

/**
 * One object arbitrary for a tRPC procedure: its input parsers (the team or borger
 * scope first, then its own) merged key by key.
 */
export function procedureInputArbitrary(
	inputs: unknown[],
	hints: Hints
): fc.Arbitrary<Record<string, unknown>> {
	const shape: Record<string, Schema> = {};
	for (const raw of inputs) {
		let s = raw as Schema;
		while (s._zod.def.type === 'pipe') s = s._zod.def.in!;
		Object.assign(shape, s._zod.def.shape ?? {});
	}
	return fc.record(
		Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v, hints, k)]))
	) as fc.Arbitrary<Record<string, unknown>>;
}
