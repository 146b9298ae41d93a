/**
 * The Companies & Agreements screen's data: the rows (loaded once, replaced after each change),
 * the users column (each row carries its latest recorded count, so showing the screen asks
 * JumpCloud nothing; "Refresh user counts" reads them anew), the filter box and state chips
 * (applied in memory), the companies index for the picker (loaded on first use), and the refresh
 * action.
 */
import {
	CommandFailure,
	fetchMappingRows,
	fetchUserCounts,
	listCompanies,
	refreshFromConnectWise,
	type CommandError,
	type MappingRow
} from '$lib/ipc/client';
import { CompanyIndex } from './company-index';
import { countStates, filterRows, prepareRows, type StateFilter } from './row-filter';

export class MappingTableStore {
	/** Every org's row; `null` until the first load answers. Raw: 5,000 rows need no deep proxy. */
	rows = $state.raw<MappingRow[] | null>(null);
	catalogRefreshedAt = $state<string | null>(null);
	loadError = $state<CommandError | null>(null);
	userCountError = $state<string | null>(null);
	readingUsers = $state(false);
	query = $state('');
	stateFilter = $state<StateFilter>('all');
	refreshing = $state(false);
	refreshError = $state<CommandError | null>(null);

	#prepared = $derived(this.rows ? prepareRows(this.rows) : []);
	/** The rows the filter box and the chip let through. */
	readonly visible = $derived(filterRows(this.#prepared, this.query, this.stateFilter));
	readonly counts = $derived(countStates(this.rows ?? []));
	/** Unmapped rows with a clear (not ambiguous) suggestion: what "Accept all" reviews. */
	readonly acceptable = $derived(
		(this.rows ?? []).filter((row) => row.state === 'suggested' && !row.suggestion?.ambiguous)
	);

	/** When the newest user count on screen was read; null when none has been read yet. */
	readonly usersReadAt = $derived(latestSample(this.rows ?? []));

	#companies: Promise<CompanyIndex> | null = null;

	async load(): Promise<void> {
		// Suggestions are ranked over the cached companies, so fill that cache first (fetched from
		// ConnectWise once, then read locally). If it fails the rows still load; the picker shows why.
		await this.companies().catch(() => undefined);
		try {
			const answer = await fetchMappingRows();
			this.rows = answer.rows;
			this.catalogRefreshedAt = answer.catalog_refreshed_at;
			this.loadError = null;
		} catch (cause) {
			this.loadError = commandError(cause);
		}
	}

	/**
	 * "Refresh user counts": reads every org's users from JumpCloud (one request per org, so only
	 * on demand), which the engine records; then re-reads the rows that carry them.
	 */
	async refreshUserCounts(): Promise<void> {
		this.readingUsers = true;
		try {
			const counts = await fetchUserCounts();
			const failed = counts.filter((c) => c.error).length;
			this.userCountError = failed
				? `JumpCloud did not return the users of ${failed} organization${failed === 1 ? '' : 's'}.`
				: null;
			await this.load();
		} catch (cause) {
			this.userCountError = `Current users could not be read: ${commandError(cause).message}`;
		} finally {
			this.readingUsers = false;
		}
	}

	/** The companies offered for mapping, prepared for search once per page (or after refresh). */
	companies(): Promise<CompanyIndex> {
		if (!this.#companies) {
			const pending = listCompanies(false).then((listing) => new CompanyIndex(listing.items));
			// A failed load is retried next time rather than cached.
			pending.catch(() => (this.#companies = null));
			this.#companies = pending;
		}
		return this.#companies;
	}

	/** Refresh from ConnectWise (and JumpCloud's org list), then re-read the rows. */
	async refresh(): Promise<void> {
		this.refreshing = true;
		this.refreshError = null;
		try {
			await refreshFromConnectWise();
			this.#companies = null;
			await this.load();
		} catch (cause) {
			this.refreshError = commandError(cause);
		} finally {
			this.refreshing = false;
		}
	}
}

/** The newest `users_sampled_at` of the rows (RFC3339 UTC text sorts as time). */
function latestSample(rows: MappingRow[]): string | null {
	let latest: string | null = null;
	for (const row of rows) {
		const at = row.users_sampled_at;
		if (at !== null && (latest === null || at > latest)) latest = at;
	}
	return latest;
}

export function commandError(cause: unknown): CommandError {
	if (cause instanceof CommandFailure) return cause.error;
	throw cause;
}
