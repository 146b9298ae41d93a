import { describe, expect, it } from 'vitest';
import { placeConnectWiseError, placeJumpCloudError } from './field-errors';

describe('where connection errors are shown', () => {
	it.each([
		[{ kind: 'Validation', field: 'site', message: 'm' }, 'site'],
		[{ kind: 'Validation', field: 'company_id', message: 'm' }, 'companyId'],
		[{ kind: 'Validation', field: 'ConnectWise public key', message: 'm' }, 'publicKey'],
		[{ kind: 'Validation', field: 'client_id', message: 'm' }, null],
		[{ kind: 'Unauthorized', service: 'connectwise', message: 'm' }, 'privateKey'],
		[{ kind: 'UnknownCompanyId', companyId: 'x', message: 'm' }, 'companyId'],
		[
			{ kind: 'Unreachable', service: 'connectwise', transport: 'tls', hint: null, message: 'm' },
			'site'
		],
		[{ kind: 'Keyring', message: 'Start a Secret Service.' }, null],
		[{ kind: 'Timeout', message: 'slow' }, null]
	] as const)('ConnectWise %o → %s', (error, field) => {
		expect(placeConnectWiseError(error).field).toBe(field);
	});

	it('lists missing permissions at the form', () => {
		const placed = placeConnectWiseError({
			kind: 'Forbidden',
			service: 'connectwise',
			missingPermissions: ['Finance › Agreements › Inquire Level: All'],
			message: 'x'
		});
		expect(placed.field).toBeNull();
		expect(placed.missingPermissions).toEqual(['Finance › Agreements › Inquire Level: All']);
	});

	it.each([
		[{ kind: 'Unauthorized', service: 'jumpcloud', message: 'm' }, 'apiKey'],
		[{ kind: 'Validation', field: 'jumpcloud url', message: 'm' }, 'consoleUrl'],
		[
			{ kind: 'Unreachable', service: 'jumpcloud', transport: 'dns', hint: null, message: 'm' },
			'region'
		],
		[{ kind: 'Keyring', message: 'm' }, null]
	] as const)('JumpCloud %o → %s', (error, field) => {
		expect(placeJumpCloudError(error).field).toBe(field);
	});
});
