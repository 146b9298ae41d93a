/**
 * The app's sections as the left navigation lists them. Adding a screen to the navigation is one
 * entry here plus its route folder.
 */
import type { Pathname } from '$app/types';
import type { ServiceId } from '$lib/status/services';

export type SectionId = 'connections' | 'companies' | 'ticketing' | 'activity' | 'settings';

export interface Section {
	id: SectionId;
	href: Pathname;
	label: string;
	/** Services the section's content comes from; the page says "not connected yet" without them. */
	needs: readonly ServiceId[];
}

export const SECTIONS: readonly Section[] = [
	{ id: 'connections', href: '/connections', label: 'Connections', needs: [] },
	{
		id: 'companies',
		href: '/companies',
		label: 'Companies & Agreements',
		needs: ['connectwise', 'jumpcloud']
	},
	{ id: 'ticketing', href: '/ticketing', label: 'Ticketing', needs: ['connectwise', 'jumpcloud'] },
	{ id: 'activity', href: '/activity', label: 'Activity', needs: ['connectwise', 'jumpcloud'] },
	{ id: 'settings', href: '/settings', label: 'Settings', needs: [] }
];

export function section(id: SectionId): Section {
	const found = SECTIONS.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`unknown section ${id}`);
	return found;
}

/** True when `pathname` is the section's page or one of its sub-pages. */
export function isActive(pathname: string, href: string): boolean {
	return pathname === href || pathname.startsWith(`${href}/`);
}

/** Where `/` sends a user who already connected something; null keeps them on first run. */
export function landingRedirect(anyConnected: boolean): Pathname | null {
	return anyConnected ? section('companies').href : null;
}
