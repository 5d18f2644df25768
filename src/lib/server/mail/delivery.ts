import { logger } from '../log';

/**
 * How a secret link reaches its one recipient: invitations and password resets go to
 * the person's own e-mail address and never back to whoever asked for them.
 *
 * No mail server is configured yet, so today every link is written to the server log
 * (level warn) for the operator of a development or trial installation: that is the
 * only other place a link appears. A mail transport replaces the bodies below; callers
 * depend only on these signatures and on the mode they return.
 */
export type DeliveryMode = 'log';

export interface InvitationMessage {
	to: string;
	invitationId: string;
	teamName: string;
	invitedBy: string;
	link: string;
	expiresAt: Date;
	/** The address already has a Tavla account: the person signs in to accept. */
	hasAccount: boolean;
}

export interface PasswordResetMessage {
	to: string;
	userId: string;
	link: string;
	expiresAt: Date;
}

export async function deliverInvitation(message: InvitationMessage): Promise<DeliveryMode> {
	// Ids only: the log never carries the address or the person's name.
	logger.warn(
		{ invitationId: message.invitationId, link: message.link },
		'invitation link (no mail server configured)'
	);
	return 'log';
}

export async function deliverPasswordReset(message: PasswordResetMessage): Promise<DeliveryMode> {
	logger.warn(
		{ userId: message.userId, link: message.link },
		'password reset link (no mail server configured)'
	);
	return 'log';
}
