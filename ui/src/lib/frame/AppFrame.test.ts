import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import { AppStatusStore } from '$lib/status/app-status.svelte';
import AppFrame from './AppFrame.svelte';

const pageBody = createRawSnippet(() => ({ render: () => '<h1>Body</h1>' }));

async function renderFrame(store: AppStatusStore) {
	await store.load();
	return render(AppFrame, { pathname: '/settings', store, children: pageBody });
}

describe('AppFrame', () => {
	it('has a skip link to the main area and the status line in its header', async () => {
		fakeBackend(appStatus({ connectwiseConnected: true, backgroundPaused: true }));
		const { container } = await renderFrame(new AppStatusStore());

		expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute(
			'href',
			'#main-content'
		);
		expect(screen.getByRole('main')).toHaveAttribute('id', 'main-content');
		const line = container.querySelector('#status-line');
		expect(line).toHaveTextContent('ConnectWise: connected');
		expect(line).toHaveTextContent('JumpCloud: not connected');
		expect(line).toHaveTextContent('Background work: paused');
		expect(container.querySelector('#demo-badge')).toBeNull();
	});

	it('reports a data store the backend could not open', async () => {
		fakeBackend(appStatus({ storeError: 'database was written by a newer Highwater (schema 7)' }));
		const { container } = await renderFrame(new AppStatusStore());

		expect(container.querySelector('#store-error')).toHaveTextContent(
			'Data store unavailable: database was written by a newer Highwater (schema 7)'
		);
	});

	it('shows the DEMO badge while connected to the demo tenant', async () => {
		fakeBackend(appStatus({ demo: true, connectwiseConnected: true, jumpcloudConnected: true }));
		const { container } = await renderFrame(new AppStatusStore());

		expect(container.querySelector('#demo-badge')).toHaveTextContent('Demo');
		expect(screen.getByRole('button', { name: 'Leave demo' })).toHaveAttribute(
			'id',
			'header-demo-leave'
		);
	});

	it('explains a failed status read by kind and retries on request', async () => {
		let failing = true;
		fakeBackend(appStatus(), {
			app_status: () => {
				if (failing) throw { kind: 'Store', message: 'database is newer than this app' };
				return appStatus();
			}
		});
		const { container } = await renderFrame(new AppStatusStore());

		expect(container.querySelector('#status-error')).toHaveTextContent(
			'could not read or write its data folder: database is newer than this app'
		);

		failing = false;
		await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
		expect(await screen.findByText('JumpCloud: not connected')).toBeInTheDocument();
		expect(container.querySelector('#status-error')).toBeNull();
	});
});
