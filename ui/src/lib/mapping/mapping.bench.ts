// Per-keystroke cost at the scale the issue names: filtering 5,000 mapping rows and searching
// 10,000 companies, each measured as typing a query one character at a time.
import { bench, describe } from 'vitest';
import { makeCompanies, makeRows } from '../../fixtures/mapping-data';
import { CompanyIndex } from './company-index';
import { filterRows, prepareRows } from './row-filter';

const rows = prepareRows(makeRows(5_000));
const index = new CompanyIndex(makeCompanies(10_000));
const typed = 'northwind dental';
const keystrokes = Array.from({ length: typed.length }, (_, i) => typed.slice(0, i + 1));
let k = 0;

describe('per keystroke', () => {
	bench('filter 5,000 rows', () => {
		filterRows(rows, keystrokes[k++ % keystrokes.length], 'all');
	});

	bench('search 10,000 companies (top 50)', () => {
		index.search(keystrokes[k++ % keystrokes.length], { companyId: 19_005, reason: 'prefix' });
	});
});
