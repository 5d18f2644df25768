import { parse, stringify } from 'devalue';

/** devalue (already SvelteKit's own serialiser) carries Date, Map, Set and undefined over tRPC. */
export const transformer = {
	serialize: (value: unknown) => stringify(value),
	deserialize: (value: string) => parse(value)
};
