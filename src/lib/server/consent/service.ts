import { sql } from 'kysely';
import type { z } from '$lib/zod';
import { isSectionKey, type SectionKey } from '$lib/domain/sections';
import { grantActive, isoDay, type ConsentState } from '$lib/domain/consent';
import type { consentInput, disclosureInput } from '$lib/schemas/consent';
import { withTx, type Executor } from '../db';
import { assertWritable, type BorgerAccess } from '../access/borger';
import { recordChanges } from '../borger/history';
import { notFound } from '../errors';

/**
 * The consent registry of one borger: consents (never edited; a change is a new row,
 * a withdrawal stamps it) and disclosures on a legal basis without consent.
 */

export type ConsentStatus = 'aktiv' | 'fremtidig' | 'udloebet' | 'trukket_tilbage';

export interface ConsentView {
	id: string;
	actorKind: 'team' | 'organisation' | 'role' | 'person';
	actorLabel: string;
	actorContact: string | null;
	categories: SectionKey[] | null;
	purpose: string;
	validFrom: string;
	validUntil: string | null;
	givenHow: 'skriftligt' | 'mundtligt';
	witnessedBy: string | null;
	recordedBy: string | null;
	createdAt: Date;
	withdrawnAt: Date | null;
	withdrawnBy: string | null;
	withdrawalNote: string | null;
	status: ConsentStatus;
}

export interface DisclosureView {
	id: string;
	recipientKind: 'team' | 'organisation' | 'role' | 'person';
	recipientLabel: string;
	categories: SectionKey[] | null;
	basis: 'retsplejeloven_115' | 'akut_fare' | 'sel_141_stk5' | 'anden_lovhjemmel';
	legalReference: string;
	reason: string;
	decidedBy: string;
	disclosedOn: string;
	validUntil: string | null;
	recordedBy: string | null;
	createdAt: Date;
}

export interface ConsentRegistry {
	state: ConsentState;
	until: string | null;
	consents: ConsentView[];
	disclosures: DisclosureView[];
}

const sections = (v: string[] | null): SectionKey[] | null =>
	v === null ? null : v.filter(isSectionKey);

function statusOf(
	c: { valid_from: string; valid_until: string | null; withdrawn_at: Date | null },
	now: Date
): ConsentStatus {
	const today = isoDay(now);
	if (c.withdrawn_at && c.withdrawn_at <= now) return 'trukket_tilbage';
	if (c.valid_from > today) return 'fremtidig';
	if (
		!grantActive(
			{
				id: '',
				basis: 'consent',
				actorKind: 'team',
				categories: null,
				validFrom: c.valid_from,
				validUntil: c.valid_until,
				withdrawnAt: c.withdrawn_at
			},
			today,
			now
		)
	)
		return 'udloebet';
	return 'aktiv';
}

export async function loadRegistry(
	db: Executor,
	access: BorgerAccess,
	now = new Date()
): Promise<ConsentRegistry> {
	const borgerId = access.borger.id;
	const [consents, disclosures] = await Promise.all([
		db
			.selectFrom('consent as c')
			.leftJoin('app_user as r', 'r.id', 'c.recorded_by')
			.leftJoin('app_user as w', 'w.id', 'c.withdrawn_by')
			.selectAll('c')
			.select(['r.name as recorded_name', 'w.name as withdrawn_name'])
			.where('c.borger_id', '=', borgerId)
			.orderBy('c.created_at', 'desc')
			.execute(),
		db
			.selectFrom('consent_disclosure as d')
			.leftJoin('app_user as r', 'r.id', 'd.recorded_by')
			.selectAll('d')
			.select('r.name as recorded_name')
			.where('d.borger_id', '=', borgerId)
			.orderBy('d.disclosed_on', 'desc')
			.orderBy('d.created_at', 'desc')
			.execute()
	]);
	return {
		state: access.scope.state,
		until: access.scope.until,
		consents: consents.map((c) => ({
			id: c.id,
			actorKind: c.actor_kind,
			actorLabel: c.actor_label,
			actorContact: c.actor_contact,
			categories: sections(c.categories),
			purpose: c.purpose,
			validFrom: c.valid_from,
			validUntil: c.valid_until,
			givenHow: c.given_how,
			witnessedBy: c.witnessed_by,
			recordedBy: c.recorded_name,
			createdAt: c.created_at,
			withdrawnAt: c.withdrawn_at,
			withdrawnBy: c.withdrawn_name,
			withdrawalNote: c.withdrawal_note,
			status: statusOf(c, now)
		})),
		disclosures: disclosures.map((d) => ({
			id: d.id,
			recipientKind: d.recipient_kind,
			recipientLabel: d.recipient_label,
			categories: sections(d.categories),
			basis: d.basis,
			legalReference: d.legal_reference,
			reason: d.reason,
			decidedBy: d.decided_by,
			disclosedOn: d.disclosed_on,
			validUntil: d.valid_until,
			recordedBy: d.recorded_name,
			createdAt: d.created_at
		}))
	};
}

