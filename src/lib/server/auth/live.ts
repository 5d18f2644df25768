/**
 * Changes to who someone is allowed to be that open live connections must act on at once:
 * ended sessions (sign-out, sign out everywhere, password change, expiry) and changed
 * memberships (deactivation, role change). The realtime module installs the sink and
 * removes the affected sockets from their rooms on every instance. Call these after the
 * change is committed, so that a reconnect already sees it. Without a sink (tests,
 * scripts) they do nothing; every later request or event is checked anyway.
 */
export type Revocation =
	{ kind: 'sessions'; sessionIds: readonly string[] } | { kind: 'membership'; userId: string };

type Sink = (r: Revocation) => void;
let sink: Sink | null = null;

export function setRevocationSink(next: Sink | null): void {
	sink = next;
}

export function sessionsEnded(sessionIds: readonly string[]): void {
	if (sessionIds.length > 0) sink?.({ kind: 'sessions', sessionIds });
}

export function membershipChanged(userId: string): void {
	sink?.({ kind: 'membership', userId });
}
