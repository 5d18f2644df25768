import type { Actor, LiveEvent } from '$lib/schemas/realtime';
import { observeEdit } from '../ops/metrics';

/**
 * Where committed changes are announced. The realtime module installs the sinks when
 * socket.io is attached; without them (tests, scripts) announcing does nothing.
 * Call only after the transaction has committed.
 */
export type BorgerChange = Extract<LiveEvent, { type: 'borger.changed' }>;
export type BorgerChangeKind = BorgerChange['what'];

type Sink = (event: BorgerChange) => void;
let sink: Sink | null = null;

export function setPublishSink(next: Sink | null): void {
	sink = next;
}

/** The person behind a change, as the live event names them. */
export function actorOf(user: { id: string; name: string; initials: string }): Actor {
	return { userId: user.id, name: user.name, initials: user.initials };
}

/**
 * A borger's data changed: every open record of the borger and every board of its team
 * refetches what was committed. `borgerId` is '' for a change to many borgere at once
 * (an import), which only the boards act on.
 */
export function announceBorgerChange(change: Omit<BorgerChange, 'type' | 'at'>): void {
	// Note text is counted per keystroke where it arrives; its flush is not another edit.
	if (change.what !== 'note') observeEdit(change.what);
	sink?.({ type: 'borger.changed', ...change, at: Date.now() });
}

type MeetingEvent = Extract<LiveEvent, { type: 'meeting.changed' }>;
let meetingSink: ((event: MeetingEvent) => void) | null = null;

export function setMeetingSink(next: ((event: MeetingEvent) => void) | null): void {
	meetingSink = next;
}

/** A meeting changed (agenda, timer, decisions, tasks): screens showing it refetch. */
export function publishMeeting(event: MeetingEvent): void {
	meetingSink?.(event);
}

type AuditEvent = Extract<LiveEvent, { type: 'audit.changed' }>;
let auditSink: ((event: AuditEvent) => void) | null = null;

export function setAuditSink(next: ((event: AuditEvent) => void) | null): void {
	auditSink = next;
}

/** A self-evaluation changed: collaborators' screens refetch (the event holds no scores). */
export function publishAudit(event: AuditEvent): void {
	auditSink?.(event);
}
