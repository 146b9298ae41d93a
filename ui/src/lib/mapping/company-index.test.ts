import { describe, expect, it } from 'vitest';
import { makeCompanies } from '../../fixtures/mapping-data';
import { CompanyIndex, TOP_MATCHES } from './company-index';

const company = (id: number, name: string, identifier = name.toUpperCase().replace(/\W/g, '')) => ({
	id,
	name,
	identifier
});

describe('CompanyIndex', () => {
	const index = new CompanyIndex([
		company(1, 'Northwind Traders'),
		company(2, 'North Wind Traders', 'NWT'),
		company(3, 'Acme Inc'),
		company(4, 'Old North Bakery'),
		company(5, 'Müller Steuerberatung GmbH'),
		company(6, 'The Northwind Group'),
		company(7, 'Bright-Star Pty Ltd', 'BRIGHTSTAR')
	]);

	it('ranks exact, then prefix, then word prefix, then substring', () => {
		const names = index.search('northwind').map((m) => m.company.name);
		expect(names).toEqual(['Northwind Traders', 'The Northwind Group']);

		const north = index.search('north').map((m) => m.company.name);
		// Prefix of the name first (alphabetical), then a later word starting with it.
		expect(north).toEqual([
			'North Wind Traders',
			'Northwind Traders',
			'Old North Bakery',
			'The Northwind Group'
		]);
	});

	it('matches every word anywhere, ignoring case, accents and punctuation', () => {
		expect(index.search('muller').map((m) => m.company.id)).toEqual([5]);
		expect(index.search('bright star').map((m) => m.company.id)).toEqual([7]);
		expect(index.search('BRIGHTSTAR').map((m) => m.company.id)).toEqual([7]);
		expect(index.search('traders wind').map((m) => m.company.id)).toEqual([2, 1]);
		expect(index.search('zebra')).toEqual([]);
	});

	it('puts the suggestion first with its reason, when it matches the query', () => {
		const suggested = { companyId: 6, reason: 'similar: 0.91' };
		const all = index.search('', suggested);
		expect(all[0]).toEqual({
			company: company(6, 'The Northwind Group'),
			suggestedBecause: 'similar: 0.91'
		});
		expect(all.filter((m) => m.company.id === 6)).toHaveLength(1);
		expect(index.search('north', suggested)[0].company.id).toBe(6);
		expect(index.search('acme', suggested).map((m) => m.company.id)).toEqual([3]);
	});

	it('returns at most the top 50 of a large catalog', () => {
		const big = new CompanyIndex(makeCompanies(10_000));
		expect(big.size).toBe(10_000);
		const matches = big.search('acme');
		expect(matches).toHaveLength(TOP_MATCHES);
		expect(matches.every((m) => m.company.name.toLowerCase().includes('acme'))).toBe(true);
		expect(big.search('')).toHaveLength(TOP_MATCHES);
	});
});
