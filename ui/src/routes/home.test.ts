import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appStatus, fakeBackend } from '../fixtures/backend';
import { AppStatusStore, appStatusContextKey } from '$lib/status/app-status.svelte';
import Home from './+page.svelte';

const navigation = vi.hoisted(() => ({
	goto: vi.fn<(to: string, opts?: object) => Promise<void>>()
}));
vi.mock('$app/navigation', () => navigation);

async function renderHome() {
	const store = new AppStatusStore();
	await store.load();
	return render(Home, { context: new Map([[appStatusContextKey, store]]) });
}

describe('home route', () => {
	beforeEach(() => {
		navigation.goto.mockReset().mockResolvedValue(undefined);
	});

	it('shows first run while nothing is connected and leads to Connections', async () => {
		fakeBackend(appStatus());
		const { container } = await renderHome();

		expect(container.querySelector('[data-page="first-run"]')).toBeInTheDocument();
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome to Highwater');
		const start = screen.getByRole('link', { name: 'Connect your services' });
		expect(start).toHaveAttribute('id', 'start-setup');
		expect(start).toHaveAttribute('href', '/connections');
		expect(navigation.goto).not.toHaveBeenCalled();
	});

	it.each([
		['ConnectWise', { connectwiseConnected: true }],
		['JumpCloud', { jumpcloudConnected: true }]
	])('goes on to Companies & Agreements once %s is connected', async (_, connected) => {
		fakeBackend(appStatus(connected));
		const { container } = await renderHome();

		expect(navigation.goto).toHaveBeenCalledWith('/companies', { replaceState: true });
		expect(container.querySelector('[data-page="first-run"]')).toBeNull();
	});

	it('still offers first run when the status cannot be read', async () => {
		fakeBackend(appStatus(), { app_status: null });
		const { container } = await renderHome();

		expect(container.querySelector('[data-page="first-run"]')).toBeInTheDocument();
		expect(navigation.goto).not.toHaveBeenCalled();
	});
});
