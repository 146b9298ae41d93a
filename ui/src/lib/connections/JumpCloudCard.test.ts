import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import JumpCloudCard from './JumpCloudCard.svelte';

describe('JumpCloud card', () => {
	it('finds the provider first, saves nothing until Connect, then connects that provider', async () => {
		const PROVIDER = '6b12f49c0000000000000001';
		const calls = fakeBackend(appStatus(), {
			find_jumpcloud_provider: () => ({
				provider_id: PROVIDER,
				provider_name: null,
				admin_email: 'tech@msp.example',
				region: 'eu',
				organizations: 50
			}),
			connect_jumpcloud: () => ({
				message: 'JumpCloud has been connected',
				provider_id: PROVIDER,
				provider_discovered: false,
				admin_email: null,
				region: 'eu',
				organizations: 50,
				key: 'keyring'
			})
		});
		const onchange = vi.fn(async () => {});
		const user = userEvent.setup();
		const { container } = render(JumpCloudCard, { connection: null, onchange });

		await user.type(screen.getByLabelText('API key'), 'jca_secret_91cd');
		await user.selectOptions(screen.getByLabelText('Region'), 'eu');
		await user.click(screen.getByRole('button', { name: 'Find provider' }));

		const found = await screen.findByRole('status');
		expect(found).toHaveAttribute('id', 'jc-found');
		expect(found).toHaveTextContent(
			`This key belongs to provider ${PROVIDER}, administrator tech@msp.example, with 50 client organizations.`
		);
		expect(container.querySelector('#jc-found-no-name')).toHaveTextContent(
			'JumpCloud does not report a provider name'
		);
		expect(calls.some((c) => c.command === 'connect_jumpcloud')).toBe(false);
		expect(onchange).not.toHaveBeenCalled();
		expect(calls.find((c) => c.command === 'find_jumpcloud_provider')?.args).toEqual({
			form: {
				apiKey: 'jca_secret_91cd',
				region: 'eu',
				providerId: null,
				consoleUrl: null,
				insightsUrl: null
			}
		});

		// Changing what was checked withdraws the confirmation, which holds only for those inputs.
		await user.selectOptions(screen.getByLabelText('Region'), 'us');
		expect(container.querySelector('#jc-found')).toBeNull();
		expect(screen.getByRole('button', { name: 'Find provider' })).toBeInTheDocument();
		await user.selectOptions(screen.getByLabelText('Region'), 'eu');
		expect(container.querySelector('#jc-found')).not.toBeNull();
		await user.click(screen.getByRole('button', { name: 'Connect' }));

		expect(await screen.findByText('JumpCloud has been connected')).toBeInTheDocument();
		expect(container.querySelector('#jc-provider')).toHaveTextContent(
			`Connected to provider ${PROVIDER} — 50 client organizations`
		);
		expect(calls.filter((c) => c.command === 'find_jumpcloud_provider')).toHaveLength(1);
		expect(calls.find((c) => c.command === 'connect_jumpcloud')?.args).toEqual({
			form: {
				apiKey: 'jca_secret_91cd',
				region: 'eu',
				providerId: PROVIDER,
				consoleUrl: null,
				insightsUrl: null
			}
		});
		expect(onchange).toHaveBeenCalledOnce();
	});

	it('shows a provider name when JumpCloud gives one', async () => {
		fakeBackend(appStatus(), {
			find_jumpcloud_provider: () => ({
				provider_id: 'p1',
				provider_name: 'Contoso MSP',
				admin_email: null,
				region: 'us',
				organizations: 1
			})
		});
		const user = userEvent.setup();
		const { container } = render(JumpCloudCard, { connection: null, onchange: async () => {} });
		await user.type(screen.getByLabelText('API key'), 'jca_secret');
		await user.click(screen.getByRole('button', { name: 'Find provider' }));

		expect(await screen.findByRole('status')).toHaveTextContent(
			'This key belongs to provider p1 (Contoso MSP), with 1 client organization.'
		);
		expect(container.querySelector('#jc-found-no-name')).toBeNull();
	});

	it('shows a rejected key at the key field', async () => {
		fakeBackend(appStatus(), {
			find_jumpcloud_provider: () => {
				throw {
					kind: 'Unauthorized',
					service: 'jumpcloud',
					message: 'JumpCloud rejected the API keys: invalid key'
				};
			}
		});
		const user = userEvent.setup();
		render(JumpCloudCard, { connection: null, onchange: async () => {} });

		await user.type(screen.getByLabelText('API key'), 'nope');
		await user.click(screen.getByRole('button', { name: 'Find provider' }));

		expect(await screen.findByText('JumpCloud rejected the API keys: invalid key')).toHaveAttribute(
			'id',
			'jc-apiKey-error'
		);
	});
});
