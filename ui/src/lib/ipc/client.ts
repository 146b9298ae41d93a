/**
 * The UI's one seam to the backend. Wraps the tauri-specta bindings (generated from the Rust
 * commands) so every failure reaches the screens as a typed `CommandError` they branch on by `kind`.
 * Nothing else in the UI imports the bindings or `@tauri-apps/api/core`.
 */
import {
	commands,
	events,
	type AcceptOutcome,
	type AdditionView,
	type AgreementView,
	type AppStatus as GeneratedAppStatus,
	type CatalogRefreshed,
	type Cleared,
	type CompanyTypeView,
	type CompanyView,
	type ConnectWiseConnected,
	type ConnectWiseForm,
	type IpcError,
	type JumpCloudConnected,
	type JumpCloudForm,
	type JumpCloudProvider,
	type KeyHint,
	type Listing,
	type MappingChoice,
	type MappingRow,
	type MappingRows,
	type MappingSaved,
	type MappingView,
	type RegionChoice,
	type RowState,
	type Status,
	type SuggestionView,
	type Unmapped,
	type UserCountView
} from './bindings';

export type { IpcError };

/** The app status exactly as the backend sends it. */
export type AppStatus = GeneratedAppStatus;

/** The shape tauri-specta gives commands that return a Rust `Result`. */
type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

/**
 * Why a command failed: the backend's own typed error, or one the backend never got to type —
 * the bridge refused the call (no backend, unknown command, permission denied) or it did not answer.
 */
export type CommandError =
	IpcError | { kind: 'Bridge'; message: string } | { kind: 'Timeout'; message: string };

/** Thrown by every client function; `error` is what callers decide on. */
export class CommandFailure extends Error {
	readonly error: CommandError;

	constructor(error: CommandError) {
		super(`${error.kind}: ${error.message}`);
		this.name = 'CommandFailure';
		this.error = error;
	}
}

/** Status reads and settings writes are local; anything slower means the backend is stuck. */
const LOCAL_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Commands that talk to ConnectWise or JumpCloud (verify keys, refresh the catalog, validate a
 * mapping) make several requests, each bounded by the engine's 30 s timeout; past this the window
 * stops waiting and says so.
 */
export const SERVICE_COMMAND_TIMEOUT_MS = 90_000;

/** Verifying every suggestion of a large tenant is one validated save per org. */
const BULK_COMMAND_TIMEOUT_MS = 600_000;

export type {
	AcceptOutcome,
	AgreementView as Agreement,
	AdditionView as Addition,
	CatalogRefreshed,
	Cleared,
	CompanyTypeView as CompanyType,
	CompanyView as Company,
	ConnectWiseConnected,
	ConnectWiseForm,
	JumpCloudConnected,
	JumpCloudForm,
	JumpCloudProvider,
	KeyHint,
	Listing,
	MappingChoice,
	MappingRow,
	MappingRows,
	MappingSaved,
	MappingView,
	RegionChoice as Region,
	RowState,
	Status as ConnectionStatus,
	SuggestionView as Suggestion,
	Unmapped,
	UserCountView as UserCount
};

/** The app's status: version, data folder, which services are connected, background state. */
export function fetchAppStatus(): Promise<AppStatus> {
	return call('app_status', LOCAL_COMMAND_TIMEOUT_MS, () => commands.appStatus());
}

/**
 * Calls `onChange` whenever the backend reports a new status on its own (tray Pause/Resume,
 * background work); resolves to the function that stops listening.
 */
export function onStatusChanged(onChange: (status: AppStatus) => void): Promise<() => void> {
	return events.statusChanged.listen((event) => onChange(event.payload as AppStatus));
}

/** Pauses or resumes the background sync and ticket work; answers with the new status. */
export async function setBackgroundPaused(paused: boolean): Promise<AppStatus> {
	const result = await call('set_background_paused', LOCAL_COMMAND_TIMEOUT_MS, () =>
		commands.setBackgroundPaused(paused)
	);
	return unwrap(result);
}

/** Both connections as saved (keys only as "set, ends in …7f2a" hints). */
export async function fetchConnectionStatus(): Promise<Status> {
	return unwrap(
		await call('connection_status', LOCAL_COMMAND_TIMEOUT_MS, () => commands.connectionStatus())
	);
}

/** Verify and Save (or Verify and Update): checks the site, the keys and the permissions first. */
export async function connectConnectWise(form: ConnectWiseForm): Promise<ConnectWiseConnected> {
	return unwrap(
		await call('connect_connectwise', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.connectConnectwise(form)
		)
	);
}

/** "Find provider": who the key belongs to and how many client orgs it sees. Saves nothing. */
export async function findJumpCloudProvider(form: JumpCloudForm): Promise<JumpCloudProvider> {
	return unwrap(
		await call('find_jumpcloud_provider', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.findJumpcloudProvider(form)
		)
	);
}

/** Verifies the JumpCloud key with the confirmed provider and saves the connection. */
export async function connectJumpCloud(form: JumpCloudForm): Promise<JumpCloudConnected> {
	return unwrap(
		await call('connect_jumpcloud', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.connectJumpcloud(form)
		)
	);
}

