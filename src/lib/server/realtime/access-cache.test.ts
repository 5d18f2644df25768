import { describe, expect, it, vi } from 'vitest';
import type { BorgerAccess } from '../access/borger';
import { ACCESS_TTL_MS, AccessCache, invalidateBorgerAccess } from './access-cache';

const access = (n: number) => ({ borger: { id: `b${n}` } }) as unknown as BorgerAccess;

describe('AccessCache', () => {
	it('reuses an answer within the lifetime and loads again after it', async () => {
		const cache = new AccessCache();
		const load = vi.fn(async () => access(1));
		await cache.get('k', 'b1', load, 1000);
		await cache.get('k', 'b1', load, 1000 + ACCESS_TTL_MS - 1);
		expect(load).toHaveBeenCalledTimes(1);
		await cache.get('k', 'b1', load, 1000 + ACCESS_TTL_MS);
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('loads again once the borger’s consent changed', async () => {
		const cache = new AccessCache();
		const load = vi.fn(async () => access(2));
		await cache.get('k', 'b2', load, 0);
		invalidateBorgerAccess('b2');
		await cache.get('k', 'b2', load, 1);
		expect(load).toHaveBeenCalledTimes(2);
		// Another borger's change leaves this answer alone.
		invalidateBorgerAccess('other');
		await cache.get('k', 'b2', load, 2);
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('does not keep an answer whose consent changed while it was being loaded', async () => {
		const cache = new AccessCache();
		const load = vi.fn(async () => {
			invalidateBorgerAccess('b3');
			return access(3);
		});
		await cache.get('k', 'b3', load, 0);
		await cache.get('k', 'b3', load, 1);
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('never remembers a refusal', async () => {
		const cache = new AccessCache();
		const load = vi
			.fn<() => Promise<BorgerAccess>>()
			.mockRejectedValueOnce(new Error('FORBIDDEN'))
			.mockResolvedValueOnce(access(4));
		await expect(cache.get('k', 'b4', load, 0)).rejects.toThrow('FORBIDDEN');
		await expect(cache.get('k', 'b4', load, 1)).resolves.toEqual(access(4));
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('keeps answers for different keys apart', async () => {
		const cache = new AccessCache();
		const a = await cache.get('write:b5', 'b5', async () => access(5), 0);
		const b = await cache.get('write:b6', 'b6', async () => access(6), 0);
		expect(a.borger.id).toBe('b5');
		expect(b.borger.id).toBe('b6');
	});
});
