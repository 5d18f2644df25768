import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/**
 * A small .xlsx-looking ZIP whose one worksheet unpacks to `megabytes` of zeros: a few
 * hundred kB on the wire. Built in a stream, so the test itself never holds the
 * unpacked size in memory.
 */
export function zipBomb(megabytes: number): Uint8Array {
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, chunk) => {
		if (err) throw err;
		parts.push(chunk);
	});
	const types = new ZipPassThrough('[Content_Types].xml');
	zip.add(types);
	types.push(strToU8('<?xml version="1.0"?><Types/>'), true);
	const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
	zip.add(sheet);
	const mb = new Uint8Array(1024 * 1024);
	for (let i = 0; i < megabytes; i++) sheet.push(mb, i === megabytes - 1);
	zip.end();
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
