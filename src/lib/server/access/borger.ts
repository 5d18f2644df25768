import { sql } from 'kysely';
import { can, type Permission, type TeamRole } from '$lib/domain/permissions';
import { SECTION_KEYS, isSectionKey, type SectionKey } from '$lib/domain/sections';
import {
	consentScope,
	isoDay,
	type ConsentState,
	type Grant,
	type Scope
} from '$lib/domain/consent';
import type { Executor } from '../db';
import { byBasis, logDenied, writeAccessLog, type AccessLogEntry } from './log';
import { badRequest, forbidden } from '../errors';

/**
 * The one place that decides whether someone may read or write a borger record, and
 * which sections they see. tRPC procedures, pages, PDF export, socket events and the
 * board all come through here. The decision itself is the pure consent scope in
 * $lib/domain/consent.ts (docs/CONSENT.md); this module loads its inputs (membership,
 * consents, legal-basis disclosures, guest invitations) and writes the access log,
 * so that no caller can read borger data without leaving a trace.
 */

export interface MemberViewer {
	kind: 'member';
	userId: string;
	teamId: string;
	membershipId: string;
	role: TeamRole;
	name: string;
}

/** An outer-wheel guest, admitted to one agenda item under one grant, for its slot. */
export interface GuestViewer {
	kind: 'guest';
	guestId: string;
	teamId: string;
	name: string;
	meetingId: string;
	agendaItemId: string;
	grantId: string;
	windowStart: Date;
	windowEnd: Date;
}

export type Viewer = MemberViewer | GuestViewer;

export interface BorgerRef {
	id: string;
	teamId: string;
	status: 'henvist' | 'venter' | 'aktiv' | 'afsluttet';
	version: number;
}

export interface BorgerAccess {
	viewer: Viewer;
	borger: BorgerRef;
	/** The sections this access may touch: readable for reads, writable for writes. */
	sections: ReadonlySet<SectionKey>;
	consent: ConsentState;
	scope: Scope;
	/** Log a refused section (assertSection calls it); never throws. */
	onDenied?: (section: SectionKey) => void;
}

export interface AccessOptions {
	/** Which feature reads or writes, for the access log (e.g. 'trpc:borger.get'). */
	feature?: string;
	/** Set to false only where the caller logs the access itself (e.g. with an export). */
	log?: boolean;
	/**
	 * For high-frequency live events (note keystrokes): one row per person, borger,
	 * feature and basis per minute instead of one per event.
	 */
	coalesce?: boolean;
	/** Read or write; by default write for write permissions (tRPC: by procedure type). */
	mode?: 'read' | 'write';
	now?: Date;
}

const COALESCE_MS = 60_000;
const lastLogged = new Map<string, number>();

/** True if nothing with this key was logged in the last minute (per process). */
function firstInWindow(key: string, at: number): boolean {
	const prev = lastLogged.get(key);
	if (prev !== undefined && at - prev < COALESCE_MS) return false;
	if (lastLogged.size > 10_000) lastLogged.clear();
	lastLogged.set(key, at);
	return true;
}

const WRITE_PERMISSIONS: ReadonlySet<Permission> = new Set(['borger.write', 'consent.manage']);

function sectionList(v: string[] | null): SectionKey[] | null {
	return v === null ? null : v.filter(isSectionKey);
}

/** Every consent and legal-basis disclosure of the given borgere, as grants. */
export async function loadGrants(
	db: Executor,
	borgerIds: readonly string[]
): Promise<Map<string, Grant[]>> {
	const out = new Map<string, Grant[]>();
	if (borgerIds.length === 0) return out;
	// One query for both registers, so the board stays at a fixed number of queries.
	const rows = await db
		.selectFrom('consent')
		.select([
			'id',
			'borger_id',
			sql<'consent' | 'legal'>`'consent'`.as('basis'),
			'actor_kind',
			'categories',
			'valid_from',
			'valid_until',
			'withdrawn_at'
		])
		.where('borger_id', 'in', borgerIds)
		.unionAll(
			db
				.selectFrom('consent_disclosure')
				.select([
					'id',
					'borger_id',
					sql<'consent' | 'legal'>`'legal'`.as('basis'),
					'recipient_kind as actor_kind',
					'categories',
					'disclosed_on as valid_from',
					// A disclosure without an end date opens nothing in the app after its day.
					sql<string>`coalesce(valid_until, disclosed_on)`.as('valid_until'),
					sql<Date | null>`null::timestamptz`.as('withdrawn_at')
				])
				.where('borger_id', 'in', borgerIds)
		)
		.execute();
	for (const r of rows) {
		const list = out.get(r.borger_id) ?? [];
		list.push({
			id: r.id,
			basis: r.basis,
			actorKind: r.actor_kind,
			categories: sectionList(r.categories),
			validFrom: r.valid_from,
			validUntil: r.valid_until,
			withdrawnAt: r.withdrawn_at
		});
		out.set(r.borger_id, list);
	}
	return out;
}

