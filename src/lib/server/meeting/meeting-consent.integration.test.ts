import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { extractText, getDocumentProxy } from 'unpdf';
import { createTestDb } from '$tests/db';
import { callerFor, userOf as userOfDb } from '$tests/caller';
import { makeTeam } from '$tests/fixtures';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { createBorger } from '../borger/create';
import { renderBorgerExtract, renderMinutes } from './minutes-pdf';
import { borgerMinutesView, loadMeetingFor } from './scope';
import { resolveBorgerAccess } from '../access/borger';

/**
 * The meeting and the minutes apply the borger's consent scope and write the access log
 * (docs/CONSENT.md, "The meeting and the minutes"): withdrawn consent hides an item's
 * contents in the live view, the minutes, their PDFs and the per-borger extract; every
 * read is logged with its feature; a write outside the scope is refused and changes nothing.
 */

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let lead: SessionUser;
let member: SessionUser;
const api = (user: SessionUser) => callerFor(h.db, user);
const userOf = (id: string) => userOfDb(h.db, id);
const today = () => new Date().toISOString().slice(0, 10);
function consent(borgerId: string, categories: string[] | null = null) {
	return {
		borgerId,
		actorKind: 'team' as const,
		actorLabel: 'Fællesteamet',
		categories: categories as never,
		purpose: 'Koordinering på tavlemødet',
		validFrom: today(),
		validUntil: null,
		givenHow: 'skriftligt' as const,
		witnessedBy: 'Lene Teamleder'
	};
}
async function features(borgerId: string, action?: string) {
	let q = h.db
		.selectFrom('access_log')
		.select(['feature', 'action', 'categories'])
		.where('borger_id', '=', borgerId);
	if (action) q = q.where('action', '=', action as 'read');
	return q.orderBy('id').execute();
}
async function refusal(p: Promise<unknown>) {
	try {
		await p;
		return 'OK';
	} catch (e) {
		expect(e).toBeInstanceOf(TRPCError);
		return `${(e as TRPCError).code}: ${(e as TRPCError).message}`;
	}
}
async function pdfText(pdf: Buffer) {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
		mergePages: true
	});
	return text.replace(/\s+/g, ' ');
}

let meetingId: string;
let withdrawnConsent: string;
const ids = { withdrawn: '', partial: '', open: '' };
const items = { withdrawn: '', partial: '', open: '' };

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder', 'medlem']);
	lead = await userOf(team.members[0]!.userId);
	member = await userOf(team.members[1]!.userId);
	for (const [key, name] of [
		['withdrawn', 'Wilma Tilbagetrukket'],
		['partial', 'Palle Delvis'],
		['open', 'Otto Åben']
	] as const) {
		ids[key] = (await createBorger(h.db, team.teamId, lead.id, { name, birthYear: 1980 })).id;
	}
	const a = api(lead);
	meetingId = (await a.meeting.create({ teamId: team.teamId, meetingDate: '2031-03-04' })).id;
	const view = await a.meeting.get({ teamId: team.teamId, meetingId });
	for (const key of Object.keys(ids) as (keyof typeof ids)[])
		items[key] = view.items.find((i) => i.borger_id === ids[key])!.id;
	await a.meeting.start({ teamId: team.teamId, meetingId });
	// Everything is recorded while the team's basis covers it (no consent recorded yet).
	for (const key of ['withdrawn', 'partial'] as const) {
		await a.meeting.setItemNotes({
			teamId: team.teamId,
			meetingId,
			agendaItemId: items[key],
			notes: `Hemmelig drøftelse ${key}`
		});
		await a.meeting.addDecision({
			teamId: team.teamId,
			meetingId,
			agendaItemId: items[key],
			kind: 'behandling',
			text: `Medicinskift ${key}`
		});
		await a.meeting.addTask({
			teamId: team.teamId,
			meetingId,
			agendaItemId: items[key],
			borgerId: ids[key],
			ownerId: team.members[1]!.membershipId,
			description: `Ring til lægen ${key}`
		});
	}
	// Then: one borger withdraws, one consents to identity and goals only.
	const { id: c } = await a.consent.add(consent(ids.withdrawn));
	withdrawnConsent = c;
	await a.consent.withdraw({ borgerId: ids.withdrawn, consentId: c, note: 'Ønsker pause' });
	await a.consent.add(consent(ids.partial, ['identitet', 'maal']));
});
afterAll(() => h.close());

