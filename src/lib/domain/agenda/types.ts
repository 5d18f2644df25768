import type { BoardRowStatus } from '../board';
import type { DateInput, IsoDate, ScalingLevel } from '../scaling';
import type { ClockTime } from './clock';
import type { AgendaMode, MeetingSettings } from './settings';

/** What the planner reads (the board, requests, carry-overs, guest slots) and what it proposes. */

/** The level fields the planner reads. */
export type PlannerLevel = Pick<ScalingLevel, 'key' | 'label' | 'cadenceDays' | 'onBoard' | 'rank'>;

/**
 * The status fields the planner reads; a `BoardRowStatus` fits as it is. Overdue days are
 * recomputed from `nextDue` for the meeting date, which may lie after the day the status
 * was computed.
 */
export interface PlannerStatus extends Pick<
	BoardRowStatus,
	'nextDue' | 'highestRisk' | 'flags' | 'priority'
> {
	level: PlannerLevel;
}

export interface PlannerBorger {
	id: string;
	name: string;
	status: PlannerStatus;
	/** All open tasks on the borger. */
	openTaskCount?: number;
	/** Open tasks whose deadline falls on or before the meeting date. */
	tasksDueBeforeMeeting?: number;
}

/** A member asks for a case before the meeting. */
export interface AgendaRequest {
	borgerId: string;
	reason: string;
	/** Display name (or initials) of the member. */
	requestedBy: string;
}

/** A case that was on an earlier agenda and not reached. */
export interface CarryOver {
	borgerId: string;
	fromMeetingDate: DateInput;
	reason: string;
}

/** An outer-wheel partner booked at a fixed clock time. */
export interface GuestSlot {
	/** Null for a partner's slot that is not about one borger. */
	borgerId: string | null;
	/** Who comes, e.g. 'Egen læge'. */
	guestLabel: string;
	at: ClockTime;
	/** Defaults to DEFAULT_GUEST_MINUTES. */
	minutes?: number;
}

export interface AgendaInput {
	meetingDate: DateInput;
	/** The team's active borgere (closed courses left out by the caller). */
	borgere: readonly PlannerBorger[];
	requests?: readonly AgendaRequest[];
	carryOver?: readonly CarryOver[];
	guestSlots?: readonly GuestSlot[];
	settings?: Partial<MeetingSettings>;
}

export type AgendaReasonKind =
	'risk' | 'overdue' | 'due' | 'requested' | 'carried_over' | 'tasks' | 'guest' | 'all_borgere';

export interface AgendaReason {
	kind: AgendaReasonKind;
	/** Danish text for the agenda. */
	label: string;
}

export interface PlannedItem {
	kind: 'fixed' | 'case' | 'guest';
	/** Unique within the plan: 'fixed:<key>', 'borger:<id>' or 'guest:<n>' (no borger). */
	key: string;
	borgerId?: string;
	title: string;
	minutes: number;
	start: ClockTime;
	end: ClockTime;
	/** Place in the planner's priority order, 1 = most urgent; 0 for fixed items. */
	priority: number;
	/** Most important first. Empty for fixed items. */
	reasons: AgendaReason[];
	/** Pinned to `bookedAt` (guest slots). */
	fixedTime?: boolean;
	bookedAt?: ClockTime;
	/** Minutes the pinned slot starts after `bookedAt`; 0 when the time is kept. */
	delayMinutes?: number;
	/** Who the guest is, e.g. 'Egen læge'. */
	guestLabel?: string;
	/** all_borgere mode: brief status or in-depth discussion. */
	depth?: 'brief' | 'in_depth';
	/** Fixed items: where the team's settings put them. */
	position?: 'start' | 'end';
}

export type NotPlacedWhy = 'no_time' | 'count_limit' | 'not_due';

export interface NotPlacedCase {
	borgerId: string;
	name: string;
	why: NotPlacedWhy;
	/** Danish: first why it is not on the agenda, then the reasons it could have been. */
	reasons: string[];
	/** The reasons the borger would have been on the agenda. */
	agendaReasons: AgendaReason[];
	/** The slot the case would have needed. */
	minutes: number;
}

export interface AgendaGap {
	start: ClockTime;
	end: ClockTime;
	minutes: number;
}

export interface AgendaPlan {
	meetingDate: IsoDate;
	mode: AgendaMode;
	startTime: ClockTime;
	/** Planned end of the meeting: start + length. */
	endTime: ClockTime;
	lengthMinutes: number;
	/** fixed_count: the number of cases; null in the other modes. */
	caseLimit: number | null;
	/** In agenda order, with clock times. */
	items: PlannedItem[];
	/** Most urgent first: by priority, then not due by next due date. */
	notPlaced: NotPlacedCase[];
	/** Sum of all slots. Compare with `lengthMinutes`. */
	totalMinutes: number;
	/** Minutes inside the meeting that no item uses (gaps and the time after the last item). */
	freeMinutes: number;
	/** Idle time between items, e.g. before a pinned guest slot. */
	gaps: AgendaGap[];
	/** Minutes the last item ends after the meeting's end; 0 when it fits. */
	overMinutes: number;
	/** Danish. `plannerWarnings` plus the ones derived from the current items. */
	warnings: string[];
	/** Danish warnings from planning itself (settings, unknown borgere). */
	plannerWarnings: string[];
}
