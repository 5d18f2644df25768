/**
 * Consent changes that live sessions must act on at once (withdrawal, expiry of a guest's
 * grant). The realtime module installs the sink; it re-checks every socket that sees
 * the borger and disconnects those that lost access. Without a sink (tests, scripts)
 * this does nothing; the access function refuses the next request anyway.
 */
type Sink = (borgerId: string) => void;
let sink: Sink | null = null;

export function setConsentSink(next: Sink | null): void {
	sink = next;
}

export function consentChanged(borgerId: string): void {
	sink?.(borgerId);
}