describe('the meeting view within the consent scope', () => {
	it('shows the name of a withdrawn borger and hides the rest', async () => {
		const view = await api(member).meeting.get({ teamId: team.teamId, meetingId });
		const w = view.items.find((i) => i.id === items.withdrawn)!;
		expect(w.borger_name).toBe('Wilma Tilbagetrukket');
		expect(w.notes).toBe('');
		expect(w.reasons).toEqual([]);
		expect(w.hidden).toBe('Samtykke trukket tilbage – indhold skjult');
		expect(view.decisions.some((d) => d.borger_id === ids.withdrawn)).toBe(false);
		expect(view.tasks.some((t) => t.borger_id === ids.withdrawn)).toBe(false);
		expect(JSON.stringify(view)).not.toContain('Hemmelig drøftelse withdrawn');

		// Identity and goals only: the team's notes stay (the consent as a whole covers the
		// case discussion), the treatment decision and the task (agreements) do not.
		const p = view.items.find((i) => i.id === items.partial)!;
		expect(p.notes).toBe('Hemmelig drøftelse partial');
		expect(p.hidden).toMatch(/uden for borgerens samtykke/);
		expect(view.decisions.some((d) => d.borger_id === ids.partial)).toBe(false);
		expect(view.tasks.some((t) => t.borger_id === ids.partial)).toBe(false);

		const o = view.items.find((i) => i.id === items.open)!;
		expect(o.hidden).toBeNull();
	});

	it('logs meeting reads per borger with their feature, coalesced for the live view', async () => {
		await api(member).meeting.get({ teamId: team.teamId, meetingId });
		await api(member).meeting.get({ teamId: team.teamId, meetingId, purpose: 'minutes' });
		const rows = (await features(ids.withdrawn, 'read')).filter((r) =>
			r.feature.startsWith('meeting:')
		);
		// Two views by the member within the minute: one row; the minutes page: its own.
		expect(rows.filter((r) => r.feature === 'meeting:view')).toHaveLength(2); // lead + member
		expect(rows.filter((r) => r.feature === 'meeting:minutes')).toHaveLength(1);
		// What was logged is what the scope opened: identity only.
		expect(rows.at(-1)!.categories).toEqual(['identitet']);
		expect((await features(ids.open, 'read')).map((r) => r.feature)).toContain('meeting:view');
	});

	it('hides it in the minutes PDF too, and logs every PDF', async () => {
		const viewer = { userId: member.id, name: member.name, role: 'medlem' as const };
		for (let i = 0; i < 2; i++) {
			const view = await loadMeetingFor(
				h.db,
				viewer,
				team.teamId,
				meetingId,
				'meeting:minutes.pdf'
			);
			const text = await pdfText(await renderMinutes(view, 'Team', member.name));
			expect(text).toContain('Wilma Tilbagetrukket');
			expect(text).toContain('Samtykke trukket tilbage – indhold skjult');
			expect(text).not.toContain('Hemmelig drøftelse withdrawn');
			expect(text).not.toContain('Medicinskift');
			expect(text).not.toContain('Ring til lægen');
			expect(text).toContain('Hemmelig drøftelse partial');
		}
		const pdfRows = (await features(ids.withdrawn, 'read')).filter(
			(r) => r.feature === 'meeting:minutes.pdf'
		);
		expect(pdfRows).toHaveLength(2);
	});

	it('refuses writes outside the scope in Danish, logs them, and changes nothing', async () => {
		const a = api(lead);
		const before = await h.db
			.selectFrom('agenda_item')
			.select('notes')
			.where('id', '=', items.withdrawn)
			.executeTakeFirstOrThrow();
		const counts = async () => ({
			d: (
				await h.db
					.selectFrom('decision')
					.select('id')
					.where('borger_id', '=', ids.withdrawn)
					.execute()
			).length,
			t: (
				await h.db.selectFrom('task').select('id').where('borger_id', '=', ids.withdrawn).execute()
			).length
		});
		const c0 = await counts();
		const writes0 = (await features(ids.withdrawn, 'write')).length;
		expect(
			await refusal(
				a.meeting.setItemNotes({
					teamId: team.teamId,
					meetingId,
					agendaItemId: items.withdrawn,
					notes: 'Ny tekst'
				})
			)
		).toBe(
			'FORBIDDEN: Borgerens samtykke er trukket tilbage, så referat af punktet kan ikke gemmes. Intet er ændret.'
		);
		expect(
			await refusal(
				a.meeting.addDecision({
					teamId: team.teamId,
					meetingId,
					agendaItemId: items.withdrawn,
					kind: 'andet',
					text: 'x'
				})
			)
		).toMatch(/^FORBIDDEN: Borgerens samtykke er trukket tilbage, så beslutningen/);
		expect(
			await refusal(
				a.meeting.addTask({
					teamId: team.teamId,
					meetingId,
					agendaItemId: items.withdrawn,
					borgerId: ids.withdrawn,
					ownerId: team.members[1]!.membershipId,
					description: 'x'
				})
			)
		).toMatch(/^FORBIDDEN: .*opgaven kan ikke gemmes/);
		// Partial consent: a task (agreement) is outside it, notes are not.
		expect(
			await refusal(
				a.meeting.addTask({
					teamId: team.teamId,
					meetingId,
					borgerId: ids.partial,
					ownerId: team.members[1]!.membershipId,
					description: 'x'
				})
			)
		).toBe(
			'FORBIDDEN: Borgerens samtykke dækker det ikke, så opgaven kan ikke gemmes. Intet er ændret.'
		);
		await a.meeting.setItemNotes({
			teamId: team.teamId,
			meetingId,
			agendaItemId: items.partial,
			notes: 'Opdateret drøftelse'
		});

		expect(await counts()).toEqual(c0);
		const after = await h.db
			.selectFrom('agenda_item')
			.select('notes')
			.where('id', '=', items.withdrawn)
			.executeTakeFirstOrThrow();
		expect(after.notes).toBe(before.notes);
		const denied = (await features(ids.withdrawn, 'denied')).map((r) => r.feature);
		expect(denied).toEqual(
			expect.arrayContaining(['meeting:notes', 'meeting:decision', 'meeting:task'])
		);
		// Refused writes leave no write row, only the refusals.
		expect(await features(ids.withdrawn, 'write')).toHaveLength(writes0);
		expect((await features(ids.partial, 'write')).map((r) => r.feature)).toContain('meeting:notes');
	});

	it('allows and logs writes inside the scope', async () => {
		await api(member).meeting.addDecision({
			teamId: team.teamId,
			meetingId,
			agendaItemId: items.open,
			kind: 'stoette',
			text: 'Bostøtte to gange om ugen'
		});
		const w = await features(ids.open, 'write');
		expect(w.map((r) => r.feature)).toContain('meeting:decision');
	});

	it("shows a guest's notes to the meeting leader only, within the scope", async () => {
		const a = api(lead);
		const { id: orgConsent } = await a.consent.add({
			...consent(ids.open),
			actorKind: 'organisation',
			actorLabel: 'Egen læge'
		});
		for (const [key, consentId] of [
			['open', orgConsent],
			['withdrawn', withdrawnConsent]
		] as const) {
			const g = await h.db
				.insertInto('guest_invitation')
				.values({
					team_id: team.teamId,
					meeting_id: meetingId,
					agenda_item_id: items[key],
					borger_id: ids[key],
					consent_id: consentId,
					guest_name: 'Dr. Gæst',
					guest_role: 'Egen læge',
					token_hash: `test-${key}-${Math.random()}`,
					invited_by: lead.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await h.db
				.insertInto('guest_note')
				.values({ invitation_id: g.id, body: `Gæstens note ${key}` })
				.execute();
		}
		const led = await a.meeting.get({ teamId: team.teamId, meetingId });
		const open = led.items.find((i) => i.id === items.open)!;
		expect(open.guestNotes.map((g) => [g.guest, g.body])).toEqual([
			['Dr. Gæst', 'Gæstens note open']
		]);
		// Withdrawn consent: the guest's note is hidden like the team's own notes.
		expect(led.items.find((i) => i.id === items.withdrawn)!.guestNotes).toEqual([]);
		expect(JSON.stringify(led)).not.toContain('Gæstens note withdrawn');
		// Members who do not lead the meeting do not get the guests' notes.
		const seen = await api(member).meeting.get({ teamId: team.teamId, meetingId });
		expect(seen.items.every((i) => i.guestNotes.length === 0)).toBe(true);
	});

	it('follow the leader: the glance is scoped, logged, and only for borgere on the agenda', async () => {
		const rec = await api(member).meeting.glance({
			teamId: team.teamId,
			meetingId,
			borgerId: ids.withdrawn
		});
		expect(rec.sections).toEqual(['identitet']);
		expect((await features(ids.withdrawn, 'read')).map((r) => r.feature)).toContain(
			'meeting:glance'
		);
		const elsewhere = (
			await createBorger(h.db, team.teamId, lead.id, { name: 'Ikke på dagsorden' })
		).id;
		expect(
			await refusal(
				api(member).meeting.glance({ teamId: team.teamId, meetingId, borgerId: elsewhere })
			)
		).toMatch(/^FORBIDDEN/);
	});

	it('the per-borger extract of approved minutes and its PDF hide and log the same way', async () => {
		const a = api(lead);
		await a.meeting.end({ teamId: team.teamId, meetingId });
		await a.meeting.finalize({ teamId: team.teamId, meetingId });
		const ex = await api(member).meeting.borgerMinutes({ borgerId: ids.withdrawn });
		expect(ex.borger.name).toBe('Wilma Tilbagetrukket');
		const m = ex.meetings.find((x) => x.meetingId === meetingId)!;
		expect(m.items.every((i) => i.notes === '')).toBe(true);
		expect(m.decisions).toEqual([]);
		expect(m.tasks).toEqual([]);
		expect(m.hidden).toBe('Samtykke trukket tilbage – indhold skjult');

		const access = await resolveBorgerAccess(h.db, member.id, ids.withdrawn, 'borger.read', {
			feature: 'meeting:minutes.borger.pdf',
			mode: 'read'
		});
		const { borger, meetings } = await borgerMinutesView(h.db, access);
		const text = await pdfText(
			await renderBorgerExtract(meetings, borger.name, 'Team', member.name)
		);
		expect(text).toContain('Samtykke trukket tilbage – indhold skjult');
		expect(text).not.toContain('Hemmelig drøftelse');
		expect(text).not.toContain('Medicinskift');
		const f = (await features(ids.withdrawn, 'read')).map((r) => r.feature);
		expect(f).toEqual(
			expect.arrayContaining(['meeting:minutes.borger', 'meeting:minutes.borger.pdf'])
		);

		// The open borger's extract keeps everything.
		const open = await api(member).meeting.borgerMinutes({ borgerId: ids.open });
		expect(open.meetings[0]!.decisions.map((d) => d.text)).toContain('Bostøtte to gange om ugen');
		expect(open.meetings[0]!.hidden).toBeNull();
	});
});
