import type { Migration } from 'kysely';
import * as foundation from './2026-11-23-0001_foundation';
import * as borger from './2026-11-23-0002_borger';
import * as realtime from './2026-11-23-0003_realtime';
import * as meeting from './2026-11-23-0004_meeting';
import * as consent from './2026-11-23-0005_consent';
import * as pathway from './2026-11-23-0006_pathway';
import * as audit from './2026-11-23-0007_audit';
import * as meetingExtras from './2026-11-23-0008_meeting_extras';
import * as idempotency from './2026-11-23-0010_idempotency';
import * as kInvitations from './2026-12-07-k-01_invitations';
import * as kSessions from './2026-12-07-k-02_sessions';

/**
 * Every migration, by name. Names sort by date; a test checks that each file in
 * this folder is listed here. An explicit list works the same under Vite (the app),
 * tsx (scripts) and Vitest.
 */
export const migrations: Record<string, Migration> = {
	'2026-11-23-0001_foundation': foundation,
	'2026-11-23-0002_borger': borger,
	'2026-11-23-0003_realtime': realtime,
	'2026-11-23-0004_meeting': meeting,
	'2026-11-23-0005_consent': consent,
	'2026-11-23-0006_pathway': pathway,
	'2026-11-23-0007_audit': audit,
	'2026-11-23-0008_meeting_extras': meetingExtras,
	'2026-11-23-0010_idempotency': idempotency,
	'2026-12-07-k-01_invitations': kInvitations,
	'2026-12-07-k-02_sessions': kSessions
};
