/**
 * Text folding shared by the row filter and the company search: lower case, accents dropped
 * ("Müller" finds "muller"), punctuation turned into spaces, runs of spaces collapsed.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;

export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(COMBINING_MARKS, '')
		.toLowerCase()
		.replace(NOT_ALPHANUMERIC, ' ')
		.trim();
}

/** The query's words, folded; empty for a blank query. */
export function queryTerms(query: string): string[] {
	const folded = fold(query);
	return folded ? folded.split(' ') : [];
}
