import { render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../fixtures/backend';
import type { AppStatus } from '$lib/ipc/client';
import { AppStatusStore, appStatusContextKey } from '$lib/status/app-status.svelte';
import Activity from './activity/+page.svelte';
import Companies from './companies/+page.svelte';
import Connections from './connections/+page.svelte';
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
	it('shows each service card with its state and what connecting asks for', async () => {
		const { container } = await renderWith(Connections, appStatus({ jumpcloudConnected: true }));

		expect(container.querySelector('[data-page="connections"]')).toBeInTheDocument();
		const connectwise = container.querySelector('#service-connectwise');
		const jumpcloud = container.querySelector('#service-jumpcloud');
		expect(connectwise).toHaveAttribute('data-connected', 'false');
		expect(connectwise).toHaveTextContent('Not connected');
		for (const asked of ['Site', 'Company ID', 'Public and private API key']) {
			expect(connectwise).toHaveTextContent(asked);
		}
		expect(jumpcloud).toHaveAttribute('data-connected', 'true');
		expect(container.querySelector('#service-jumpcloud-state')).toHaveTextContent('Connected');
		for (const asked of ['API key', 'Region']) {
			expect(jumpcloud).toHaveTextContent(asked);
		}
	});
});
