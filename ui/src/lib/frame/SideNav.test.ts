import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SideNav from './SideNav.svelte';

const EXPECTED = [
	['nav-connections', '/connections', 'Connections'],
	['nav-companies', '/companies', 'Companies & Agreements'],
	['nav-ticketing', '/ticketing', 'Ticketing'],
	['nav-activity', '/activity', 'Activity'],
	['nav-settings', '/settings', 'Settings']
] as const;

describe('SideNav', () => {
	it('lists the five sections in order with their ids and routes', () => {
		render(SideNav, { pathname: '/connections' });

		const nav = screen.getByRole('navigation', { name: 'Main' });
		const links = within(nav)
			.getAllByRole('listitem')
			.map((item) => within(item).getByRole('link'));
		expect(
			links.map((link) => [link.id, link.getAttribute('href'), link.textContent?.trim()])
		).toEqual(EXPECTED);
		expect(within(nav).getByRole('link', { name: /Highwater/ })).toHaveAttribute('href', '/');
	});

	it.each(EXPECTED)('marks %s, and only it, as the current page', (id, href) => {
		const { container } = render(SideNav, { pathname: href });

		const current = container.querySelectorAll('[aria-current="page"]');
		expect(current).toHaveLength(1);
		expect(current[0]?.id).toBe(id);
	});

	it('keeps a section current on its sub-pages but not on look-alike paths', () => {
		const { container, rerender } = render(SideNav, { pathname: '/companies/types' });
		expect(container.querySelector('[aria-current="page"]')?.id).toBe('nav-companies');

		return rerender({ pathname: '/companies-archive' }).then(() => {
			expect(container.querySelector('[aria-current="page"]')).toBeNull();
		});
	});

	it('marks nothing on the first-run screen', () => {
		const { container } = render(SideNav, { pathname: '/' });

		expect(container.querySelector('[aria-current]')).toBeNull();
	});
});
