import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { createTestDb } from '$tests/db';
import { callerFor, userOf as userOfDb } from '$tests/caller';
import { makeTeam } from '$tests/fixtures';
import { t as text } from '$lib/i18n/da';
import { SECTION_KEYS } from '$lib/domain/sections';
import type { DbHandle } from '../db';
import type { SessionUser } from '../auth/session';
import { appRouter } from '../trpc/router';
import { createBorger } from '../borger/create';
import { addItem } from '../borger/items';
import { addRiskAssessment } from '../borger/write';
import { resolveBorgerAccess, resolveInsightAccess } from '../access/borger';
import { extractText, getDocumentProxy } from 'unpdf';
import { renderInsightPdf } from './insight';

let h: DbHandle;
let team: Awaited<ReturnType<typeof makeTeam>>;
let other: Awaited<ReturnType<typeof makeTeam>>;
let lead: SessionUser;
let member: SessionUser;
let auditor: SessionUser;
let outsider: SessionUser;

const api = (user: SessionUser) => callerFor(h.db, user);

const userOf = (id: string) => userOfDb(h.db, id);

async function newBorger(name = 'Test Borger') {
	const { id } = await createBorger(h.db, team.teamId, lead.id, { name, birthYear: 1980 });
	const access = await resolveBorgerAccess(h.db, lead.id, id, 'borger.write', { log: false });
	await addItem(
		h.db,
		access,
		lead.id,
		'misbrug',
		{
			substance: 'Hash',
			pattern: 'Dagligt',
			treatmentStatus: 'ingen',
			goal: 'reducer'
		},
		null
	);
	await addItem(h.db, access, lead.id, 'maal', { text: 'Egen bolig', status: 'aktiv' }, null);
	await addRiskAssessment(h.db, access, lead.id, {
		category: 'selvmord',
		level: 'hoej',
		rationale: 'Test'
	});
	return id;
}

