import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import { CompanyTypesStore } from './company-types.svelte';

const TYPES = [
	{ id: 1, name: 'Customer', selected: true },
	{ id: 2, name: 'Partner', selected: false },
	{ id: 3, name: 'Prospect', selected: false }
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
