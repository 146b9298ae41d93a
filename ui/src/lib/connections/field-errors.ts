/**
 * Where a failed "Verify and Save" is shown: next to the field that caused it (the site for an
 * unreachable or malformed address, the private key for rejected keys, the company ID for an
 * unknown company), or above the buttons when no single field is to blame (missing permissions).
 */
import type { CommandError } from '$lib/ipc/client';
import { describeCommandError } from '$lib/ipc/error-message';

export type ConnectWiseField = 'site' | 'companyId' | 'publicKey' | 'privateKey';
export type JumpCloudField = 'apiKey' | 'region' | 'providerId' | 'consoleUrl' | 'insightsUrl';

export interface PlacedError<F extends string> {
	/** The field to show it at; null for the form as a whole. */
	field: F | null;
	message: string;
	/** Rights to list, the way ConnectWise's security-role screen names them. */
	missingPermissions: string[];
}

/** The engine's validation field names, as they map onto the ConnectWise form. */
const CONNECTWISE_VALIDATION_FIELDS: Record<string, ConnectWiseField> = {
	site: 'site',
	company_id: 'companyId',
	'ConnectWise public key': 'publicKey',
	'ConnectWise private key': 'privateKey'
};

const JUMPCLOUD_VALIDATION_FIELDS: Record<string, JumpCloudField> = {
	'JumpCloud API key': 'apiKey',
	region: 'region',
	'jumpcloud url': 'consoleUrl'
};

export function placeConnectWiseError(error: CommandError): PlacedError<ConnectWiseField> {
	const message = describeCommandError(error);
	switch (error.kind) {
		case 'Validation':
			return at<ConnectWiseField>(CONNECTWISE_VALIDATION_FIELDS[error.field] ?? null, message);
		case 'Unauthorized':
			// ConnectWise answers 401 for either key; the private one is what admins mistype or rotate.
			return at<ConnectWiseField>('privateKey', message);
		case 'UnknownCompanyId':
			return at<ConnectWiseField>('companyId', message);
		case 'Unreachable':
			return at<ConnectWiseField>('site', message);
		case 'Forbidden':
			return {
				field: null,
				message: "The keys work, but the API member's security role is missing these rights:",
				missingPermissions: error.missingPermissions
			};
		default:
			return at<ConnectWiseField>(null, message);
	}
}

export function placeJumpCloudError(error: CommandError): PlacedError<JumpCloudField> {
	const message = describeCommandError(error);
	switch (error.kind) {
		case 'Validation':
			return at<JumpCloudField>(JUMPCLOUD_VALIDATION_FIELDS[error.field] ?? null, message);
		case 'Unauthorized':
			return at<JumpCloudField>('apiKey', message);
		case 'Unreachable':
			// The region (or its URL override under Advanced) decides which host is asked.
			return at<JumpCloudField>('region', message);
		default:
			return at<JumpCloudField>(null, message);
	}
}

function at<F extends string>(field: F | null, message: string): PlacedError<F> {
	return { field, message, missingPermissions: [] };
}
