/** Turns a `CommandError` into the sentence a screen shows next to the control that failed. */
import type { CommandError } from './client';

export function describeCommandError(error: CommandError): string {
	switch (error.kind) {
		case 'Store':
			return `Highwater could not read or write its data folder: ${error.message}`;
		case 'Internal':
			return `Highwater hit an internal error: ${error.message}`;
		case 'Bridge':
			return `The window could not reach Highwater's backend: ${error.message}`;
		case 'Forbidden':
			return `${serviceName(error.service)} refused access. The API member's security role needs: ${error.missingPermissions.join('; ')}.`;
		// The backend writes these sentences for the admin (names, hints, what to do next).
		case 'Timeout':
		case 'Validation':
		case 'NotConnected':
		case 'MissingKey':
		case 'Unauthorized':
		case 'UnknownCompanyId':
		case 'Unreachable':
		case 'RateLimited':
		case 'ServiceError':
		case 'Keyring':
		case 'ConfirmationRequired':
		case 'Demo':
			return error.message;
		default:
			return unhandled(error);
	}
}

function serviceName(service: 'connectwise' | 'jumpcloud'): string {
	return service === 'connectwise' ? 'ConnectWise' : 'JumpCloud';
}

// A new backend error kind fails type-checking here until it has a sentence of its own.
function unhandled(error: never): string {
	return (error as { message: string }).message;
}
