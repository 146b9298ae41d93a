import { render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../fixtures/backend';
import type { AppStatus } from '$lib/ipc/client';
import { AppStatusStore, appStatusContextKey } from '$lib/status/app-status.svelte';
import Activity from './activity/+page.svelte';
import Companies from './companies/+page.svelte';
import Connections from './connections/+page.svelte';
import CompanyTypes from './companies/types/+page.svelte';
import Ticketing from './ticketing/+page.svelte';

async function renderWith(page: Component, status: AppStatus) {
	fakeBackend(status);
	const store = new AppStatusStore();
	await store.load();
	return render(page, { context: new Map([[appStatusContextKey, store]]) });
}

const SERVICE_PAGES = [
	['companies', Companies, 'Companies & Agreements'],
	['ticketing', Ticketing, 'Ticketing'],
	['activity', Activity, 'Activity']
] as const;

describe.each(SERVICE_PAGES)('%s page', (id, page, title) => {
	it('says which services are not connected yet and links to Connections', async () => {
		const { container } = await renderWith(page, appStatus());

		expect(container.querySelector(`[data-page="${id}"]`)).toBeInTheDocument();
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(title);
		const notice = container.querySelector('#not-connected');
		expect(notice).toHaveTextContent('ConnectWise Manage and JumpCloud are not connected yet.');
		expect(screen.getByRole('link', { name: 'Go to Connections' })).toHaveAttribute(
			'href',
			'/connections'
		);
	});

	it('names only the service still missing', async () => {
		const { container } = await renderWith(page, appStatus({ connectwiseConnected: true }));

		expect(container.querySelector('#not-connected')).toHaveTextContent(
			'JumpCloud is not connected yet.'
		);
	});

	it('drops the notice once both services are connected', async () => {
		const { container } = await renderWith(
			page,
			appStatus({ connectwiseConnected: true, jumpcloudConnected: true })
		);

		expect(container.querySelector('#not-connected')).toBeNull();
	});
});

describe('connections page', () => {
	it('offers both forms while nothing is connected, and the demo tenant', async () => {
		const { container } = await renderWith(Connections, appStatus());

		expect(container.querySelector('[data-page="connections"]')).toBeInTheDocument();
		expect(await screen.findByLabelText('Site')).toBeInTheDocument();
		expect(screen.getByLabelText('Company ID')).toBeInTheDocument();
		expect(screen.getByLabelText('Public key')).toHaveAttribute('type', 'password');
		expect(screen.getByLabelText('Private key')).toHaveAttribute('type', 'password');
		expect(container.querySelector('#cw-submit')).toHaveTextContent('Verify and Save');
		expect(container.querySelector('#cw-submit')).toBeDisabled();
		expect(container.querySelector('#cw-submit-why')).toHaveTextContent('both keys');
		expect(screen.getByLabelText('API key')).toBeInTheDocument();
		expect(screen.getByLabelText('Region')).toHaveValue('us');
		expect(screen.getByRole('button', { name: 'Explore with a demo tenant' })).toBeInTheDocument();
	});

	it('shows saved connections with key hints only, never the keys', async () => {
		const { container } = await renderWith(
			Connections,
			appStatus({ connectwiseConnected: true, jumpcloudConnected: true })
		);

		const facts = await screen.findByText('na.myconnectwise.net');
		expect(facts).toHaveAttribute('id', 'cw-saved-site');
		expect(container.querySelector('#cw-facts')).toHaveTextContent('set, ends in …7f2a');
		expect(container.querySelector('#jc-key-hint')).toHaveTextContent('set, ends in …91cd');
		expect(container.querySelector('input[type="password"]')).toBeNull();
		expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
		expect(
			screen.getByRole('button', { name: 'Disable Integration & Clear Data' })
		).toBeInTheDocument();
	});
});

describe('company types page', () => {
	it('shows each type with its number of companies', async () => {
		const status = appStatus({ connectwiseConnected: true });
		fakeBackend(status, {
			company_types: () => [
				{ id: 1, name: 'Customer', selected: true, company_count: 312 },
				{ id: 4, name: 'Partner', selected: false, company_count: 1 },
				{ id: 9, name: 'Vendor', selected: false, company_count: null }
			]
		});
		const store = new AppStatusStore();
		await store.load();
		const { container } = render(CompanyTypes, {
			context: new Map([[appStatusContextKey, store]])
		});

		const customer = await screen.findByLabelText(/^Customer/);
		expect(customer).toBeChecked();
		expect(container.querySelector('[data-type-id="1"]')).toHaveTextContent(
			'Customer — 312 companies'
		);
		expect(container.querySelector('[data-type-id="4"]')).toHaveTextContent('Partner — 1 company');
		expect(container.querySelector('[data-type-id="9"]')?.textContent?.trim()).toBe('Vendor');
	});
});