function changeCtx(access: BorgerAccess, actorId: string) {
	return {
		teamId: access.borger.teamId,
		borgerId: access.borger.id,
		actorId,
		source: 'web' as const
	};
}

export async function addConsent(
	db: Executor,
	access: BorgerAccess,
	actorId: string,
	input: z.output<typeof consentInput>
): Promise<{ id: string }> {
	assertWritable(access.borger);
	return withTx(db, async (trx) => {
		const row = await trx
			.insertInto('consent')
			.values({
				borger_id: access.borger.id,
				actor_kind: input.actorKind,
				actor_label: input.actorLabel,
				actor_contact: input.actorContact,
				categories: input.categories,
				purpose: input.purpose,
				valid_from: input.validFrom,
				valid_until: input.validUntil,
				given_how: input.givenHow,
				witnessed_by: input.witnessedBy,
				recorded_by: actorId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordChanges(trx, changeCtx(access, actorId), 'consent', row.id, 1, [
			{ field: '*', old: null, new: { actor: input.actorLabel, categories: input.categories } }
		]);
		return { id: row.id };
	});
}

/**
 * Withdrawal is allowed on closed courses too (the borger may always withdraw) and takes
 * effect at this instant: the access module reads withdrawn_at on every access.
 */
export async function withdrawConsent(
	db: Executor,
	access: BorgerAccess,
	actorId: string,
	consentId: string,
	note: string | null
): Promise<{ id: string; withdrawnAt: Date }> {
	return withTx(db, async (trx) => {
		const row = await trx
			.updateTable('consent')
			.set({ withdrawn_at: sql`now()`, withdrawn_by: actorId, withdrawal_note: note })
			.where('id', '=', consentId)
			.where('borger_id', '=', access.borger.id)
			.where('withdrawn_at', 'is', null)
			.returning(['id', 'withdrawn_at'])
			.executeTakeFirst();
		if (!row) {
			throw notFound('Samtykket findes ikke, eller det er allerede trukket tilbage.');
		}
		await recordChanges(trx, changeCtx(access, actorId), 'consent', row.id, 2, [
			{ field: 'withdrawnAt', old: null, new: row.withdrawn_at }
		]);
		return { id: row.id, withdrawnAt: row.withdrawn_at! };
	});
}

export async function addDisclosure(
	db: Executor,
	access: BorgerAccess,
	actorId: string,
	input: z.output<typeof disclosureInput>
): Promise<{ id: string }> {
	return withTx(db, async (trx) => {
		const row = await trx
			.insertInto('consent_disclosure')
			.values({
				borger_id: access.borger.id,
				recipient_kind: input.recipientKind,
				recipient_label: input.recipientLabel,
				categories: input.categories,
				basis: input.basis,
				legal_reference: input.legalReference,
				reason: input.reason,
				decided_by: input.decidedBy,
				disclosed_on: input.disclosedOn,
				valid_until: input.validUntil,
				recorded_by: actorId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordChanges(trx, changeCtx(access, actorId), 'consent', row.id, 1, [
			{
				field: 'disclosure',
				old: null,
				new: { recipient: input.recipientLabel, basis: input.basis }
			}
		]);
		return { id: row.id };
	});
}
