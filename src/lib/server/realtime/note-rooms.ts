import { NOTE_SECTIONS } from '$lib/schemas/borger';
import type { SectionKey } from '$lib/domain/sections';

/**
 * One room per note (borger and section). A socket joins it when it syncs the note, which
 * checks the section against the consent scope, and keystrokes and cursors go only to
 * that room: someone who may see the record's identity but not, say, its substance-use
 * section never receives what is typed there. A narrower consent makes the socket leave
 * the rooms of the sections it lost (see the consent sink in index.ts).
 */
export const noteRoom = (borgerId: string, section: string) => `note:${borgerId}:${section}`;

const SECTIONS: ReadonlySet<string> = new Set(NOTE_SECTIONS);

/** The note rooms of one borger among a socket's rooms. */
export function noteRoomsOf(
	rooms: Iterable<string>,
	borgerId: string
): { room: string; section: SectionKey }[] {
	const prefix = `note:${borgerId}:`;
	const out: { room: string; section: SectionKey }[] = [];
	for (const room of rooms) {
		if (!room.startsWith(prefix)) continue;
		const section = room.slice(prefix.length);
		if (SECTIONS.has(section)) out.push({ room, section: section as SectionKey });
	}
	return out;
}
