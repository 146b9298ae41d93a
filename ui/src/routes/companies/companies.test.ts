import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend, type CommandHandler } from '../../fixtures/backend';
import { makeCompanies } from '../../fixtures/mapping-data';
import type { MappingRow, MappingView } from '$lib/ipc/client';
import { AppStatusStore, appStatusContextKey } from '$lib/status/app-status.svelte';
import Companies from './+page.svelte';

const unmapped: MappingRow = {
	org_id: 'org-1',
	org_name: 'Northwind',
	state: 'suggested',
	mapping: null,
	reason: null,
	suggestion: {
		company_id: 19_001,
		company_name: 'Northwind Traders',
		identifier: 'NORTHWIND',
		reason: 'exact after normalising',
		score: 1,
		ambiguous: false,
		agreement_id: null,
		addition_id: null
	},
	user_count: null,
	users_sampled_at: null
};
const mapped: MappingRow = {
	org_id: 'org-2',
	org_name: 'Acme',
	state: 'mapped',
	mapping: {
		company_id: 19_002,
		company_name: 'Acme Inc',
		agreement_id: 70,
		agreement_name: 'Acme - Managed',
		addition_id: 90,
		addition_name: 'JC-USER'
	},
	reason: null,
	suggestion: null,
	user_count: 40,
	users_sampled_at: '2026-12-04T08:00:00.000Z'
};

async function renderPage(handlers: Record<string, CommandHandler>, rows: () => MappingRow[]) {
	const calls = fakeBackend(appStatus({ connectwiseConnected: true, jumpcloudConnected: true }), {
		mapping_rows: () => ({ rows: rows(), catalog_refreshed_at: '2026-12-04T09:00:00Z' }),
		list_companies: () => ({
			items: [
				{ id: 19_001, identifier: 'NORTHWIND', name: 'Northwind Traders' },
				{ id: 19_002, identifier: 'ACME', name: 'Acme Inc' },
				...makeCompanies(500).filter((c) => c.id > 19_002)
			],
			refreshed_at: null
		}),
		...handlers
	});
	const store = new AppStatusStore();
	await store.load();
	const view = render(Companies, { context: new Map([[appStatusContextKey, store]]) });
	await screen.findByRole('button', { name: 'Configure Northwind' });
	return { calls, ...view };
}