function actorOf(viewer: Viewer): AccessLogEntry['actor'] {
	return viewer.kind === 'member'
		? { kind: 'member', userId: viewer.userId, name: viewer.name }
		: { kind: 'guest', guestId: viewer.guestId, name: viewer.name };
}

/**
 * Apply the scope to one borger for one viewer and log the access. Shared by members
 * and guests; `mode` decides which half of the scope counts.
 */
async function grantAccess(
	db: Executor,
	viewer: Viewer,
	borger: BorgerRef,
	grants: Grant[],
	mode: 'read' | 'write',
	opts: AccessOptions
): Promise<BorgerAccess> {
	const now = opts.now ?? new Date();
	const scope = consentScope(
		viewer.kind === 'member'
			? { kind: 'member', role: viewer.role }
			: {
					kind: 'guest',
					grantId: viewer.grantId,
					windowStart: viewer.windowStart,
					windowEnd: viewer.windowEnd
				},
		grants,
		now,
		isoDay(now)
	);
	const sections: ReadonlySet<SectionKey> =
		mode === 'write' ? scope.write : new Set(scope.read.keys());
	const feature = opts.feature ?? 'ukendt';
	if (sections.size === 0) {
		await logDenied(db, {
			teamId: borger.teamId,
			borgerId: borger.id,
			actor: actorOf(viewer),
			feature
		});
		throw forbidden();
	}
	if (opts.log !== false) {
		const groups = byBasis(scope.read, sections).filter(
			(g) =>
				!opts.coalesce ||
				firstInWindow(
					`${viewer.kind === 'member' ? viewer.userId : viewer.guestId}|${borger.id}|${feature}|${mode}|${g.basis.kind}:${g.basis.id}`,
					now.getTime()
				)
		);
		await writeAccessLog(
			db,
			groups.map((g) => ({
				teamId: borger.teamId,
				borgerId: borger.id,
				actor: actorOf(viewer),
				action: mode,
				feature,
				categories: g.categories,
				basis: g.basis
			}))
		);
	}
	return {
		viewer,
		borger,
		sections,
		consent: scope.state,
		scope,
		onDenied: (section) =>
			void logDenied(db, {
				teamId: borger.teamId,
				borgerId: borger.id,
				actor: actorOf(viewer),
				feature: `${feature}#${section}`,
				categories: [section]
			})
	};
}

/** A member's access to one borger of their team, narrowed by consent, and logged. */
export async function resolveBorgerAccess(
	db: Executor,
	userId: string,
	borgerId: string,
	permission: Permission,
	opts: AccessOptions = {}
): Promise<BorgerAccess> {
	// The grants do not depend on the member's row, so both queries go out at once: one
	// round trip less on every record read and on every live edit whose access is not
	// cached. On local PostgreSQL the two reads took 0.82 ms instead of 1.13 (p50, 1,200
	// each, interleaved); PGlite runs them one after the other either way.
	const [row, grants] = await Promise.all([
		db
			.selectFrom('borger as b')
			.innerJoin('membership as m', (j) =>
				j
					.onRef('m.team_id', '=', 'b.team_id')
					.on('m.user_id', '=', userId)
					.on('m.deactivated_at', 'is', null)
			)
			.innerJoin('app_user as u', 'u.id', 'm.user_id')
			.select([
				'b.id',
				'b.team_id',
				'b.status',
				'b.version',
				'm.id as membership_id',
				'm.role',
				'u.name'
			])
			.where('b.id', '=', borgerId)
			.executeTakeFirst(),
		loadGrants(db, [borgerId])
	]);
	// Unknown borger and someone else's borger give the same answer.
	if (!row || !can(row.role, permission)) {
		// Attribute the attempt to the borger's own team, so its lead sees it in the log.
		const [who, target] = await Promise.all([
			db.selectFrom('app_user').select('name').where('id', '=', userId).executeTakeFirst(),
			row
				? Promise.resolve({ team_id: row.team_id })
				: db.selectFrom('borger').select('team_id').where('id', '=', borgerId).executeTakeFirst()
		]);
		await logDenied(db, {
			teamId: target?.team_id ?? null,
			borgerId,
			actor: { kind: 'member', userId, name: who?.name ?? 'ukendt' },
			feature: opts.feature ?? permission
		});
		throw forbidden();
	}
	const viewer: MemberViewer = {
		kind: 'member',
		userId,
		teamId: row.team_id,
		membershipId: row.membership_id,
		role: row.role,
		name: row.name
	};
	const borger = { id: row.id, teamId: row.team_id, status: row.status, version: row.version };
	return grantAccess(
		db,
		viewer,
		borger,
		grants.get(borgerId) ?? [],
		opts.mode ?? (WRITE_PERMISSIONS.has(permission) ? 'write' : 'read'),
		{
			...opts,
			feature: opts.feature ?? permission
		}
	);
}

