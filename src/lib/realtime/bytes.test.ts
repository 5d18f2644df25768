import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toBytes } from './bytes';

describe('wire bytes', () => {
	it('round-trips through base64, including large updates', () => {
		const big = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
		expect(fromBase64(toBase64(big))).toEqual(big);
		expect(toBase64(new Uint8Array([0, 255, 128]))).toBe('AP+A');
	});

	it('accepts base64 text, Uint8Array, Buffer and ArrayBuffer', () => {
		const bytes = new Uint8Array([1, 2, 3]);
		expect(toBytes('AQID')).toEqual(bytes);
		expect(toBytes(bytes)).toBe(bytes);
		expect(Array.from(toBytes(Buffer.from([1, 2, 3])))).toEqual([1, 2, 3]);
		expect(toBytes(bytes.buffer)).toEqual(bytes);
	});

	it('rejects anything else', () => {
		expect(() => toBytes(42)).toThrow(TypeError);
		expect(() => toBytes('not base64!')).toThrow();
		expect(() => toBytes('AQI')).toThrow(); // truncated
	});
});
