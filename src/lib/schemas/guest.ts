import { z } from '$lib/zod';

/** Inputs of the outer-wheel guest flow: the leader's invitation and task, the guest's note. */

export const inviteInput = z.object({
	meetingId: z.uuid(),
	agendaItemId: z.uuid(),
	grantId: z.uuid({ error: 'Vælg det samtykke, gæsten inviteres under.' }),
	name: z.string().trim().min(2, 'Skriv gæstens navn.').max(120, 'Højst 120 tegn.'),
	role: z
		.string()
		.trim()
		.min(2, 'Skriv gæstens funktion, fx "Egen læge".')
		.max(120, 'Højst 120 tegn.'),
	contact: z
		.string()
		.trim()
		.max(200, 'Højst 200 tegn.')
		.optional()
		.transform((v) => v || null),
	requireCode: z.boolean().default(true)
});

export const guestTaskInput = z.object({
	invitationId: z.uuid(),
	description: z.string().trim().min(1, 'Beskriv opgaven.').max(500, 'Højst 500 tegn.'),
	dueOn: z.iso.date('Skriv en gyldig dato (åååå-mm-dd).').nullable().optional()
});

export const guestNoteInput = z.object({
	body: z.string().trim().min(1, 'Skriv en note.').max(4000, 'Højst 4000 tegn.')
});
