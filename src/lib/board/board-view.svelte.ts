import { filterBoardRows, type BoardRow } from '$lib/domain/board';
import type { RiskLevel } from '$lib/domain/risk';
import type { BoardRowView } from '$lib/server/borger/board';

/**
 * Client state of the tavle: filters, and the two display modes. The modes are kept in
 * the browser (localStorage), because they belong to the screen (a wall screen stays in
 * big-screen privacy mode), not to the person.
 */
export class BoardView {
	query = $state('');
	caseManagerId = $state<string | null>(null);
	levelKeys = $state<string[]>([]);
	minRisk = $state<RiskLevel | null>(null);
	overdueOnly = $state(false);
	bigScreen = $state(false);
	privacy = $state(false);

	#rows: () => BoardRowView[];

	constructor(rows: () => BoardRowView[]) {
		this.#rows = rows;
	}

	/** Rows after filtering, in the board's own order (risk, overdue, level, name). */
	visible = $derived.by(() => {
		const rows = this.#rows().map((r) => ({ ...r, status: r.board }) as BoardRowView & BoardRow);
		return filterBoardRows(rows, {
			query: this.query,
			caseManagerId: this.caseManagerId,
			levelKeys: this.levelKeys,
			minRisk: this.minRisk,
			overdueOnly: this.overdueOnly
		});
	});

	get filtered(): boolean {
		return Boolean(
			this.query || this.caseManagerId || this.levelKeys.length || this.minRisk || this.overdueOnly
		);
	}

	clear() {
		this.query = '';
		this.caseManagerId = null;
		this.levelKeys = [];
		this.minRisk = null;
		this.overdueOnly = false;
	}

	load() {
		try {
			const saved = JSON.parse(localStorage.getItem('tavla:board-modes') ?? '{}');
			this.bigScreen = saved.bigScreen === true;
			this.privacy = saved.privacy === true;
		} catch {
			// Corrupt storage: keep defaults.
		}
	}

	save() {
		localStorage.setItem(
			'tavla:board-modes',
			JSON.stringify({ bigScreen: this.bigScreen, privacy: this.privacy })
		);
	}
}
