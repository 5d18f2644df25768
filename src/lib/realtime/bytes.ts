/**
 * Yjs updates on the wire. They travel as base64 text rather than binary: socket.io sends
 * a binary payload as two WebSocket frames (a header and an attachment) and the PostgreSQL
 * adapter stores every binary broadcast in a table before notifying the other instances,
 * while a short string is one frame and one `pg_notify`. The 4/3 size cost is small next
 * to that for keystroke-sized updates. Binary is still accepted from older clients.
 */

// On the server (every keystroke passes here) Node's Buffer codec is used; browsers use btoa/atob.
const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;

export function toBase64(bytes: Uint8Array): string {
	if (NodeBuffer) {
		return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
	}
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
	if (NodeBuffer) {
		// Buffer.from would skip bad characters silently; atob refuses them, and so must we.
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
			throw new TypeError('invalid base64');
		}
		return new Uint8Array(NodeBuffer.from(b64, 'base64'));
	}
	const s = atob(b64);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

/** Bytes from whatever socket.io delivered: base64 text, a Buffer/Uint8Array or an ArrayBuffer. */
export function toBytes(data: unknown): Uint8Array {
	if (typeof data === 'string') return fromBase64(data);
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (ArrayBuffer.isView(data))
		return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	throw new TypeError('expected binary data');
}