describe('Companies & Agreements', () => {
	it('shows the recorded user counts without asking JumpCloud, and refreshes them on demand', async () => {
		let rows = [unmapped, mapped];
		const user = userEvent.setup();
		const { calls, container } = await renderPage(
			{
				user_counts: () => {
					rows = [
						{ ...unmapped, user_count: 12, users_sampled_at: '2026-12-04T10:00:00.000Z' },
						{ ...mapped, user_count: 1234, users_sampled_at: '2026-12-04T10:00:00.000Z' }
					];
					return [
						{ org_id: 'org-1', user_count: 12, error: null },
						{ org_id: 'org-2', user_count: null, error: 'JumpCloud timed out' }
					];
				}
			},
			() => rows
		);

		const cell = (org: string) =>
			container.querySelector(`[data-org-id="${org}"] .num`) as HTMLElement;
		expect(cell('org-2')).toHaveTextContent('40');
		expect(cell('org-1')).toHaveTextContent('—');
		expect(cell('org-1')).toHaveAttribute('title', 'Not read from JumpCloud yet');
		expect(calls.some((c) => c.command === 'user_counts')).toBe(false);
		expect(container.querySelector('#users-read')).not.toHaveTextContent('never');

		const rowReads = calls.filter((c) => c.command === 'mapping_rows').length;
		await user.click(screen.getByRole('button', { name: 'Refresh user counts' }));

		await waitFor(() => expect(cell('org-1')).toHaveTextContent('12'));
		expect(cell('org-2')).toHaveTextContent('1,234');
		expect(calls.filter((c) => c.command === 'user_counts')).toHaveLength(1);
		expect(calls.filter((c) => c.command === 'mapping_rows').length).toBe(rowReads + 1);
		expect(container.querySelector('#user-count-error')).toHaveTextContent(
			'JumpCloud did not return the users of 1 organization.'
		);
	});

	it('lists rows with users, state chips with counts and the filter', async () => {
		const user = userEvent.setup();
		const { container } = await renderPage({}, () => [unmapped, mapped]);

		await waitFor(() =>
			expect(container.querySelector('[data-org-id="org-2"]')).toHaveTextContent('40')
		);
		expect(container.querySelector('#chip-all')).toHaveTextContent('All 2');
		expect(container.querySelector('#chip-suggested')).toHaveTextContent('Suggested 1');
		expect(container.querySelector('[data-org-id="org-1"]')).toHaveTextContent(
			'Northwind Traders · exact after normalising'
		);

		await user.type(screen.getByLabelText('Filter organizations'), 'managed');
		expect(container.querySelector('[data-org-id="org-1"]')).toBeNull();
		expect(container.querySelector('[data-org-id="org-2"]')).not.toBeNull();

		await user.clear(screen.getByLabelText('Filter organizations'));
		await user.click(container.querySelector('#chip-suggested') as HTMLElement);
		expect(container.querySelector('#chip-suggested')).toHaveAttribute('aria-pressed', 'true');
		expect(container.querySelector('[data-org-id="org-2"]')).toBeNull();
	});

	it('configures a mapping with the keyboard through the cascading pickers', async () => {
		let rows = [unmapped, mapped];
		const user = userEvent.setup();
		const { calls, container } = await renderPage(
			{
				list_agreements: () => ({
					items: [{ id: 71, name: 'Northwind - Managed', type_name: 'Managed Services' }],
					refreshed_at: null
				}),
				list_additions: () => ({
					items: [
						{
							id: 91,
							product: 'JC-USER',
							description: 'JumpCloud user',
							quantity: 10,
							unit_cost: 3,
							unit_price: 6
						},
						{
							id: 92,
							product: 'BACKUP',
							description: null,
							quantity: 1,
							unit_cost: null,
							unit_price: null
						}
					],
					refreshed_at: null
				}),
				save_mapping: () => {
					rows = [
						{
							...unmapped,
							state: 'mapped',
							suggestion: null,
							mapping: { ...(mapped.mapping as MappingView), company_name: 'Northwind Traders' }
						},
						mapped
					];
					return {
						message: 'Agreements have been saved',
						org_id: 'org-1',
						mapping: rows[0].mapping
					};
				}
			},
			() => rows
		);

		await user.click(screen.getByRole('button', { name: 'Configure Northwind' }));
		const dialog = container.querySelector('#mapping-dialog') as HTMLDialogElement;
		expect(dialog.open).toBe(true);
		// The suggestion is preselected; its only active agreement follows.
		await waitFor(() => expect(screen.getByLabelText('Agreement')).toHaveValue('71'));
		expect(screen.getByLabelText('Company')).toHaveValue('Northwind Traders');

		// Search again with the keyboard: the suggestion is listed first with its reason.
		const picker = screen.getByLabelText('Company');
		await user.clear(picker);
		await user.type(picker, 'north');
		const listbox = container.querySelector('#company-listbox') as HTMLElement;
		const first = within(listbox).getAllByRole('option')[0];
		expect(first).toHaveTextContent('Suggested: exact after normalising');
		expect(within(listbox).getAllByRole('option').length).toBeLessThanOrEqual(50);
		await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
		expect(picker).toHaveValue('Northwind Traders');
		expect(listbox).not.toBeVisible();

		await waitFor(() => expect(screen.getByLabelText('Product addition')).not.toBeDisabled());
		await user.selectOptions(screen.getByLabelText('Product addition'), '91');
		await user.click(screen.getByRole('button', { name: 'Save' }));

		expect(await screen.findByText('Agreements have been saved')).toBeInTheDocument();
		expect(dialog.open).toBe(false);
		expect(calls.find((c) => c.command === 'save_mapping')?.args).toEqual({
			orgId: 'org-1',
			choice: { companyId: 19_001, agreementId: 71, additionId: 91 }
		});
		await waitFor(() =>
			expect(container.querySelector('[data-org-id="org-1"]')).toHaveAttribute(
				'data-state',
				'mapped'
			)
		);
	});

	it('shows a refused save at the picker it names', async () => {
		const user = userEvent.setup();
		const { container } = await renderPage(
			{
				list_agreements: () => ({
					items: [{ id: 70, name: 'Acme - Managed', type_name: null }],
					refreshed_at: null
				}),
				list_additions: () => ({
					items: [
						{
							id: 90,
							product: 'JC-USER',
							description: null,
							quantity: 3,
							unit_cost: null,
							unit_price: null
						}
					],
					refreshed_at: null
				}),
				save_mapping: () => {
					throw {
						kind: 'Validation',
						field: 'addition',
						message: 'Addition 90 was cancelled on 2026-11-30.'
					};
				}
			},
			() => [unmapped, mapped]
		);

		await user.click(screen.getByRole('button', { name: 'Edit Acme' }));
		await waitFor(() => expect(screen.getByLabelText('Product addition')).toHaveValue('90'));
		await user.click(screen.getByRole('button', { name: 'Save' }));

		expect(await screen.findByText('Addition 90 was cancelled on 2026-11-30.')).toHaveAttribute(
			'id',
			'map-addition-error'
		);
		expect((container.querySelector('#mapping-dialog') as HTMLDialogElement).open).toBe(true);
	});

	it('disables a mapping only after confirming that syncing stops', async () => {
		let rows = [unmapped, mapped];
		const user = userEvent.setup();
		const { calls, container } = await renderPage(
			{
				disable_mapping: () => {
					rows = [unmapped, { ...mapped, state: 'unmapped', mapping: null }];
					return { org_id: 'org-2', was_mapped: true };
				}
			},
			() => rows
		);

		await user.click(screen.getByRole('button', { name: 'Disable Acme' }));
		const dialog = container.querySelector('#disable-mapping-dialog') as HTMLDialogElement;
		expect(dialog).toHaveTextContent('stops syncing');
		expect(calls.some((c) => c.command === 'disable_mapping')).toBe(false);
		await user.click(within(dialog).getByRole('button', { name: 'Disable' }));

		expect(await screen.findByText('Acme is no longer synced.')).toBeInTheDocument();
		expect(calls.find((c) => c.command === 'disable_mapping')?.args).toEqual({ orgId: 'org-2' });
		await waitFor(() =>
			expect(container.querySelector('[data-org-id="org-2"]')).toHaveAttribute(
				'data-state',
				'unmapped'
			)
		);
	});

	it('accepts the reviewed suggestions and lists each outcome', async () => {
		const user = userEvent.setup();
		const { calls } = await renderPage(
			{
				accept_suggestions: () => [
					{
						org_id: 'org-1',
						status: 'applied',
						mapping: null,
						message: 'Agreements have been saved (exact after normalising)'
					}
				]
			},
			() => [unmapped, mapped]
		);

		await user.click(screen.getByRole('button', { name: 'Accept all suggestions (1)' }));
		expect(screen.getByRole('checkbox', { name: /Northwind → Northwind Traders/ })).toBeChecked();
		await user.click(screen.getByRole('button', { name: 'Accept 1 suggestion' }));

		expect(await screen.findByText('1 of 1 suggestions were saved.')).toBeInTheDocument();
		expect(calls.find((c) => c.command === 'accept_suggestions')?.args).toEqual({
			orgIds: ['org-1']
		});
	});
});

describe('first load', () => {
	it('fills the company cache before reading the rows, so suggestions can be ranked', async () => {
		const { calls } = await renderPage({}, () => [unmapped, mapped]);
		const order = calls.map((c) => c.command).filter((c) => c !== 'app_status');
		expect(order.slice(0, 2)).toEqual(['list_companies', 'mapping_rows']);
	});
});
