import { describe, expect, it } from 'vitest';
import { DATA_CATEGORIES } from '$lib/domain/borger-data';
import type { DataClass, Meta } from './init';
import { appRouter } from './router';

/**
 * Every procedure of the app router says what data it touches (see `Meta` in ./init.ts):
 * borger-scoped with its consent categories, a team aggregate, or the caller's own
 * account. Read from the router at run time, so a new procedure without a declaration
 * fails here, whoever adds it.
 */

interface ProcedureLike {
	_def: { type: string; meta?: Meta };
}

const procedures = Object.entries(
	appRouter._def.procedures as unknown as Record<string, ProcedureLike>
).map(([path, p]) => ({ path, data: p._def.meta?.data as DataClass | undefined }));

const HOW =
	"declare it in its router with .meta(borgerScoped(['…'])), .meta(teamAggregate) or .meta(personal) (src/lib/server/trpc/init.ts)";

describe('every tRPC procedure is classified', () => {
	it('the router has procedures', () => {
		expect(procedures.length).toBeGreaterThan(50);
	});

	it('no procedure is undeclared', () => {
		const undeclared = procedures.filter((p) => !p.data).map((p) => p.path);
		expect(undeclared, `undeclared procedures: ${undeclared.join(', ')}; ${HOW}`).toEqual([]);
	});

	for (const p of procedures) {
		it(`${p.path} has a valid classification`, () => {
			const d = p.data;
			expect(d, `${p.path} is undeclared; ${HOW}`).toBeDefined();
			expect(['borger', 'team', 'personal']).toContain(d!.kind);
			if (d!.kind !== 'borger') return;
			expect(d!.categories.length, `${p.path} names no consent category`).toBeGreaterThan(0);
			const unknown = d!.categories.filter((c) => !DATA_CATEGORIES.includes(c));
			expect(unknown, `${p.path} names unknown categories`).toEqual([]);
			expect(new Set(d!.categories).size, `${p.path} names a category twice`).toBe(
				d!.categories.length
			);
		});
	}
});
