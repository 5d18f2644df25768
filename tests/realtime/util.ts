// Shared pieces of the realtime tests: which databases and adapters to run on, the demo
// people, and small helpers around the demo team.
import type { Socket } from 'socket.io-client';
import { TRPCClientError } from '@trpc/client';
import { trpcClient, type TrpcClient } from '$tests/client';

const withPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Where a test server keeps its data (`name`, as the tests say it) and how instances pass
 * live events to each other (socket.io's adapter): in memory on PGlite, which is one
 * process; through PostgreSQL by default on PostgreSQL; through Redis with REDIS_URL.
 */
export interface Backend {
	name: 'pglite' | 'postgres';
	adapter: 'memory' | 'postgres' | 'redis';
	/** In test names. */
	label: string;
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export const BACKENDS: Backend[] = [
	{ name: 'pglite', adapter: 'memory', label: 'pglite' },
	...(withPostgres ? [{ name: 'postgres', adapter: 'postgres', label: 'postgres' } as const] : [])
];

/**
 * The Redis adapter, always (Redis must be running): on PostgreSQL, as deployed, when
 * DATABASE_URL is set, else on PGlite.
 */
export const REDIS_BACKEND: Backend = withPostgres
	? { name: 'postgres', adapter: 'redis', label: 'postgres, live events through redis' }
	: { name: 'pglite', adapter: 'redis', label: 'pglite, live events through redis' };

/** How two instances on one PostgreSQL database pass live events to each other. */
export const ADAPTERS: { adapter: 'postgres' | 'redis' }[] = [
	{ adapter: 'postgres' },
	{ adapter: 'redis' }
];

export const DEMO_TEAM_SLUG = 'faellesteam-aabakke';
export const OTHER_TEAM_SLUG = 'fact-vesterlund';

export const PEOPLE = {
	lene: { email: 'lene@demo.tavla.test', name: 'Lene Holm Madsen' },
	birgitte: { email: 'birgitte@demo.tavla.test', name: 'Birgitte Dahl' },
	thomas: { email: 'thomas@demo.tavla.test', name: 'Thomas Brandt' },
	hanne: { email: 'hanne@demo.tavla.test', name: 'Hanne Iversen' }
} as const;
export type Person = keyof typeof PEOPLE;

export interface LiveChanged {
	type: 'borger.changed';
	teamId: string;
	borgerId: string;
	what: string;
	version?: number;
	fields?: string[];
	by: { userId: string; name: string; initials: string };
	at: number;
}
export interface LivePresence {
	type: 'presence';
	room: string;
	people: {
		socketId: string;
		userId: string;
		name: string;
		borgerId: string | null;
		field: string | null;
	}[];
}
export type LiveEvent = LiveChanged | LivePresence;

/** Every `live` event the socket receives from now on, in order. */
export function recordLive(socket: Socket): LiveEvent[] {
	const events: LiveEvent[] = [];
	socket.on('live', (e: LiveEvent) => events.push(e));
	return events;
}

export function changedEvents(events: LiveEvent[], borgerId: string): LiveChanged[] {
	return events.filter(
		(e): e is LiveChanged => e.type === 'borger.changed' && e.borgerId === borgerId
	);
}

export interface DemoTeam {
	teamId: string;
	otherTeamId: string;
	/** Active (writable) borgere of the demo team, in board order. */
	active: string[];
}

export async function loadDemoTeam(url: string, leneCookie: string, hanneCookie: string) {
	const lene = trpcClient(url, leneCookie);
	const team = (await lene.teams.mine.query()).find((t) => t.slug === DEMO_TEAM_SLUG);
	if (!team) throw new Error(`the demo team ${DEMO_TEAM_SLUG} is missing`);
	const other = (await trpcClient(url, hanneCookie).teams.mine.query()).find(
		(t) => t.slug === OTHER_TEAM_SLUG
	);
	if (!other) throw new Error(`the demo team ${OTHER_TEAM_SLUG} is missing`);
	const board = await lene.borger.board.query({ teamId: team.id });
	const active = board.rows.filter((r) => r.caseStatus === 'aktiv').map((r) => r.id);
	return { teamId: team.id, otherTeamId: other.id, active } satisfies DemoTeam;
}

export async function getRecord(api: TrpcClient, borgerId: string) {
	return api.borger.get.query({ borgerId });
}

/** A small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type Attempt<T> =
	| { ok: true; data: T }
	| {
			ok: false;
			code: string;
			message: string;
			fieldErrors?: Record<string, string> | null;
			conflictFields?: string[] | null;
	  };

/** A tRPC call's outcome as a value (like a socket ack), so a refusal can be asserted. */
export async function attempt<T>(call: Promise<T>): Promise<Attempt<T>> {
	try {
		return { ok: true, data: await call };
	} catch (e) {
		if (!(e instanceof TRPCClientError)) throw e;
		const data = e.data as
			| {
					code: string;
					fieldErrors?: Record<string, string> | null;
					conflictFields?: string[] | null;
			  }
			| undefined;
		return {
			ok: false,
			code: data?.code ?? 'UNKNOWN',
			message: e.message,
			fieldErrors: data?.fieldErrors ?? null,
			conflictFields: data?.conflictFields ?? null
		};
	}
}
