/**
 * Agenda planner for the weekly tavlemøde: proposes the next meeting's agenda from the
 * board. Pure module: no I/O and no clock reads; the meeting date is always an input.
 *
 * `planAgenda(input: AgendaInput) → AgendaPlan`. Input: the active borgere with their board
 * status (`PlannerBorger`; a `BoardRowStatus` from board.ts fits `status` as it is),
 * members' requests, carry-overs from the last meeting, guest slots at fixed clock times,
 * the meeting date and the settings (settings.ts). Output: the ordered items with clock
 * times, what did not fit and why (in Danish), the sum of the slots against the meeting
 * length, free minutes, over-time and warnings. The meeting leader then edits the list
 * (edit.ts).
 *
 * ## Priority (highest first)
 * 1. Guest slots: an outer-wheel partner is booked at a clock time, so the slot is always
 *    placed and never counts against a fixed number of cases.
 * 2. High risk (*høj* in any current category), highest-risk borgere first.
 * 3. Carried over: the team already decided the case needed discussion and did not reach it.
 * 4. Requested by a member before the meeting (any member may add a borger).
 * 5. Overdue by cadence on the meeting date, most overdue first.
 * 6. Due by cadence at this meeting.
 * 7. Open tasks with a deadline before the meeting (open tasks carry over).
 * 8. all_borgere mode only: everyone else on the board, so all borgere are reviewed.
 * A borger's place is decided by its highest reason. Ties: `BoardRowStatus.priority`
 * (risk, overdue days, level), then name in Danish order, then id. A borger appears once,
 * with every reason merged into one item.
 *
 * ## Fitting
 * Guest slots are pinned at their clock time (two guests that overlap: the later one waits).
 * The 'start' fixed items come first, then cases in priority order: each case takes the
 * earliest free time after the start items that holds it whole, so a case that would
 * overlap a pinned slot is moved after it, and a shorter, lower-priority case may fill the
 * gap before it. Cases must end before the 'end' fixed items, which close the meeting.
 * Gaps that stay empty are reported as free minutes.
 * - `fixed_count`: at most `caseCount` cases (guest slots excluded). When that many cases at
 *   `defaultCaseMinutes` do not fit, the case slot is shortened (not below
 *   `MIN_FITTED_CASE_MINUTES`) with a warning: the fixed number is the team's promise.
 * - `all_borgere`: every borger on the board gets a slot, in depth (`inDepthMinutes`) for the
 *   unstable ones (level with `onBoard`, or high risk), brief (`briefCaseMinutes`) for the
 *   rest. When time runs out, the lowest-priority in-depth slots are shortened to brief
 *   first; only if even brief slots do not fit are the lowest-priority borgere left out.
 * - `cadence_due`: every borger with a reason (due, overdue, risk, request, carry-over,
 *   tasks) at `defaultCaseMinutes`; what does not fit is left out, lowest priority first.
 * Whatever is left out is listed in `notPlaced` with why ('no_time', 'count_limit',
 * 'not_due') and Danish reasons, most urgent first.
 */
import { addDays, format, parseISO } from 'date-fns';
import { toIsoDate, type IsoDate } from '../scaling';
import { formatClockTime, parseClockTime } from './clock';
import { resolveMeetingSettings, validateMeetingSettings, type MeetingSettings } from './settings';
import {
	groupByKnownBorger,
	notPlacedCases,
	pinGuests,
	rankCandidates,
	selectCases
} from './candidates';
import { fitCases, frameTimeline, layoutPlan, timedItems } from './timeline';
import type { AgendaInput, AgendaPlan, PlannerBorger } from './types';

/** The team's settings with the defaults filled in; throws RangeError when they are invalid. */
function checkedSettings(partial: AgendaInput['settings']): MeetingSettings {
	const settings = resolveMeetingSettings(partial);
	const errors = validateMeetingSettings(settings);
	if (errors.length > 0) throw new RangeError(errors.join(' '));
	return settings;
}

/** The last next-due date that still counts as due at this meeting. */
function dueLimit(meetingDate: IsoDate, leadDays: number): IsoDate {
	return leadDays === 0
		? meetingDate
		: format(addDays(parseISO(meetingDate), leadDays), 'yyyy-MM-dd');
}

function indexBorgere(borgere: readonly PlannerBorger[]): Map<string, PlannerBorger> {
	const byId = new Map<string, PlannerBorger>();
	for (const borger of borgere) {
		if (byId.has(borger.id)) {
			throw new RangeError(`Borgeren ${borger.id} står mere end én gang i listen.`);
		}
		byId.set(borger.id, borger);
	}
	return byId;
}

/** Propose the agenda for one meeting. Throws RangeError on invalid settings or dates. */
export function planAgenda(input: AgendaInput): AgendaPlan {
	const settings = checkedSettings(input.settings);
	const meetingDate = toIsoDate(input.meetingDate);
	const limit = dueLimit(meetingDate, settings.dueLeadDays);
	const startClock = parseClockTime(settings.startTime);
	const warnings: string[] = [];

	const byId = indexBorgere(input.borgere);
	const requests = groupByKnownBorger(
		input.requests ?? [],
		byId,
		warnings,
		(id) => `Et ønske om en sag gælder en ukendt eller afsluttet borger (${id}).`
	);
	const carryOver = groupByKnownBorger(
		input.carryOver ?? [],
		byId,
		warnings,
		(id) => `En overført sag gælder en ukendt eller afsluttet borger (${id}).`
	);
	const pins = pinGuests(input.guestSlots ?? [], byId, startClock, warnings);
	const candidates = rankCandidates(input.borgere, pins, {
		meetingDate,
		meetingDay: parseISO(meetingDate),
		dueLimit: limit,
		requests,
		carryOver,
		guests: pins.byBorger
	});

	const selection = selectCases(candidates, settings);
	const frame = frameTimeline(selection.guests, settings);
	const fit = fitCases(selection.selected, frame.window, settings, warnings);

	return layoutPlan({
		meetingDate,
		mode: settings.mode,
		startTime: formatClockTime(startClock),
		endTime: formatClockTime(startClock + settings.lengthMinutes),
		lengthMinutes: settings.lengthMinutes,
		caseLimit: settings.mode === 'fixed_count' ? settings.caseCount : null,
		items: timedItems(selection, frame, fit),
		notPlaced: notPlacedCases(selection, fit, settings),
		plannerWarnings: warnings
	});
}
