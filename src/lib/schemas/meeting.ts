import { z } from '$lib/zod';
import { isoDate } from './borger';

/** Inputs for planning and running the tavlemøde, shared by tRPC and the pages. */

export const clockTime = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv et klokkeslæt som tt:mm.');

export const createMeetingInput = z.object({
	meetingDate: isoDate,
	startTime: clockTime.optional(),
	lengthMinutes: z.number().int().min(15).max(480).optional()
});

export const agendaItemInput = z.object({
	id: z.uuid().optional(),
	kind: z.enum(['fixed', 'case', 'guest']),
	borgerId: z.uuid().nullable().optional(),
	title: z.string().trim().min(1, 'Skriv en titel.').max(200),
	minutes: z.number().int().min(1, 'Mindst 1 minut.').max(240, 'Højst 240 minutter.'),
	fixedTime: clockTime.nullable().optional(),
	guestLabel: z.string().max(120).nullable().optional()
});

export const saveAgendaInput = z.object({
	meetingId: z.uuid(),
	items: z.array(agendaItemInput).max(100)
});

export const meetingIdInput = z.object({ meetingId: z.uuid() });

export const extendInput = z.object({
	meetingId: z.uuid(),
	minutes: z.number().int().min(1).max(60)
});

export const attendanceInput = z.object({
	meetingId: z.uuid(),
	membershipId: z.uuid(),
	mode: z.enum(['fremmoedt', 'online', 'fravaerende'])
});

export const DECISION_KINDS = ['skalering', 'risiko', 'behandling', 'stoette', 'andet'] as const;

export const decisionInput = z.object({
	meetingId: z.uuid(),
	agendaItemId: z.uuid(),
	kind: z.enum(DECISION_KINDS, 'Vælg en type.'),
	text: z.string().trim().min(1, 'Skriv beslutningen.').max(2000),
	/** A scaling decision also changes the borger's level, in the same step. */
	scaling: z
		.object({
			toLevel: z.string().min(1).max(40),
			reasonCategory: z.string().max(40).nullable().optional()
		})
		.optional()
});

export const taskInput = z.object({
	meetingId: z.uuid().nullable().optional(),
	agendaItemId: z.uuid().nullable().optional(),
	borgerId: z.uuid().nullable().optional(),
	ownerId: z.uuid('Vælg en ansvarlig.'),
	description: z.string().trim().min(1, 'Beskriv opgaven.').max(500),
	dueOn: isoDate.nullable().optional()
});

export const taskStatusInput = z.object({
	taskId: z.uuid(),
	status: z.enum(['aaben', 'udfoert', 'annulleret'])
});

export const itemNotesInput = z.object({
	meetingId: z.uuid(),
	agendaItemId: z.uuid(),
	notes: z.string().max(20000)
});

export const caseRequestInput = z.object({
	borgerId: z.uuid(),
	reason: z.string().trim().min(1, 'Skriv hvorfor borgeren skal på.').max(500)
});

export const correctionInput = z.object({
	meetingId: z.uuid(),
	text: z.string().trim().min(1, 'Skriv rettelsen.').max(2000)
});