/** A guest's read access to the one borger of their invitation (see ../guest). */
export async function resolveGuestBorgerAccess(
	db: Executor,
	viewer: GuestViewer,
	borgerId: string,
	opts: AccessOptions = {}
): Promise<BorgerAccess> {
	const [row, grants] = await Promise.all([
		db
			.selectFrom('borger')
			.select(['id', 'team_id', 'status', 'version'])
			.where('id', '=', borgerId)
			.where('team_id', '=', viewer.teamId)
			.executeTakeFirst(),
		loadGrants(db, [borgerId])
	]);
	if (!row) {
		await logDenied(db, {
			teamId: viewer.teamId,
			borgerId,
			actor: actorOf(viewer),
			feature: opts.feature ?? 'gaest'
		});
		throw forbidden();
	}
	const borger = { id: row.id, teamId: row.team_id, status: row.status, version: row.version };
	return grantAccess(db, viewer, borger, grants.get(borgerId) ?? [], 'read', {
		...opts,
		feature: opts.feature ?? 'gaest'
	});
}

/**
 * The board: scopes of many borgere of one team for one member, in two queries, and
 * one access-log row per borger shown (and basis).
 */
export async function resolveTeamScopes(
	db: Executor,
	member: { userId: string; name: string; role: TeamRole },
	teamId: string,
	borgerIds: readonly string[],
	opts: AccessOptions & { now?: Date } = {}
): Promise<Map<string, Scope>> {
	const now = opts.now ?? new Date();
	const today = isoDay(now);
	const grants = await loadGrants(db, borgerIds);
	const out = new Map<string, Scope>();
	const entries: AccessLogEntry[] = [];
	for (const id of borgerIds) {
		const scope = consentScope(
			{ kind: 'member', role: member.role },
			grants.get(id) ?? [],
			now,
			today
		);
		out.set(id, scope);
		for (const g of byBasis(scope.read)) {
			// The board refetches on every live change: one row per person, borger and basis
			// per minute is the same information without flooding the log.
			if (
				opts.coalesce &&
				!firstInWindow(
					`${member.userId}|${id}|${opts.feature ?? 'tavle'}|read|${g.basis.kind}:${g.basis.id}`,
					now.getTime()
				)
			)
				continue;
			entries.push({
				teamId,
				borgerId: id,
				actor: { kind: 'member', userId: member.userId, name: member.name },
				action: 'read',
				feature: opts.feature ?? 'tavle',
				categories: g.categories,
				basis: g.basis
			});
		}
	}
	if (opts.log !== false) await writeAccessLog(db, entries);
	return out;
}

/** A closed course is kept read-only. */
export function assertWritable(borger: BorgerRef): void {
	if (borger.status === 'afsluttet') {
		throw badRequest('Forløbet er afsluttet og kan kun læses.');
	}
}

export function assertSection(access: BorgerAccess, section: SectionKey): void {
	if (!access.sections.has(section)) {
		access.onDenied?.(section);
		throw forbidden();
	}
}

/** Sections of a BorgerAccess, for callers that only need to know what is visible. */
export function visibleSections(access: BorgerAccess): ReadonlySet<SectionKey> {
	return access.sections;
}

/**
 * An insight request (aktindsigt, GDPR art. 15): the borger is entitled to all their
 * data whatever they consented to share, so the export sees every section. Only for the
 * team lead (accesslog.view), and logged as an export.
 */
export async function resolveInsightAccess(
	db: Executor,
	userId: string,
	borgerId: string,
	now = new Date()
): Promise<BorgerAccess> {
	const member = await resolveBorgerAccess(db, userId, borgerId, 'accesslog.view', {
		log: false,
		mode: 'read',
		now
	});
	const all = new Set(SECTION_KEYS);
	await writeAccessLog(db, [
		{
			teamId: member.borger.teamId,
			borgerId,
			actor: actorOf(member.viewer),
			action: 'export',
			feature: 'aktindsigt',
			categories: [...all],
			basis: { kind: 'legal', id: null }
		}
	]);
	return { ...member, sections: all };
}
