import { z } from '$lib/zod';
import { TEAM_ROLES } from '$lib/domain/permissions';
import { PROFESSIONS } from '$lib/domain/professions';

/** Input schemas for team administration, shared by tRPC and forms. */
export const inviteMemberInput = z.object({
	name: z.string().trim().min(2, 'Skriv personens fulde navn.').max(120),
	// Trim before the format check: z.email() validates first, so a trailing space
	// (pasted addresses) would otherwise be rejected.
	email: z
		.string('Skriv en gyldig e-mailadresse.')
		.trim()
		.toLowerCase()
		.pipe(z.email('Skriv en gyldig e-mailadresse.').max(200)),
	profession: z.enum(PROFESSIONS, 'Vælg en faggruppe.'),
	organisationId: z.uuid('Vælg en ansættelsesorganisation.'),
	role: z.enum(TEAM_ROLES, 'Vælg en rolle.')
});
export type InviteMemberInput = z.infer<typeof inviteMemberInput>;

export const changeRoleInput = z.object({
	membershipId: z.uuid(),
	role: z.enum(TEAM_ROLES, 'Vælg en rolle.')
});

export const membershipIdInput = z.object({ membershipId: z.uuid() });

export const invitationIdInput = z.object({ invitationId: z.uuid() });
