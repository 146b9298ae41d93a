/**
 * The UI's one seam to the backend. Wraps the tauri-specta bindings (generated from the Rust
 * commands) so every failure reaches the screens as a typed `CommandError` they branch on by `kind`.
 * Nothing else in the UI imports the bindings or `@tauri-apps/api/core`.
 */
import { commands, events, type IpcError } from './bindings';

export type { IpcError };

/** The app status exactly as the backend sends it (derived, so it follows the generated shape). */
export type AppStatus = Awaited<ReturnType<typeof commands.appStatus>>;

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
