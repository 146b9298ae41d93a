import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import { AppStatusStore, appStatusContextKey } from '$lib/status/app-status.svelte';
import Settings from './+page.svelte';

async function renderSettings() {
	const store = new AppStatusStore();
	await store.load();
	const view = render(Settings, { context: new Map([[appStatusContextKey, store]]) });
	return { store, ...view };
}

describe('settings page', () => {
	it('shows the version and the data folder', async () => {
		fakeBackend(appStatus({ version: '0.4.2', dataDir: '/var/lib/highwater' }));
		const { container } = await renderSettings();

		expect(container.querySelector('[data-page="settings"]')).toBeInTheDocument();
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings');
		expect(container.querySelector('#app-version')).toHaveTextContent('0.4.2');
		expect(container.querySelector('#data-dir')).toHaveTextContent('/var/lib/highwater');
		expect(container.querySelector('#settings-store-error')).toBeNull();
	});

	it('says why the data store could not be opened', async () => {
		fakeBackend(appStatus({ storeError: 'disk is full' }));
		const { container } = await renderSettings();

		expect(container.querySelector('#settings-store-error')).toHaveTextContent(
			'Could not be opened: disk is full'
		);
	});

	it('pauses and resumes background work through set_background_paused', async () => {
		const calls = fakeBackend(appStatus());
		const { store } = await renderSettings();
		const user = userEvent.setup();

		await user.click(screen.getByRole('button', { name: 'Pause background work' }));
		expect(await screen.findByRole('button', { name: 'Resume background work' })).toBeEnabled();
		expect(store.current?.backgroundPaused).toBe(true);

		await user.click(screen.getByRole('button', { name: 'Resume background work' }));
		expect(await screen.findByRole('button', { name: 'Pause background work' })).toBeEnabled();

		expect(calls.filter((call) => call.command === 'set_background_paused')).toEqual([
			{ command: 'set_background_paused', args: { paused: true } },
			{ command: 'set_background_paused', args: { paused: false } }
		]);
	});

	it('shows a failed toggle next to the button, by kind, and keeps the state', async () => {
		fakeBackend(appStatus(), {
			set_background_paused: () => {
				throw { kind: 'Store', message: 'database is locked' };
			}
		});
		await renderSettings();
		const user = userEvent.setup();

		await user.click(screen.getByRole('button', { name: 'Pause background work' }));

		const alert = await screen.findByRole('alert');
		expect(alert).toHaveAttribute('data-kind', 'Store');
		expect(alert).toHaveTextContent('database is locked');
		expect(screen.getByRole('button', { name: 'Pause background work' })).toBeEnabled();
	});
});
