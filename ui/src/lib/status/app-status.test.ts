import { describe, expect, it } from 'vitest';
import { appStatus, fakeBackend } from '../../fixtures/backend';
import type { AppStatus } from '$lib/ipc/client';
import { AppStatusStore } from './app-status.svelte';

describe('AppStatusStore', () => {
	it('loads the status once asked', async () => {
		const status = appStatus({ connectwiseConnected: true });
		fakeBackend(status);
		const store = new AppStatusStore();

		expect(store.current).toBeNull();
		await store.load();

		expect(store.current).toEqual(status);
		expect(store.anyConnected).toBe(true);
		expect(store.loadError).toBeNull();
		expect(store.loading).toBe(false);
	});

	it('reports a failed load as a typed error and recovers on the next load', async () => {
		let broken = true;
		fakeBackend(appStatus(), {
			app_status: () => {
				if (broken) throw { kind: 'Internal', message: 'store not opened' };
				return appStatus({ version: '9.9.9' });
			}
		});
		const store = new AppStatusStore();

		await store.load();
		expect(store.current).toBeNull();
		expect(store.loadError).toEqual({ kind: 'Internal', message: 'store not opened' });

		broken = false;
		await store.load();
		expect(store.loadError).toBeNull();
		expect(store.current?.version).toBe('9.9.9');
	});

	it('applies the status a successful action answers with', async () => {
		const calls = fakeBackend(appStatus());
		const store = new AppStatusStore();
		await store.load();

		const error = await store.setBackgroundPaused(true);

		expect(error).toBeNull();
		expect(store.current?.backgroundPaused).toBe(true);
		expect(calls.map((call) => call.command)).toEqual(['app_status', 'set_background_paused']);
	});

	it('returns an error result to the caller and keeps the last good status', async () => {
		fakeBackend(appStatus(), {
			set_background_paused: () => {
				throw { kind: 'Store', message: 'disk is full' };
			}
		});
		const store = new AppStatusStore();
		await store.load();

		const error = await store.setBackgroundPaused(true);

		expect(error).toEqual({ kind: 'Store', message: 'disk is full' });
		expect(store.current?.backgroundPaused).toBe(false);
		expect(store.loadError).toBeNull();
	});

	it('ignores an answer overtaken by a newer one', async () => {
		let answerLoad: (status: AppStatus) => void = () => {};
		fakeBackend(appStatus(), {
			app_status: () => new Promise<AppStatus>((resolve) => (answerLoad = resolve))
		});
		const store = new AppStatusStore();

		const load = store.load();
		await store.setBackgroundPaused(true);
		answerLoad(appStatus({ backgroundPaused: false }));
		await load;

		expect(store.current?.backgroundPaused).toBe(true);
		expect(store.loading).toBe(false);
	});

	it('follows a feed of changes and stops when told', async () => {
		const calls = fakeBackend(appStatus({ jumpcloudConnected: true }));
		const store = new AppStatusStore();
		let push: (status?: AppStatus) => void = () => {};
		let unlistened = false;

		const stop = store.follow(async (onChange) => {
			push = onChange;
			return () => (unlistened = true);
		});
		await Promise.resolve();

		push(appStatus({ demo: true }));
		expect(store.current?.demo).toBe(true);

		// A change without a payload means "fetch it again".
		push();
		await expect.poll(() => store.current?.jumpcloudConnected).toBe(true);
		expect(calls.map((call) => call.command)).toEqual(['app_status']);

		stop();
		expect(unlistened).toBe(true);
	});
});