/** Disable Integration & Clear Data, after the admin confirmed the dialog. */
export async function disableConnectWise(): Promise<Cleared> {
	return unwrap(
		await call('disable_connectwise', LOCAL_COMMAND_TIMEOUT_MS, () =>
			commands.disableConnectwise(true)
		)
	);
}

/** The ConnectWise company types with whether each is billed. */
export async function fetchCompanyTypes(refresh = false): Promise<CompanyTypeView[]> {
	return unwrap(
		await call('company_types', SERVICE_COMMAND_TIMEOUT_MS, () => commands.companyTypes(refresh))
	);
}

/** Filter By Type: saves the billed company types (at least one). */
export async function saveCompanyTypes(typeIds: number[]): Promise<CompanyTypeView[]> {
	return unwrap(
		await call('set_company_types', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.setCompanyTypes(typeIds)
		)
	);
}

/** Every JumpCloud org with its mapping state, read from the caches. */
export async function fetchMappingRows(): Promise<MappingRows> {
	return unwrap(
		await call('mapping_rows', SERVICE_COMMAND_TIMEOUT_MS, () => commands.mappingRows())
	);
}

/** Each org's current number of users, read from JumpCloud. */
export async function fetchUserCounts(): Promise<UserCountView[]> {
	return unwrap(await call('user_counts', BULK_COMMAND_TIMEOUT_MS, () => commands.userCounts()));
}

/** The companies offered for mapping. */
export async function listCompanies(refresh = false): Promise<Listing<CompanyView>> {
	return unwrap(
		await call('list_companies', SERVICE_COMMAND_TIMEOUT_MS, () => commands.listCompanies(refresh))
	);
}

/** A company's active agreements. */
export async function listAgreements(companyId: number): Promise<Listing<AgreementView>> {
	return unwrap(
		await call('list_agreements', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.listAgreements(companyId, false)
		)
	);
}

/** An agreement's additions that are not cancelled. */
export async function listAdditions(agreementId: number): Promise<Listing<AdditionView>> {
	return unwrap(
		await call('list_additions', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.listAdditions(agreementId, false)
		)
	);
}

/** Validates and saves one org's mapping. */
export async function saveMapping(orgId: string, choice: MappingChoice): Promise<MappingSaved> {
	return unwrap(
		await call('save_mapping', SERVICE_COMMAND_TIMEOUT_MS, () =>
			commands.saveMapping(orgId, choice)
		)
	);
}

/** Removes one org's mapping (its seats stop syncing). */
export async function disableMapping(orgId: string): Promise<Unmapped> {
	return unwrap(
		await call('disable_mapping', LOCAL_COMMAND_TIMEOUT_MS, () => commands.disableMapping(orgId))
	);
}

/** Accepts the reviewed suggestions; one outcome per org. */
export async function acceptSuggestions(orgIds: string[]): Promise<AcceptOutcome[]> {
	return unwrap(
		await call('accept_suggestions', BULK_COMMAND_TIMEOUT_MS, () =>
			commands.acceptSuggestions(orgIds)
		)
	);
}

/** Re-reads the organizations from JumpCloud and the catalog from ConnectWise. */
export async function refreshFromConnectWise(): Promise<CatalogRefreshed> {
	return unwrap(
		await call('refresh_from_connectwise', BULK_COMMAND_TIMEOUT_MS, () =>
			commands.refreshFromConnectwise()
		)
	);
}

/** Starts the built-in demo tenant and switches to it. */
export async function startDemo(): Promise<AppStatus> {
	return unwrap(await call('start_demo', SERVICE_COMMAND_TIMEOUT_MS, () => commands.startDemo()));
}

/** Leaves the demo tenant; its data is deleted. */
export async function leaveDemo(): Promise<AppStatus> {
	return unwrap(await call('leave_demo', LOCAL_COMMAND_TIMEOUT_MS, () => commands.leaveDemo()));
}

function unwrap<T>(result: CommandResult<T>): T {
	if (result.status === 'ok') return result.data;
	// The bindings cast whatever the invoke rejected with; only a tagged object is really an IpcError.
	throw new CommandFailure(toCommandError(result.error));
}

async function call<T>(name: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new CommandFailure({
						kind: 'Timeout',
						message: `The backend did not answer ${name} within ${timeoutMs / 1000} s.`
					})
				),
			timeoutMs
		);
	});
	try {
		return await Promise.race([run(), timeout]);
	} catch (cause) {
		if (cause instanceof CommandFailure) throw cause;
		throw new CommandFailure(toCommandError(cause));
	} finally {
		clearTimeout(timer);
	}
}

/** Tauri rejects with the serialized error; strings and Errors come from the bridge itself. */
function toCommandError(cause: unknown): CommandError {
	if (isTaggedError(cause)) return cause;
	if (cause instanceof Error) return { kind: 'Bridge', message: cause.message };
	return {
		kind: 'Bridge',
		message: typeof cause === 'string' ? cause : 'The backend call failed.'
	};
}

function isTaggedError(value: unknown): value is IpcError {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { kind?: unknown }).kind === 'string'
	);
}
