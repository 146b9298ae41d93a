/** The two services Highwater connects, and which of them a status reports as connected. */
import type { AppStatus } from '$lib/ipc/client';

export type ServiceId = 'connectwise' | 'jumpcloud';

export const SERVICE_NAMES: Readonly<Record<ServiceId, string>> = {
	connectwise: 'ConnectWise Manage',
	jumpcloud: 'JumpCloud'
};

/** For tight places such as the header's status line. */
export const SERVICE_SHORT_NAMES: Readonly<Record<ServiceId, string>> = {
	connectwise: 'ConnectWise',
	jumpcloud: 'JumpCloud'
};

export function isConnected(status: AppStatus, service: ServiceId): boolean {
	return service === 'connectwise' ? status.connectwiseConnected : status.jumpcloudConnected;
}

/** The services of `needed` that `status` does not report as connected, in the given order. */
export function missingServices(status: AppStatus, needed: readonly ServiceId[]): ServiceId[] {
	return needed.filter((service) => !isConnected(status, service));
}
