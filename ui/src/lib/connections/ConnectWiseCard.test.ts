import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { appStatus, connectionStatus, fakeBackend } from '../../fixtures/backend';
import type { ConnectWiseConnected } from '$lib/ipc/client';
import ConnectWiseCard from './ConnectWiseCard.svelte';

const connected: ConnectWiseConnected = {
	message: 'Integration has been created',
	updated: false,
	site: 'na.myconnectwise.net',
	site_changes: ['removed the scheme "https://"', 'removed the path "/v4_6_release/apis/3.0"'],
	company_id: 'contoso',
	codebase: 'v4_6_release/',
	api_host: 'api-na.myconnectwise.net',
	client_id: 'client',
	permissions: [],
	keys: 'keyring',
	selected_type_ids: [1]
};

async function fill(user: ReturnType<typeof userEvent.setup>, values: Record<string, string>) {
	for (const [label, value] of Object.entries(values)) {
		const input = screen.getByLabelText(label);
		await user.clear(input);
		await user.type(input, value);
	}
}

const FORM = {
	Site: 'https://na.myconnectwise.net/v4_6_release/apis/3.0',
	'Company ID': 'contoso',
	'Public key': 'pub-1234',
	'Private key': 'wrong-private'
};

describe('ConnectWise card', () => {
	it('shows rejected keys next to the private key and saves nothing', async () => {
		const calls = fakeBackend(appStatus(), {
			connect_connectwise: () => {
				throw {
					kind: 'Unauthorized',
					service: 'connectwise',
					message: 'ConnectWise rejected the API keys: 401 Unauthorized'
				};
			}
		});
		const onchange = vi.fn(async () => {});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: null, onchange });

		await fill(user, FORM);
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		const error = await screen.findByText('ConnectWise rejected the API keys: 401 Unauthorized');
		expect(error).toHaveAttribute('id', 'cw-privateKey-error');
		expect(screen.getByLabelText('Private key')).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByLabelText('Site')).not.toHaveAttribute('aria-invalid');
		expect(container.querySelector('#cw-form-error')).toBeNull();
		expect(onchange).not.toHaveBeenCalled();
		expect(calls.find((c) => c.command === 'connect_connectwise')?.args).toEqual({
			form: {
				site: FORM.Site,
				companyId: 'contoso',
				publicKey: 'pub-1234',
				privateKey: 'wrong-private',
				clientId: null
			}
		});
	});

	it.each([
		[
			{ kind: 'UnknownCompanyId', companyId: 'contoso', message: 'Unknown company ID' },
			'cw-companyId-error'
		],
		[
			{
				kind: 'Unreachable',
				service: 'connectwise',
				transport: 'dns',
				hint: 'Check the firewall.',
				message:
					'Cannot reach ConnectWise: the host name could not be resolved. Check the firewall.'
			},
			'cw-site-error'
		],
		[{ kind: 'Validation', field: 'site', message: 'Not a host name.' }, 'cw-site-error']
	])('puts %o at its field', async (error, id) => {
		fakeBackend(appStatus(), {
			connect_connectwise: () => {
				throw error;
			}
		});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: null, onchange: async () => {} });

		await fill(user, FORM);
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		await waitFor(() => expect(container.querySelector(`#${id}`)).toHaveTextContent(error.message));
	});

	it('lists missing permissions the way ConnectWise names them', async () => {
		fakeBackend(appStatus(), {
			connect_connectwise: () => {
				throw {
					kind: 'Forbidden',
					service: 'connectwise',
					missingPermissions: [
						'Finance › Agreements › Edit Level: All',
						'Companies › Company Maintenance › Inquire Level: All'
					],
					message: 'refused'
				};
			}
		});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: null, onchange: async () => {} });

		await fill(user, FORM);
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		const list = await waitFor(() => {
			const found = container.querySelector('#cw-missing-permissions');
			expect(found).not.toBeNull();
			return found as HTMLElement;
		});
		expect(list.querySelectorAll('li')).toHaveLength(2);
		expect(list).toHaveTextContent('Finance › Agreements › Edit Level: All');
	});

	it('says the integration was created and explains how the site was normalised', async () => {
		fakeBackend(appStatus(), { connect_connectwise: () => connected });
		const onchange = vi.fn(async () => {});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: null, onchange });

		await fill(user, { ...FORM, 'Private key': 'good-private' });
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		expect(await screen.findByText('Integration has been created')).toBeInTheDocument();
		expect(container.querySelector('#cw-site-changes')).toHaveTextContent(
			'saved as na.myconnectwise.net: removed the scheme "https://"'
		);
		expect(onchange).toHaveBeenCalledOnce();
	});

	it('edits with Verify and Update, keeping the saved keys when left empty', async () => {
		const saved = connectionStatus(appStatus({ connectwiseConnected: true })).connectwise;
		const calls = fakeBackend(appStatus({ connectwiseConnected: true }), {
			connect_connectwise: () => ({
				...connected,
				updated: true,
				message: 'Integration has been updated'
			})
		});
		const user = userEvent.setup();
		render(ConnectWiseCard, { connection: saved, onchange: async () => {} });

		await user.click(screen.getByRole('button', { name: 'Edit' }));
		expect(screen.getByLabelText('Site')).toHaveValue('na.myconnectwise.net');
		expect(screen.getByLabelText('Private key')).toHaveValue('');
		expect(screen.getByLabelText('Private key')).toHaveAttribute(
			'placeholder',
			'Saved key ends in …7f2a'
		);
		await user.click(screen.getByRole('button', { name: 'Verify and Update' }));

		expect(await screen.findByText('Integration has been updated')).toBeInTheDocument();
		expect(calls.find((c) => c.command === 'connect_connectwise')?.args).toEqual({
			form: {
				site: 'na.myconnectwise.net',
				companyId: 'contoso',
				publicKey: null,
				privateKey: null,
				clientId: null
			}
		});
	});

	it('sends a client ID typed under Advanced, and shows the saved one on the card', async () => {
		const saved = connectionStatus(appStatus({ connectwiseConnected: true })).connectwise;
		const calls = fakeBackend(appStatus({ connectwiseConnected: true }), {
			connect_connectwise: () => ({ ...connected, updated: true, client_id: 'my-own-id' })
		});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: saved, onchange: async () => {} });

		// The saved client ID is not a secret, so the card shows it in full.
		expect(container.querySelector('#cw-saved-client-id')).toHaveTextContent(
			'3f1c0c52-7d0e-4d8b-9a1e-5d5b8c1e2f3a'
		);

		await user.click(screen.getByRole('button', { name: 'Edit' }));
		const advanced = container.querySelector('#cw-advanced') as HTMLDetailsElement;
		expect(advanced.open).toBe(false);
		await user.click(screen.getByText('Advanced'));
		const field = screen.getByLabelText('Client ID');
		expect(field).toHaveValue('');
		expect(field).toHaveAttribute('placeholder', 'Saved: 3f1c0c52-7d0e-4d8b-9a1e-5d5b8c1e2f3a');
		expect(field).toHaveAccessibleDescription(/Leave empty to keep the saved one/);
		await user.type(field, '  my-own-id ');
		await user.click(screen.getByRole('button', { name: 'Verify and Update' }));

		await waitFor(() =>
			expect(calls.find((c) => c.command === 'connect_connectwise')?.args).toEqual({
				form: {
					site: 'na.myconnectwise.net',
					companyId: 'contoso',
					publicKey: null,
					privateKey: null,
					clientId: 'my-own-id'
				}
			})
		);
	});

	it('disables and clears only after the confirmation dialog', async () => {
		const saved = connectionStatus(appStatus({ connectwiseConnected: true })).connectwise;
		const calls = fakeBackend(appStatus({ connectwiseConnected: true }), {
			disable_connectwise: () => ({
				message: 'cleared',
				connection_removed: true,
				mappings_removed: 3,
				catalog_rows_removed: 40,
				unsent_tickets_removed: 0
			})
		});
		const user = userEvent.setup();
		const { container } = render(ConnectWiseCard, { connection: saved, onchange: async () => {} });

		await user.click(screen.getByRole('button', { name: 'Disable Integration & Clear Data' }));
		const dialog = container.querySelector('#cw-disable-dialog') as HTMLDialogElement;
		expect(dialog.open).toBe(true);
		expect(dialog).toHaveTextContent('cannot be undone');
		expect(calls.some((c) => c.command === 'disable_connectwise')).toBe(false);

		await user.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(dialog.open).toBe(false);

		await user.click(screen.getByRole('button', { name: 'Disable Integration & Clear Data' }));
		await user.click(screen.getByRole('button', { name: 'Disable & Clear' }));

		expect(await screen.findByText('Integration has been disabled')).toBeInTheDocument();
		expect(calls.find((c) => c.command === 'disable_connectwise')?.args).toEqual({
			confirmed: true
		});
	});
});
