import { describe, expect, it } from 'vitest';
import { makeRows } from '../../fixtures/mapping-data';
import { countStates, filterRows, prepareRows } from './row-filter';

describe('row filter', () => {
	const rows = makeRows(40);
	const prepared = prepareRows(rows);

	it('counts rows per state', () => {
		expect(countStates(rows)).toEqual({
			all: 40,
			unmapped: 10,
			suggested: 10,
			mapped: 10,
			broken: 10
		});
	});

	it('keeps rows whose org, mapping, suggestion or reason holds every word', () => {
		const cancelled = filterRows(prepared, 'CANCELLED', 'all');
		expect(cancelled.length).toBe(10);
		expect(cancelled.every((r) => r.state === 'broken')).toBe(true);

		const target = rows[5];
		const byOrg = filterRows(prepared, target.org_name, 'all');
		expect(byOrg.map((r) => r.org_id)).toContain(target.org_id);
		expect(filterRows(prepared, 'managed services', 'mapped').length).toBe(10);
	});

	it('combines the query with the state chip and keeps the order', () => {
		const suggested = filterRows(prepared, '', 'suggested');
		expect(suggested.map((r) => r.org_id)).toEqual(
			rows.filter((r) => r.state === 'suggested').map((r) => r.org_id)
		);
		expect(filterRows(prepared, 'no such org at all', 'all')).toEqual([]);
	});
});
