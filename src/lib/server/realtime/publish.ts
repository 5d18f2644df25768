import type { LiveEvent } from '$lib/schemas/realtime';

/**
 * Where committed changes are announced. The realtime module installs the sink when
 * socket.io is attached; without it (tests, scripts) publishing does nothing.
 * Call only after the transaction has committed.
 */
type Sink = (event: Extract<LiveEvent, { type: 'borger.changed' }>) => void;
let sink: Sink | null = null;

export function setPublishSink(next: Sink | null): void {
	sink = next;
}

export function publish(event: Extract<LiveEvent, { type: 'borger.changed' }>): void {
	sink?.(event);
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
