/**
 * The company-type checklist: the types ConnectWise has, the ticks as the admin sets them, and
 * "Filter By Type", which saves them. At least one must stay ticked.
 */
import { SvelteSet } from 'svelte/reactivity';
import {
	fetchCompanyTypes,
	saveCompanyTypes,
	type CommandError,
	type CompanyType
} from '$lib/ipc/client';
import { commandError } from '$lib/mapping/mapping-table.svelte';

/**
 * "312 companies" for the checklist: live (not deleted) companies of the type, as ConnectWise
 * counted them when the types were last loaded. Null when the list predates counting.
 */
export function companyCountLabel(type: CompanyType): string | null {
	const count = type.company_count;
	if (count === null) return null;
	return `${count.toLocaleString('en-US')} ${count === 1 ? 'company' : 'companies'}`;
}

export class CompanyTypesStore {
	types = $state.raw<CompanyType[] | null>(null);
	/** The ids ticked on screen (saved by `save`). */
	ticked = new SvelteSet<number>();
	loadError = $state<CommandError | null>(null);
	saveError = $state<CommandError | null>(null);
	saving = $state(false);
	savedMessage = $state<string | null>(null);

	/** Why Filter By Type cannot be pressed, or null when it can. */
	get blockedBecause(): string | null {
		if (this.ticked.size === 0)
			return 'Select at least one company type: only companies of the selected types are offered for mapping.';
		if (!this.changed) return 'The selection is saved.';
		return null;
	}

	get changed(): boolean {
		const saved = (this.types ?? []).filter((t) => t.selected).map((t) => t.id);
		return saved.length !== this.ticked.size || saved.some((id) => !this.ticked.has(id));
	}

	async load(refresh = false): Promise<void> {
		try {
			this.#take(await fetchCompanyTypes(refresh));
			this.loadError = null;
		} catch (cause) {
			this.loadError = commandError(cause);
		}
	}

	toggle(id: number, on: boolean): void {
		if (on) this.ticked.add(id);
		else this.ticked.delete(id);
		this.savedMessage = null;
	}

	async save(): Promise<void> {
		if (this.blockedBecause) return;
		this.saving = true;
		this.saveError = null;
		try {
			this.#take(await saveCompanyTypes([...this.ticked]));
			this.savedMessage = 'Company types have been saved';
		} catch (cause) {
			this.saveError = commandError(cause);
		} finally {
			this.saving = false;
		}
	}

	#take(types: CompanyType[]): void {
		this.types = types;
		this.ticked.clear();
		for (const type of types) if (type.selected) this.ticked.add(type.id);
	}
}
