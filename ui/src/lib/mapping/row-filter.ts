/**
 * The Companies & Agreements table's in-memory filter: rows are prepared once (one folded text per
 * row), then each keystroke is a pass of substring checks, fast enough for 5,000 rows.
 */
import type { MappingRow, RowState } from '$lib/ipc/client';
import { fold, queryTerms } from './search-text';

export type StateFilter = RowState | 'all';

export const STATE_ORDER: readonly RowState[] = ['unmapped', 'suggested', 'mapped', 'broken'];

export interface PreparedRow {
	row: MappingRow;
	/** Org name, mapping names, suggestion and broken reason, folded. */
	text: string;
}

export function prepareRows(rows: readonly MappingRow[]): PreparedRow[] {
	return rows.map((row) => ({
		row,
		text: fold(
			[
				row.org_name,
				row.mapping?.company_name,
				row.mapping?.agreement_name,
				row.mapping?.addition_name,
				row.suggestion?.company_name,
				row.reason
			]
				.filter(Boolean)
				.join(' ')
		)
	}));
}

/** Rows in `state` (or all) whose text contains every word of `query`, in the given order. */
export function filterRows(
	prepared: readonly PreparedRow[],
	query: string,
	state: StateFilter
): MappingRow[] {
	const terms = queryTerms(query);
	const out: MappingRow[] = [];
	for (const entry of prepared) {
		if (state !== 'all' && entry.row.state !== state) continue;
		if (terms.every((term) => entry.text.includes(term))) out.push(entry.row);
	}
	return out;
}

/** How many rows are in each state, and in all. */
export function countStates(rows: readonly MappingRow[]): Record<StateFilter, number> {
	const counts: Record<StateFilter, number> = {
		all: rows.length,
		unmapped: 0,
		suggested: 0,
		mapped: 0,
		broken: 0
	};
	for (const row of rows) counts[row.state] += 1;
	return counts;
}
