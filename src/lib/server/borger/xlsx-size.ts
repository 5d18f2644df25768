import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';

/**
 * An .xlsx file is a ZIP archive; 2 MB of it can unpack to gigabytes (a "zip bomb") and
 * take the server's memory with it. Before the workbook is read, the archive is unpacked
 * once in a stream, counting bytes and keeping none, and refused past `limit`. The
 * input is fed in small slices so that no single step can inflate much: deflate
 * expands at most about 1,000 times, so a 4 kB slice yields at most about 4 MB.
 */
export const XLSX_MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
const SLICE = 4096;

/** 'ok', 'too_big', or 'unreadable' (not a ZIP archive fflate can stream). */
export function checkUnpackedSize(
	bytes: Uint8Array,
	limit = XLSX_MAX_UNPACKED_BYTES
): 'ok' | 'too_big' | 'unreadable' {
	let total = 0;
	let failed = false;
	const unzip = new Unzip((file) => {
		file.ondata = (err, chunk) => {
			if (err) {
				failed = true;
				return;
			}
			total += chunk.length;
			if (total > limit) file.terminate();
		};
		try {
			file.start();
		} catch {
			// A compression method without a decoder (neither stored nor deflate).
			failed = true;
		}
	});
	unzip.register(UnzipInflate);
	unzip.register(UnzipPassThrough);
	try {
		for (let at = 0; at < bytes.length; at += SLICE) {
			const end = Math.min(at + SLICE, bytes.length);
			unzip.push(bytes.subarray(at, end), end === bytes.length);
			if (total > limit) return 'too_big';
			if (failed) return 'unreadable';
		}
	} catch {
		return 'unreadable';
	}
	return total > limit ? 'too_big' : 'ok';
}
