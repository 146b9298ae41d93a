import { afterEach, describe, expect, it, vi } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import { CommandFailure, fetchAppStatus, setBackgroundPaused } from './client';

async function failureOf(promise: Promise<unknown>): Promise<CommandFailure> {
	try {
		await promise;
	} catch (cause) {
		if (cause instanceof CommandFailure) return cause;
		throw cause;
	}
	throw new Error('expected the call to fail');
}

describe('IPC client', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('returns the status the backend sends', async () => {
		const status = appStatus({ version: '1.2.3', jumpcloudConnected: true });
		const calls = fakeBackend(status);

		await expect(fetchAppStatus()).resolves.toEqual(status);
		expect(calls).toEqual([{ command: 'app_status', args: {} }]);
	});

	it('passes arguments under their Rust names and unwraps the ok result', async () => {
		const calls = fakeBackend(appStatus());

		const answer = await setBackgroundPaused(true);

		expect(answer.backgroundPaused).toBe(true);
		expect(calls).toEqual([{ command: 'set_background_paused', args: { paused: true } }]);
	});

	it("keeps the backend's typed error", async () => {
		fakeBackend(appStatus(), {
			set_background_paused: () => {
				throw { kind: 'Store', message: 'database is locked' };
			}
		});

		const failure = await failureOf(setBackgroundPaused(true));

		expect(failure.error).toEqual({ kind: 'Store', message: 'database is locked' });
	});

	it('turns a bare string rejection into a Bridge error', async () => {
		fakeBackend(appStatus(), {
			set_background_paused: () => {
				throw 'set_background_paused not allowed. Permissions associated with this command: []';
			}
		});

		const failure = await failureOf(setBackgroundPaused(false));

		expect(failure.error.kind).toBe('Bridge');
		expect(failure.error.message).toContain('not allowed');
	});

	it('turns an unknown command into a Bridge error for commands without a Result', async () => {
		fakeBackend(appStatus(), { app_status: null });
		const failure = await failureOf(fetchAppStatus());

		expect(failure.error).toEqual({ kind: 'Bridge', message: 'command app_status not found' });
	});

	it('gives up with a Timeout error when the backend never answers', async () => {
		vi.useFakeTimers();
		fakeBackend(appStatus(), { app_status: () => new Promise(() => {}) });

		const pending = failureOf(fetchAppStatus());
		await vi.advanceTimersByTimeAsync(10_000);
		const failure = await pending;

		expect(failure.error.kind).toBe('Timeout');
		expect(failure.error.message).toContain('app_status');
	});
});
