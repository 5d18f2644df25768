// Redis for the tests that run live events through socket.io's Redis streams adapter.
// Redis is required, never optional: when it cannot be reached the test fails and says
// how to start it, so a missing Redis cannot pass as a green run.
import { createClient } from 'redis';

/** The Redis the tests use: REDIS_URL, else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * One test's share of Redis. Pub/sub channels are global to a Redis server (not per
 * database), so servers of different test runs on one Redis would see each other as
 * instances of one deployment; a prefix of their own keeps them apart.
 */
export interface RedisNamespace {
	url: string;
	/** For the server's TAVLA_REDIS_PREFIX: its stream, channels and session keys. */
	prefix: string;
	/** How many servers listen on this namespace now: proof that they run on Redis. */
	instances(): Promise<number>;
	/** Removes what the servers left in Redis; call after they have stopped. */
	drop(): Promise<void>;
}

async function client() {
	const c = createClient({
		url: TEST_REDIS_URL,
		socket: { connectTimeout: 3_000, reconnectStrategy: false }
	});
	let lastError: unknown;
	c.on('error', (err) => (lastError = err));
	try {
		await c.connect();
		await c.ping();
	} catch (err) {
		c.destroy();
		const reason = err instanceof Error ? err.message : String(lastError ?? err);
		throw new Error(
			`Redis is not reachable at ${TEST_REDIS_URL} (${reason}). The realtime tests also run ` +
				'on the Redis adapter: start Redis (`.ci/run` does) or set REDIS_URL.'
		);
	}
	return c;
}

export async function createRedisNamespace(): Promise<RedisNamespace> {
	const c = await client();
	await c.close();
	const prefix = `tavla-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	return {
		url: TEST_REDIS_URL,
		prefix,
		async instances() {
			const c = await client();
			try {
				// Each server subscribes to one channel of its own, `<prefix>#<namespace>#<uid>#`.
				return (await c.pubSubChannels(`${prefix}#/#*#`)).length;
			} finally {
				await c.close();
			}
		},
		async drop() {
			const c = await client();
			try {
				const keys = [prefix];
				for await (const batch of c.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
					keys.push(...batch);
				}
				await c.del(keys);
			} finally {
				await c.close();
			}
		}
	};
}
