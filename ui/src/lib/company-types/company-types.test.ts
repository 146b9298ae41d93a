import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import { CompanyTypesStore, companyCountLabel } from './company-types.svelte';

const TYPES = [
	{ id: 1, name: 'Customer', selected: true, company_count: 312 },
	{ id: 2, name: 'Partner', selected: false, company_count: 1 },
	{ id: 3, name: 'Prospect', selected: false, company_count: null }
];

describe('CompanyTypesStore', () => {
	it('ticks the saved selection and explains why Filter By Type cannot be pressed', async () => {
		fakeBackend(appStatus({ connectwiseConnected: true }), { company_types: () => TYPES });
		const store = new CompanyTypesStore();
		await store.load();

		expect([...store.ticked]).toEqual([1]);
		expect(store.blockedBecause).toBe('The selection is saved.');

		store.toggle(1, false);
		expect(store.blockedBecause).toMatch(/^Select at least one company type/);

		store.toggle(2, true);
		expect(store.blockedBecause).toBeNull();
	});

	it('saves the ticked types and takes the answer as the new saved state', async () => {
		const calls = fakeBackend(appStatus({ connectwiseConnected: true }), {
			company_types: () => TYPES,
			set_company_types: (args) =>
				TYPES.map((t) => ({
					...t,
					selected: (args as { typeIds: number[] }).typeIds.includes(t.id)
				}))
		});
		const store = new CompanyTypesStore();
		await store.load();
		store.toggle(2, true);

		await store.save();

		expect(calls.at(-1)).toEqual({ command: 'set_company_types', args: { typeIds: [1, 2] } });
		expect(store.savedMessage).toBe('Company types have been saved');
		expect(store.changed).toBe(false);
	});

	it('does not call the backend with nothing ticked, and shows a refusal', async () => {
		const calls = fakeBackend(appStatus({ connectwiseConnected: true }), {
			company_types: () => TYPES,
			set_company_types: () => {
				throw {
					kind: 'Validation',
					field: 'company_types',
					message: 'Select at least one company type.'
				};
			}
		});
		const store = new CompanyTypesStore();
		await store.load();
		store.toggle(1, false);
		await store.save();
		expect(calls.map((c) => c.command)).toEqual(['company_types']);

		store.toggle(3, true);
		await store.save();
		expect(store.saveError).toEqual({
			kind: 'Validation',
			field: 'company_types',
			message: 'Select at least one company type.'
		});
	});
});

describe('companyCountLabel', () => {
	it('counts companies in words, and says nothing when the type was never counted', () => {
		expect(companyCountLabel(TYPES[0])).toBe('312 companies');
		expect(companyCountLabel(TYPES[1])).toBe('1 company');
		expect(companyCountLabel({ ...TYPES[0], company_count: 12_500 })).toBe('12,500 companies');
		expect(companyCountLabel({ ...TYPES[0], company_count: 0 })).toBe('0 companies');
		expect(companyCountLabel(TYPES[2])).toBeNull();
	});
});
