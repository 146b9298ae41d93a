/**
 * The backend's app status shared by every screen: loaded once at start, replaced by the answer of
 * each action, and (through `follow`) by backend events.
 */
import { getContext, setContext } from 'svelte';
import {
	CommandFailure,
	fetchAppStatus,
	leaveDemo,
	setBackgroundPaused,
	startDemo,
	type AppStatus,
	type CommandError
} from '$lib/ipc/client';

/** Stops a subscription; what Tauri's `listen` resolves to. */
export type Unlisten = () => void;

/**
 * A source of status changes, shaped like a tauri-specta event's `listen`: it calls `onChange` with
 * the new status, or with nothing when the status must be fetched again.
 */
export type StatusFeed = (onChange: (status?: AppStatus) => void) => Promise<Unlisten>;

export class AppStatusStore {
	/** The last status the backend reported; null until the first load answers. */
	current = $state<AppStatus | null>(null);
	/** Why the last load failed; cleared by the next status that arrives. */
	loadError = $state<CommandError | null>(null);
	/** True while a load is in flight. */
	loading = $state(false);

	// Answers can overtake each other (a load racing a toggle); only the newest request may win.
	#issued = 0;
	#applied = 0;
	#loadsInFlight = 0;

	/** True once either service is connected: the app then opens on its working screens. */
	get anyConnected(): boolean {
		return Boolean(this.current?.connectwiseConnected || this.current?.jumpcloudConnected);
	}

	/** Fetches the status; a failure lands in `loadError`, the last good status stays. */
	async load(): Promise<void> {
		const ticket = ++this.#issued;
		this.#loadsInFlight += 1;
		this.loading = true;
		try {
			this.#accept(ticket, await fetchAppStatus());
		} catch (cause) {
			if (ticket >= this.#applied) this.loadError = commandError(cause);
		} finally {
			this.#loadsInFlight -= 1;
			this.loading = this.#loadsInFlight > 0;
		}
	}

	/** Pauses or resumes background work; returns the error to show next to the control, if any. */
	async setBackgroundPaused(paused: boolean): Promise<CommandError | null> {
		return this.#act(() => setBackgroundPaused(paused));
	}

	/** Starts the built-in demo tenant; returns the error to show next to the button, if any. */
	async startDemo(): Promise<CommandError | null> {
		return this.#act(startDemo);
	}

	/** Leaves the demo tenant (its data is deleted); returns the error to show, if any. */
	async leaveDemo(): Promise<CommandError | null> {
		return this.#act(leaveDemo);
	}

	async #act(action: () => Promise<AppStatus>): Promise<CommandError | null> {
		const ticket = ++this.#issued;
		try {
			this.#accept(ticket, await action());
			return null;
		} catch (cause) {
			return commandError(cause);
		}
	}

	/** Takes a status pushed by the backend. */
	apply(status: AppStatus): void {
		this.#accept(++this.#issued, status);
	}

	/**
	 * Subscribes to a feed of changes (e.g. the shell's `status-changed` event) and returns the
	 * function that ends the subscription, ready for `onMount`.
	 */
	follow(feed: StatusFeed): Unlisten {
		let stop: Unlisten | null = null;
		let ended = false;
		feed((status) => (status ? this.apply(status) : void this.load())).then(
			(unlisten) => {
				if (ended) unlisten();
				else stop = unlisten;
			},
			(cause: unknown) => {
				this.loadError =
					cause instanceof CommandFailure
						? cause.error
						: { kind: 'Bridge', message: 'Highwater cannot follow status changes.' };
			}
		);
		return () => {
			ended = true;
			stop?.();
		};
	}

	#accept(ticket: number, status: AppStatus): void {
		if (ticket < this.#applied) return;
		this.#applied = ticket;
		this.current = status;
		this.loadError = null;
	}
}

function commandError(cause: unknown): CommandError {
	if (cause instanceof CommandFailure) return cause.error;
	// Only CommandFailure leaves the client; anything else is a bug in the UI, not a backend answer.
	throw cause;
}

const CONTEXT_KEY = Symbol('highwater.app-status');

/** Makes `store` the status every descendant component reads (called once, by the root layout). */
export function provideAppStatus(store: AppStatusStore): AppStatusStore {
	return setContext(CONTEXT_KEY, store);
}

/** The status store the root layout provided. */
export function useAppStatus(): AppStatusStore {
	const store = getContext<AppStatusStore | undefined>(CONTEXT_KEY);
	if (!store) throw new Error('useAppStatus() needs provideAppStatus() in an ancestor component.');
	return store;
}

/** For tests that render a page without the root layout. */
export const appStatusContextKey = CONTEXT_KEY;
