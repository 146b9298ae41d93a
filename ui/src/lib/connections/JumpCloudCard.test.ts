import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import JumpCloudCard from './JumpCloudCard.svelte';

describe('JumpCloud card', () => {
	it('verifies the key and shows the discovered provider for confirmation', async () => {
		const calls = fakeBackend(appStatus(), {
			connect_jumpcloud: () => ({
				message: 'JumpCloud has been connected',
				provider_id: '6b12f49c0000000000000001',
				provider_discovered: true,
				admin_email: 'tech@msp.example',
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
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		expect(await screen.findByText('JumpCloud has been connected')).toBeInTheDocument();
		expect(container.querySelector('#jc-provider')).toHaveTextContent(
			'Discovered provider 6b12f49c0000000000000001, administrator tech@msp.example — 50 client organizations'
		);
		expect(calls.find((c) => c.command === 'connect_jumpcloud')?.args).toEqual({
			form: {
				apiKey: 'jca_secret_91cd',
				region: 'eu',
				providerId: null,
				consoleUrl: null,
				insightsUrl: null
			}
		});
		expect(onchange).toHaveBeenCalledOnce();
	});

	it('shows a rejected key at the key field', async () => {
		fakeBackend(appStatus(), {
			connect_jumpcloud: () => {
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
		await user.click(screen.getByRole('button', { name: 'Verify and Save' }));

		expect(await screen.findByText('JumpCloud rejected the API keys: invalid key')).toHaveAttribute(
			'id',
			'jc-apiKey-error'
		);
	});
});
