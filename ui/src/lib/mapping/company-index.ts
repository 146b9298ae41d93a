/**
 * The company picker's prepared search index: every company's name and identifier folded once, so
 * a keystroke is one linear pass that sorts matches into rank buckets (no full sort) and stops at
 * the top 50. The organization's suggested company comes first, with the reason it was suggested.
 */
import type { Company } from '$lib/ipc/client';
import { fold, queryTerms } from './search-text';

export const TOP_MATCHES = 50;

export interface CompanyMatch {
	company: Company;
	/** Why it is offered first ("exact after normalising", "similar: 0.86"), for the suggestion. */
	suggestedBecause: string | null;
}

export interface SuggestedCompany {
	companyId: number;
	reason: string;
}

interface Entry {
	company: Company;
	name: string;
	identifier: string;
	/** The words of `name`, for word-prefix matches. */
	words: string[];
}

/** How well an entry matches; lower is better. */
const Rank = { Exact: 0, Prefix: 1, WordPrefix: 2, Contains: 3, AllWords: 4 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];
const RANKS = 5;

export class CompanyIndex {
	readonly size: number;
	readonly #entries: Entry[];
	readonly #byId: Map<number, Entry>;

	constructor(companies: readonly Company[]) {
		this.#entries = companies
			.map((company) => {
				const name = fold(company.name);
				return {
					company,
					name,
					identifier: fold(company.identifier),
					words: name.split(' ')
				};
			})
			.sort((a, b) => a.name.localeCompare(b.name));
		this.#byId = new Map(this.#entries.map((entry) => [entry.company.id, entry]));
		this.size = this.#entries.length;
	}

	get(id: number): Company | undefined {
		return this.#byId.get(id)?.company;
	}

	/** The best `limit` companies for `query`; the suggestion first when it matches. */
	search(
		query: string,
		suggested: SuggestedCompany | null = null,
		limit = TOP_MATCHES
	): CompanyMatch[] {
		const terms = queryTerms(query);
		const whole = terms.join(' ');
		const buckets: Entry[][] = Array.from({ length: RANKS }, () => []);
		const suggestedEntry = suggested ? this.#byId.get(suggested.companyId) : undefined;
		let found = 0;
		for (const entry of this.#entries) {
			if (entry === suggestedEntry) continue;
			const rank = terms.length === 0 ? Rank.Exact : rankOf(entry, whole, terms);
			if (rank === null) continue;
			// Entries arrive in name order, so a bucket already holding `limit` cannot improve.
			if (buckets[rank].length < limit) {
				buckets[rank].push(entry);
				found += 1;
			}
			if (terms.length === 0 && found >= limit) break;
		}
		const matches: CompanyMatch[] = [];
		if (
			suggestedEntry &&
			suggested &&
			(terms.length === 0 || rankOf(suggestedEntry, whole, terms) !== null)
		) {
			matches.push({ company: suggestedEntry.company, suggestedBecause: suggested.reason });
		}
		for (const bucket of buckets) {
			for (const entry of bucket) {
				if (matches.length >= limit) return matches;
				matches.push({ company: entry.company, suggestedBecause: null });
			}
		}
		return matches;
	}
}

function rankOf(entry: Entry, whole: string, terms: string[]): Rank | null {
	if (entry.name === whole || entry.identifier === whole) return Rank.Exact;
	if (entry.name.startsWith(whole) || entry.identifier.startsWith(whole)) return Rank.Prefix;
	if (terms.every((term) => entry.words.some((word) => word.startsWith(term)))) {
		return Rank.WordPrefix;
	}
	if (entry.name.includes(whole) || entry.identifier.includes(whole)) return Rank.Contains;
	if (terms.every((term) => entry.name.includes(term) || entry.identifier.includes(term))) {
		return Rank.AllWords;
	}
	return null;
}
