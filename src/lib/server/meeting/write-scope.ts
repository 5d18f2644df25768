import { TRPCError } from '@trpc/server';
import {
	decisionAllowed,
	notesAllowed,
	taskAllowed,
	writeRefusal
} from '$lib/domain/meeting-consent';
import type { DB } from '../db';
import { resolveBorgerAccess, type BorgerAccess } from '../access/borger';
import { logDenied } from '../access/log';

/**
 * A write in the meeting about a borger: resolved with the writer's write scope,
 * logged, and refused (with a Danish reason, nothing changed) when the section it
 * belongs to is outside the scope. Runs outside the write's transaction so that a
 * refusal is stored in the access log.
 */
export async function assertMeetingWrite(
	db: DB,
	userId: string,
	borgerId: string,
	what: { kind: 'notes' } | { kind: 'decision'; decisionKind: string } | { kind: 'task' },
	now = new Date()
): Promise<BorgerAccess> {
	const feature =
		what.kind === 'notes'
			? 'meeting:notes'
			: what.kind === 'decision'
				? 'meeting:decision'
				: 'meeting:task';
	// Resolve without logging first: a refused write must not leave a "write" row.
	const access = await resolveBorgerAccess(db, userId, borgerId, 'borger.write', {
		feature,
		mode: 'write',
		log: false,
		now
	});
	const s = access.scope;
	const ok =
		what.kind === 'notes'
			? notesAllowed(s, 'write')
			: what.kind === 'decision'
				? decisionAllowed(s, what.decisionKind, 'write')
				: taskAllowed(s, 'write');
	if (!ok) {
		await logDenied(db, {
			teamId: access.borger.teamId,
			borgerId,
			actor: { kind: 'member', userId, name: access.viewer.name },
			feature
		});
		throw new TRPCError({ code: 'FORBIDDEN', message: writeRefusal(what.kind, s.state) });
	}
	// The write itself, with the sections it could touch, coalesced for note keystrokes.
	await resolveBorgerAccess(db, userId, borgerId, 'borger.write', {
		feature,
		mode: 'write',
		coalesce: what.kind === 'notes',
		now
	});
	return access;
}
