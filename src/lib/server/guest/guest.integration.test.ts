import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { createTestDb } from '$tests/db';
import { callerFor, userOf as userOfDb } from '$tests/caller';
import { makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { addItem } from '../borger/items';
import { createBorger } from '../borger/create';
import { saveCrisisPlan } from '../borger/write';
import { resolveBorgerAccess } from '../access/borger';
import { acceptGuestTask, guestView, openGuest, verifyGuestCode } from './session';

// The security suite for outer-wheel guests: every way in is tried, and every refusal
// must hold and be logged. Times are fixed: the meeting is on 2030-03-04, the guest's
// item pinned at 10:00 Copenhagen (09:00 UTC), 15 minutes; the link works 08:45–09:30 UTC.
const BEFORE = new Date('2030-03-04T08:44:00Z');
const DURING = new Date('2030-03-04T09:05:00Z');
const AFTER = new Date('2030-03-04T09:31:00Z');

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let other: Awaited<ReturnType<typeof makeTeam>>;
let lead: SessionUser;
let member: SessionUser;
let outsider: SessionUser;
let borgerId: string;
let neighbourId: string;
let meetingId: string;
let itemId: string;
let neighbourItemId: string;
let gpConsentId: string;
let teamConsentId: string;

const api = (user: SessionUser) => callerFor(h.db, user);
const userOf = (id: string) => userOfDb(h.db, id);
const today = () => new Date().toISOString().slice(0, 10);

async function deniedFeatures(invitationId: string) {
	const rows = await h.db
		.selectFrom('access_log')
		.select('feature')
		.where('guest_id', '=', invitationId)
		.where('action', '=', 'denied')
		.execute();
	return rows.map((r) => r.feature);
}

async function invite(over: Record<string, unknown> = {}) {
	return api(lead).guest.invite({
		teamId: team.teamId,
		meetingId,
		agendaItemId: itemId,
		grantId: gpConsentId,
		name: 'Dr. Lise Holm',
		role: 'Egen læge',
		requireCode: false,
		...over
	});
}

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder', 'medlem']);
	other = await makeTeam(h.db, ['teamleder']);
	lead = await userOf(team.members[0]!.userId);
	member = await userOf(team.members[1]!.userId);
	outsider = await userOf(other.members[0]!.userId);

	borgerId = (await createBorger(h.db, team.teamId, lead.id, { name: 'Anders Ågård' })).id;
	neighbourId = (await createBorger(h.db, team.teamId, lead.id, { name: 'Naboen Nielsen' })).id;
	const access = await resolveBorgerAccess(h.db, lead.id, borgerId, 'borger.write', { log: false });
	await addItem(h.db, access, lead.id, 'misbrug', {
		substance: 'Kokain',
		pattern: 'Weekend',
		treatmentStatus: 'ingen',
		goal: 'stop'
	});
	await addItem(h.db, access, lead.id, 'maal', { text: 'Egen lejlighed', status: 'aktiv' });
	await saveCrisisPlan(h.db, access, lead.id, {
		earlySigns: 'Sover dårligt',
		whatHelps: 'Gåture',
		whatToAvoid: '',
		contacts: 'Søster',
		planB: 'Ring til akutteam'
	});

	const c = api(lead).consent;
	teamConsentId = (
		await c.add({
			borgerId,
			actorKind: 'team',
			actorLabel: 'Fællesteamet',
			categories: null,
			purpose: 'Koordinering',
			validFrom: today(),
			validUntil: null,
			givenHow: 'skriftligt'
		})
	).id;
	gpConsentId = (
		await c.add({
			borgerId,
			actorKind: 'person',
			actorLabel: 'Egen læge',
			categories: ['maal', 'kriseplan'],
			purpose: 'Koordinering med egen læge',
			validFrom: today(),
			validUntil: null,
			givenHow: 'mundtligt',
			witnessedBy: 'Thomas'
		})
	).id;

	meetingId = (
		await h.db
			.insertInto('meeting')
			.values({
				team_id: team.teamId,
				meeting_date: '2030-03-04',
				start_time: '09:00',
				length_minutes: 120
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const items = await h.db
		.insertInto('agenda_item')
		.values([
			{
				meeting_id: meetingId,
				position: 0,
				kind: 'case',
				borger_id: neighbourId,
				title: 'Naboen Nielsen',
				planned_minutes: 15
			},
			{
				meeting_id: meetingId,
				position: 1,
				kind: 'case',
				borger_id: borgerId,
				title: 'Anders Ågård',
				planned_minutes: 15,
				fixed_time: '10:00',
				guest_label: 'Egen læge',
				notes: 'Drøftet medicinsamtale'
			}
		])
		.returning(['id', 'position'])
		.execute();
	neighbourItemId = items.find((i) => i.position === 0)!.id;
	itemId = items.find((i) => i.position === 1)!.id;
});
afterAll(() => h.close());

describe('inviting a guest', () => {
	it('the leader sees, before inviting, which consents cover an outside actor', async () => {
		const items = await api(lead).guest.candidates({ teamId: team.teamId, meetingId });
		const mine = items.find((i) => i.agendaItemId === itemId)!;
		expect(mine.grants).toEqual([
			expect.objectContaining({ id: gpConsentId, label: 'Egen læge', admits: true })
		]);
		// The team consent is not something a guest can be invited under.
		expect(mine.grants.map((g) => g.id)).not.toContain(teamConsentId);
		const neighbour = items.find((i) => i.agendaItemId === neighbourItemId)!;
		expect(neighbour.grants).toEqual([]);
	});

	it('without a covering consent nobody can be invited, and nothing is written', async () => {
		const count = async () =>
			(
				await h.db
					.selectFrom('guest_invitation')
					.select(sql<number>`count(*)::int`.as('n'))
					.executeTakeFirstOrThrow()
			).n;
		const before = await count();
		for (const over of [
			{ grantId: teamConsentId },
			{ grantId: crypto.randomUUID() },
			{ agendaItemId: neighbourItemId }
		]) {
			const e = await invite(over).catch((x: unknown) => x as TRPCError);
			expect(e).toBeInstanceOf(TRPCError);
			expect((e as TRPCError).code).toBe('BAD_REQUEST');
		}
		expect(await count()).toBe(before);
	});

	it('members without guest.invite and other teams cannot invite or list', async () => {
		for (const u of [member, outsider]) {
			const e = await api(u)
				.guest.invite({
					teamId: team.teamId,
					meetingId,
					agendaItemId: itemId,
					grantId: gpConsentId,
					name: 'X Y',
					role: 'Politi'
				})
				.catch((x: unknown) => x as TRPCError);
			expect((e as TRPCError).code).toBe('FORBIDDEN');
		}
		// Another team's lead, using their own team id with our meeting's ids.
		const e = await api(outsider)
			.guest.invite({
				teamId: other.teamId,
				meetingId,
				agendaItemId: itemId,
				grantId: gpConsentId,
				name: 'X Y',
				role: 'Politi'
			})
			.catch((x: unknown) => x as TRPCError);
		expect((e as TRPCError).code).toBe('FORBIDDEN');
		const list = await api(outsider).guest.candidates({ teamId: other.teamId, meetingId });
		expect(list).toEqual([]);
	});
});

describe('the guest link', () => {
	it('works only around the slot, only on the first device, and shows only consented sections', async () => {
		const r = await invite();
		expect(r.token).toMatch(/^[a-z2-7]{32}$/);
		const stored = await h.db
			.selectFrom('guest_invitation')
			.select('token_hash')
			.where('id', '=', r.invitationId)
			.executeTakeFirstOrThrow();
		expect(stored.token_hash).not.toBe(r.token);

		expect((await openGuest(h.db, r.token, 'device-a', 'test', BEFORE)).kind).toBe('before');
		const open = await openGuest(h.db, r.token, 'device-a', 'test', DURING);
		expect(open.kind).toBe('open');
		if (open.kind !== 'open') return;
		const view = await guestView(h.db, open.session, DURING);
		expect(view.borgerName).toBe('Anders Ågård');
		expect(view.sections.sort()).toEqual(['kriseplan', 'maal']);
		expect(view.record.items.map((i) => i.kind)).toEqual(['maal']);
		expect(view.record.crisisPlan?.planB).toBe('Ring til akutteam');
		expect(view.record.risks).toEqual([]);
		expect(view.itemNotes).toBe('Drøftet medicinsamtale');
		const everything = JSON.stringify(view);
		for (const leak of ['Naboen', 'Kokain', 'Fællesteamet', lead.name, member.name]) {
			expect(everything).not.toContain(leak);
		}

		// Second device: refused and logged.
		expect((await openGuest(h.db, r.token, 'device-b', 'test', DURING)).kind).toBe('other_device');
		// After the slot: nothing.
		expect((await openGuest(h.db, r.token, 'device-a', 'test', AFTER)).kind).toBe('after');
		expect(await deniedFeatures(r.invitationId)).toEqual(
			expect.arrayContaining(['test:anden-enhed', 'test:efter-slot'])
		);
		// Reads are logged with the guest as actor and the consent as basis.
		const reads = await h.db
			.selectFrom('access_log')
			.selectAll()
			.where('guest_id', '=', r.invitationId)
			.where('action', '=', 'read')
			.execute();
		expect(reads.length).toBeGreaterThan(0);
		expect(reads[0]).toMatchObject({ basis_kind: 'consent', basis_id: gpConsentId });
		expect([...reads[0]!.categories].sort()).toEqual(['kriseplan', 'maal']);
	});

	it('a one-time code is required when configured; wrong codes are counted and logged', async () => {
		const r = await invite({ requireCode: true });
		expect(r.code).toMatch(/^\d{6}$/);
		expect((await openGuest(h.db, r.token, 'dev-c', 'test', DURING)).kind).toBe('need_code');
		const wrong = r.code === '000000' ? '111111' : '000000';
		expect(await verifyGuestCode(h.db, r.token, 'dev-c', wrong)).toBe(false);
		expect(await deniedFeatures(r.invitationId)).toContain('gaest:forkert-kode');
		// The right code from another device does not help.
		expect(await verifyGuestCode(h.db, r.token, 'dev-d', r.code!)).toBe(false);
		expect(await verifyGuestCode(h.db, r.token, 'dev-c', r.code!)).toBe(true);
		expect((await openGuest(h.db, r.token, 'dev-c', 'test', DURING)).kind).toBe('open');
	});

	it('counts code attempts atomically: 100 parallel wrong guesses get at most 5 evaluated', async () => {
		const r = await invite({ requireCode: true });
		expect((await openGuest(h.db, r.token, 'dev-burst', 'test', DURING)).kind).toBe('need_code');
		const wrong = r.code === '000000' ? '111111' : '000000';
		const results = await Promise.all(
			Array.from({ length: 100 }, () => verifyGuestCode(h.db, r.token, 'dev-burst', wrong))
		);
		expect(results.every((x) => x === false)).toBe(true);
		// Every evaluated wrong guess is logged; no more than the five allowed were evaluated.
		const evaluated = (await deniedFeatures(r.invitationId)).filter(
			(f) => f === 'gaest:forkert-kode'
		);
		expect(evaluated.length).toBeLessThanOrEqual(5);
		const row = await h.db
			.selectFrom('guest_invitation')
			.select('code_attempts')
			.where('id', '=', r.invitationId)
			.executeTakeFirstOrThrow();
		expect(row.code_attempts).toBe(5);
		// Used up: the right code no longer opens it either.
		expect(await verifyGuestCode(h.db, r.token, 'dev-burst', r.code!)).toBe(false);
		expect((await openGuest(h.db, r.token, 'dev-burst', 'test', DURING)).kind).toBe('need_code');
	});

	it('unknown, malformed and revoked links are refused', async () => {
		expect((await openGuest(h.db, 'a'.repeat(32), 'dev', 'test', DURING)).kind).toBe('invalid');
		const r = await invite();
		await api(lead).guest.revoke({ teamId: team.teamId, invitationId: r.invitationId });
		expect((await openGuest(h.db, r.token, 'dev', 'test', DURING)).kind).toBe('closed');
		// Another team cannot revoke (or probe) our invitations.
		const r2 = await invite();
		const e = await api(outsider)
			.guest.revoke({ teamId: other.teamId, invitationId: r2.invitationId })
			.catch((x: unknown) => x as TRPCError);
		expect((e as TRPCError).code).toBe('NOT_FOUND');
	});

	it('withdrawing the consent shuts a guest out at once, mid-slot', async () => {
		const extra = await api(lead).consent.add({
			borgerId,
			actorKind: 'organisation',
			actorLabel: 'Jobcenter',
			categories: ['maal'],
			purpose: 'Beskæftigelse',
			validFrom: today(),
			validUntil: null,
			givenHow: 'skriftligt'
		});
		const r = await invite({ grantId: extra.id, name: 'Jens Job', role: 'Jobcenter' });
		expect((await openGuest(h.db, r.token, 'dev-j', 'test', DURING)).kind).toBe('open');
		await api(member).consent.withdraw({ borgerId, consentId: extra.id });
		expect((await openGuest(h.db, r.token, 'dev-j', 'test', DURING)).kind).toBe('closed');
		expect(await deniedFeatures(r.invitationId)).toContain('test');
	});

	it('tasks: the team gives one, only that guest can accept it', async () => {
		const a = await invite({ name: 'Guest A', role: 'Bolig' });
		const b = await invite({ name: 'Guest B', role: 'Bolig' });
		const task = await api(member).guest.addTask({
			teamId: team.teamId,
			invitationId: a.invitationId,
			description: 'Ring til udlejer'
		});
		const sa = await openGuest(h.db, a.token, 'dev-ga', 'test', DURING);
		const sb = await openGuest(h.db, b.token, 'dev-gb', 'test', DURING);
		if (sa.kind !== 'open' || sb.kind !== 'open') throw new Error('expected open');
		expect(await acceptGuestTask(h.db, sb.session, task.id)).toBe(false);
		expect(await acceptGuestTask(h.db, sa.session, task.id)).toBe(true);
		const view = await guestView(h.db, sa.session, DURING);
		expect(view.tasks[0]).toMatchObject({ description: 'Ring til udlejer' });
		expect(view.tasks[0]!.acceptedAt).not.toBeNull();
		expect((await guestView(h.db, sb.session, DURING)).tasks).toEqual([]);
	});
});