const today = () => new Date().toISOString().slice(0, 10);
function addDays(days: number) {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

function consent(borgerId: string, over: Record<string, unknown> = {}) {
	return {
		borgerId,
		actorKind: 'team' as const,
		actorLabel: 'Fællesteamet',
		categories: null,
		purpose: 'Koordinering på tavlemødet',
		validFrom: today(),
		validUntil: null,
		givenHow: 'skriftligt' as const,
		witnessedBy: 'Lene Teamleder',
		...over
	};
}

async function logRows(borgerId: string) {
	return h.db
		.selectFrom('access_log')
		.selectAll()
		.where('borger_id', '=', borgerId)
		.orderBy('id')
		.execute();
}

async function codeOf(p: Promise<unknown>) {
	try {
		await p;
		return 'OK';
	} catch (e) {
		expect(e).toBeInstanceOf(TRPCError);
		return (e as TRPCError).code;
	}
}

beforeAll(async () => {
	h = await createTestDb();
	team = await makeTeam(h.db, ['teamleder', 'medlem', 'auditor']);
	other = await makeTeam(h.db, ['teamleder']);
	lead = await userOf(team.members[0]!.userId);
	member = await userOf(team.members[1]!.userId);
	auditor = await userOf(team.members[2]!.userId);
	outsider = await userOf(other.members[0]!.userId);
});
afterAll(() => h.close());

describe('consent registry', () => {
	it('no consent yet: full record for the inner wheel, flagged as missing on the board', async () => {
		const id = await newBorger();
		const rec = await api(member).borger.get({ borgerId: id });
		expect(rec.sections).toContain('misbrug');
		expect(rec.items.some((i) => i.kind === 'misbrug')).toBe(true);
		const board = await api(member).borger.board({ teamId: team.teamId });
		const row = board.rows.find((r) => r.id === id)!;
		expect(row.consent.state).toBe('missing');
		expect(row.board.flags.map((f) => f.kind)).toContain('consent_missing');
	});

	it('records a consent with categories; the record and board narrow to them', async () => {
		const id = await newBorger();
		const { id: consentId } = await api(member).consent.add(
			consent(id, { categories: ['maal', 'kriseplan'] })
		);
		const reg = await api(member).consent.list({ borgerId: id });
		expect(reg.state).toBe('active');
		expect(reg.consents).toHaveLength(1);
		expect(reg.consents[0]).toMatchObject({
			id: consentId,
			categories: ['maal', 'kriseplan'],
			givenHow: 'skriftligt',
			witnessedBy: 'Lene Teamleder',
			recordedBy: member.name,
			status: 'aktiv'
		});

		const rec = await api(member).borger.get({ borgerId: id });
		expect(rec.sections.sort()).toEqual(['identitet', 'kriseplan', 'maal']);
		expect(rec.items.map((i) => i.kind)).toEqual(['maal']);
		expect(rec.risks).toEqual([]);

		const row = (await api(member).borger.board({ teamId: team.teamId })).rows.find(
			(r) => r.id === id
		)!;
		expect(row.summary.substances.names).toEqual([]);
		expect(row.summary.goals.active).toBe(1);
		expect(row.summary.risks).toEqual([]);
		expect(row.board.flags.map((f) => f.kind)).not.toContain('consent_missing');
		expect(row.board.flags.map((f) => f.kind)).not.toContain('high_risk');

		// Writing outside the scope is refused and logged.
		const code = await codeOf(
			api(member).borger.addItem({
				borgerId: id,
				kind: 'misbrug',
				data: { substance: 'Kokain', pattern: 'Weekend', treatmentStatus: 'ingen', goal: 'stop' }
			})
		);
		expect(code).toBe('FORBIDDEN');
		// The section refusal is logged without delaying the error (written in the background).
		await expect
			.poll(async () =>
				(await logRows(id)).filter((r) => r.action === 'denied').map((r) => r.feature)
			)
			.toContain('trpc:borger.addItem#misbrug');

		// History is scoped like the record.
		const hist = await api(member).borger.history({ borgerId: id });
		expect(hist.some((e) => e.entity === 'item:misbrug')).toBe(false);
		expect(hist.some((e) => e.entity === 'item:maal')).toBe(true);
	});

	it('withdrawal takes effect at once: identity only, flagged, and the write is refused', async () => {
		const id = await newBorger();
		const { id: consentId } = await api(lead).consent.add(consent(id));
		expect((await api(member).borger.get({ borgerId: id })).sections).toContain('misbrug');
		await api(lead).consent.withdraw({ borgerId: id, consentId, note: 'Borgeren ringede' });
		const rec = await api(member).borger.get({ borgerId: id });
		expect(rec.sections).toEqual(['identitet']);
		expect(rec.items).toEqual([]);
		expect(rec.crisisPlan).toBeNull();
		const row = (await api(member).borger.board({ teamId: team.teamId })).rows.find(
			(r) => r.id === id
		)!;
		expect(row.consent.state).toBe('withdrawn');
		expect(row.board.flags[0]).toMatchObject({ kind: 'consent_withdrawn', severity: 'critical' });
		expect(
			await codeOf(api(member).borger.addItem({ borgerId: id, kind: 'maal', data: { text: 'x' } }))
		).toBe('FORBIDDEN');
		// Withdrawing twice is a clear error, and the first withdrawal stays as it was.
		expect(await codeOf(api(lead).consent.withdraw({ borgerId: id, consentId }))).toBe('NOT_FOUND');
		const reg = await api(lead).consent.list({ borgerId: id });
		expect(reg.consents[0]).toMatchObject({
			status: 'trukket_tilbage',
			withdrawnBy: lead.name,
			withdrawalNote: 'Borgeren ringede'
		});
	});

	it('expiring and expired consents are flagged', async () => {
		const soon = await newBorger();
		await api(lead).consent.add(consent(soon, { validUntil: addDays(10) }));
		const gone = await newBorger();
		await api(lead).consent.add(
			consent(gone, { validFrom: addDays(-60), validUntil: addDays(-1) })
		);
		const board = await api(lead).borger.board({ teamId: team.teamId });
		const flag = (id: string) =>
			board.rows.find((r) => r.id === id)!.board.flags.map((f) => f.kind);
		expect(flag(soon)).toContain('consent_expiring');
		expect(flag(gone)).toContain('consent_expired');
		expect((await api(lead).borger.get({ borgerId: gone })).sections).toEqual(['identitet']);
	});

	it('a legal-basis disclosure is recorded and reopens its categories for its period', async () => {
		const id = await newBorger();
		const { id: c } = await api(lead).consent.add(consent(id));
		await api(lead).consent.withdraw({ borgerId: id, consentId: c });
		await api(lead).consent.addDisclosure({
			borgerId: id,
			recipientKind: 'team',
			recipientLabel: 'Fællesteamet',
			categories: ['kriseplan', 'risiko'],
			basis: 'akut_fare',
			legalReference: 'Sundhedsloven § 43, stk. 2, nr. 3',
			reason: 'Borgeren har udtrykt konkrete selvmordsplaner.',
			decidedBy: 'Overlæge Hansen',
			disclosedOn: today(),
			validUntil: addDays(2)
		});
		const rec = await api(member).borger.get({ borgerId: id });
		expect(rec.sections.sort()).toEqual(['identitet', 'kriseplan', 'risiko']);
		const reg = await api(member).consent.list({ borgerId: id });
		expect(reg.disclosures[0]).toMatchObject({ basis: 'akut_fare', decidedBy: 'Overlæge Hansen' });
		const logged = (await logRows(id)).filter(
			(r) => r.feature === 'trpc:borger.get' && r.basis_kind === 'legal'
		);
		expect(logged.at(-1)?.categories.sort()).toEqual(['kriseplan', 'risiko']);
	});

	it('bad input is refused with Danish field errors and writes nothing', async () => {
		const id = await newBorger();
		const before = await h.db
			.selectFrom('consent')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		const bad = [
			consent(id, { actorLabel: ' ' }),
			consent(id, { categories: [] }),
			consent(id, { categories: ['cpr'] }),
			consent(id, { validUntil: addDays(-5) }),
			consent(id, { givenHow: 'telepatisk' }),
			consent(id, { purpose: 'x'.repeat(1001) })
		];
		for (const input of bad) {
			const e = await api(lead)
				.consent.add(input as never)
				.catch((x: unknown) => x as TRPCError);
			expect(e).toBeInstanceOf(TRPCError);
			expect((e as TRPCError).code).toBe('BAD_REQUEST');
		}
		const after = await h.db
			.selectFrom('consent')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	it('other teams, auditors and tampered ids are refused with the same message', async () => {
		const id = await newBorger();
		const { id: c } = await api(lead).consent.add(consent(id));
		for (const [who, call] of [
			[outsider, () => api(outsider).consent.list({ borgerId: id })],
			[auditor, () => api(auditor).consent.list({ borgerId: id })],
			[outsider, () => api(outsider).consent.withdraw({ borgerId: id, consentId: c })],
			[outsider, () => api(outsider).borger.get({ borgerId: id })]
		] as const) {
			const e = await call().catch((x: unknown) => x as TRPCError);
			expect(e, who.name).toBeInstanceOf(TRPCError);
			expect((e as TRPCError).code).toBe('FORBIDDEN');
			expect((e as TRPCError).message).toBe(text.errors.forbidden);
		}
		// A consent id from another borger cannot be withdrawn through this one.
		const otherBorger = await newBorger();
		expect(await codeOf(api(lead).consent.withdraw({ borgerId: otherBorger, consentId: c }))).toBe(
			'NOT_FOUND'
		);
		expect((await api(lead).consent.list({ borgerId: id })).consents[0]!.status).toBe('aktiv');
		// Each refusal is in the log, with who tried.
		const denied = (await logRows(id)).filter((r) => r.action === 'denied');
		expect(denied.map((r) => r.user_id)).toEqual(expect.arrayContaining([outsider.id, auditor.id]));
	});
});

describe('access log', () => {
	it('logs every read and write, with feature, categories and basis', async () => {
		const id = await newBorger();
		const { id: c } = await api(lead).consent.add(consent(id, { categories: ['maal', 'misbrug'] }));
		const start = (await logRows(id)).length;
		await api(member).borger.get({ borgerId: id });
		await api(member).borger.history({ borgerId: id });
		await api(member).consent.list({ borgerId: id });
		await api(member).borger.addItem({ borgerId: id, kind: 'maal', data: { text: 'Arbejde' } });
		await api(member).borger.board({ teamId: team.teamId });
		const rows = (await logRows(id)).slice(start);
		const summary = rows.map((r) => `${r.action} ${r.feature} ${r.basis_kind}`);
		expect(summary).toEqual([
			'read trpc:borger.get consent',
			'read trpc:borger.get enrolment',
			'read trpc:borger.history consent',
			'read trpc:borger.history enrolment',
			'read trpc:consent.list consent',
			'read trpc:consent.list enrolment',
			'write trpc:borger.addItem consent',
			'write trpc:borger.addItem enrolment',
			'read tavle consent',
			'read tavle enrolment'
		]);
		for (const r of rows) {
			expect(r.user_id).toBe(member.id);
			expect(r.actor_name).toBe(member.name);
			expect(r.team_id).toBe(team.teamId);
		}
		const underConsent = rows.filter((r) => r.basis_kind === 'consent');
		for (const r of underConsent) {
			expect(r.basis_id).toBe(c);
			expect([...r.categories].sort()).toEqual(['maal', 'misbrug']);
		}
		for (const r of rows.filter((x) => x.basis_kind === 'enrolment')) {
			expect(r.categories).toEqual(['identitet']);
		}
	});

	it('is append-only in the database', async () => {
		const id = await newBorger();
		await api(member).borger.get({ borgerId: id });
		const row = (await logRows(id))[0]!;
		await expect(
			sql`update access_log set actor_name = 'x' where id = ${row.id}`.execute(h.db)
		).rejects.toThrow(/append-only/);
		await expect(sql`delete from access_log where id = ${row.id}`.execute(h.db)).rejects.toThrow(
			/append-only/
		);
		expect((await logRows(id))[0]!.actor_name).toBe(row.actor_name);
	});

	it('the team lead can list and filter it; others cannot', async () => {
		const id = await newBorger('Filter Borger');
		await api(member).borger.get({ borgerId: id });
		await api(outsider)
			.borger.get({ borgerId: id })
			.catch(() => null);
		const rows = await api(lead).accessLog.list({ teamId: team.teamId, borgerId: id });
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.borgerId === id)).toBe(true);
		expect(rows[0]!.borgerName).toBe('Filter Borger');
		const denied = await api(lead).accessLog.list({
			teamId: team.teamId,
			borgerId: id,
			action: 'denied'
		});
		expect(denied.map((r) => r.userId)).toContain(outsider.id);
		const mine = await api(lead).accessLog.list({ teamId: team.teamId, userId: member.id });
		expect(mine.every((r) => r.userId === member.id)).toBe(true);
		const paged = await api(lead).accessLog.list({ teamId: team.teamId, limit: 2 });
		expect(paged).toHaveLength(2);
		const next = await api(lead).accessLog.list({
			teamId: team.teamId,
			limit: 2,
			before: paged[1]!.id
		});
		expect(next[0]!.id).toBeLessThan(paged[1]!.id);
		expect(await codeOf(api(member).accessLog.list({ teamId: team.teamId }))).toBe('FORBIDDEN');
		expect(await codeOf(api(outsider).accessLog.list({ teamId: team.teamId }))).toBe('FORBIDDEN');
	});
});

describe('every borger procedure refuses another team and logs it', () => {
	interface P {
		_def: { inputs?: { shape?: Record<string, unknown> }[] };
	}
	const borgerPaths = Object.entries(appRouter._def.procedures as unknown as Record<string, P>)
		.filter(([, p]) => 'borgerId' in (p._def.inputs?.[0]?.shape ?? {}))
		.map(([path]) => path);

	// Procedures that name their feature in the log themselves (docs/CONSENT.md).
	const FEATURE: Record<string, string> = { 'meeting.borgerMinutes': 'meeting:minutes.borger' };

	it('covers the borger-scoped procedures', () => {
		expect(borgerPaths).toEqual(expect.arrayContaining(['borger.get', 'consent.list']));
	});

	for (const path of borgerPaths) {
		it(`${path}: FORBIDDEN, the Danish message only, and a denied row in the borger's team log`, async () => {
			const id = await newBorger('Hemmelig Person');
			const caller = api(outsider) as unknown as Record<
				string,
				Record<string, (i: unknown) => Promise<unknown>>
			>;
			const [area, name] = path.split('.') as [string, string];
			const e = await caller[area]![name]!({ borgerId: id }).catch((x: unknown) => x as TRPCError);
			expect(e).toBeInstanceOf(TRPCError);
			expect((e as TRPCError).code).toBe('FORBIDDEN');
			expect((e as TRPCError).message).toBe(text.errors.forbidden);
			expect((e as TRPCError).message).not.toContain('Hemmelig');
			const denied = (await logRows(id)).filter(
				(r) => r.action === 'denied' && r.user_id === outsider.id
			);
			expect(denied.map((r) => r.feature)).toContain(FEATURE[path] ?? `trpc:${path}`);
			expect(denied[0]!.team_id).toBe(team.teamId);
		});
	}
});

describe('insight request (aktindsigt)', () => {
	it('exports all data whatever the consent, the consents, and who accessed it; logged as export', async () => {
		const id = await newBorger('Indsigt Person');
		const { id: c } = await api(lead).consent.add(consent(id, { categories: ['maal'] }));
		await api(lead).consent.withdraw({ borgerId: id, consentId: c, note: 'Ønsker pause' });
		await api(member).borger.get({ borgerId: id });
		// Members may not; the lead may.
		await expect(resolveInsightAccess(h.db, member.id, id)).rejects.toBeInstanceOf(TRPCError);
		const access = await resolveInsightAccess(h.db, lead.id, id);
		expect(access.sections.size).toBe(SECTION_KEYS.length);
		const pdf = await renderInsightPdf(h.db, access, { teamName: 'Team', generatedBy: lead.name });
		const doc = await getDocumentProxy(new Uint8Array(pdf));
		const { text: raw } = await extractText(doc, { mergePages: true });
		const text = raw.replace(/\s+/g, ' ');
		expect(text).toContain('Indsigt Person');
		// The substance use is in the export although the consent never covered it.
		expect(text).toContain('Hash');
		expect(text).toContain('Samtykker');
		expect(text).toContain('trukket tilbage');
		expect(text).toContain('Hvem har haft adgang');
		expect(text).toContain(member.name);
		const exports = (await logRows(id)).filter((r) => r.action === 'export');
		expect(exports).toHaveLength(1);
		expect(exports[0]).toMatchObject({ user_id: lead.id, feature: 'aktindsigt' });
	});
});
