//! The prepared company index: every company's normalised name, bucketed by exact form, first
//! word and character trigrams, so ranking one organization looks at a few dozen candidates
//! instead of all 10,000 companies.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::normalize::normalized_tokens;
use super::{CompanyMatch, CompanyRef, MatchReason, OrgRef, OrgSuggestion};

/// Candidates below this [`similarity`] are not suggested: one or two wrong letters in a name of
/// a dozen stay above it, names that merely share a first word ("acme widgets" / "acme
/// plumbing": 0.60) fall well below.
pub const SIMILAR_MIN: f64 = 0.85;

/// Trigram Dice coefficient a company must reach to be scored at all (companies sharing the first
/// word or the whole normalised name are scored regardless). Typos and reordered words keep most
/// trigrams ("contoso" / "contosso": 0.8), unrelated names keep few.
const DICE_MIN: f64 = 0.5;

/// A prefix only counts when the shorter name has at least this many characters, so "a" is not a
/// prefix of every "A… Holdings".
const PREFIX_MIN_CHARS: usize = 3;

struct Indexed {
    company: CompanyRef,
    normalized: String,
    /// Words in sorted order: compared too, so "Jones Smith" still meets "Smith Jones".
    sorted: String,
    trigram_count: u32,
}

/// Companies prepared for ranking. Build once per catalog refresh; query for each organization.
pub struct CompanyIndex {
    entries: Vec<Indexed>,
    exact: HashMap<String, Vec<u32>>,
    first_word: HashMap<String, Vec<u32>>,
    trigrams: HashMap<u64, Vec<u32>>,
}

/// The normalised forms of one name, computed once per query.
struct Prepared {
    normalized: String,
    sorted: String,
    first_word: String,
    trigrams: Vec<u64>,
}

impl Prepared {
    fn new(name: &str) -> Self {
        let tokens = normalized_tokens(name);
        let normalized = tokens.join(" ");
        let mut sorted_tokens = tokens.clone();
        sorted_tokens.sort_unstable();
        Self {
            trigrams: trigrams(&normalized),
            sorted: sorted_tokens.join(" "),
            first_word: tokens.into_iter().next().unwrap_or_default(),
            normalized,
        }
    }
}

/// Per-query counters, reused across the organizations of one batch.
struct Scratch {
    shared: Vec<u16>,
    touched: Vec<u32>,
    candidates: Vec<u32>,
}

impl CompanyIndex {
    /// Prepares `companies` (already filtered to the selected company types) for ranking.
    pub fn build(companies: impl IntoIterator<Item = CompanyRef>) -> Self {
        let mut index = Self {
            entries: Vec::new(),
            exact: HashMap::new(),
            first_word: HashMap::new(),
            trigrams: HashMap::new(),
        };
        for company in companies {
            let id = u32::try_from(index.entries.len()).expect("fewer than 4 billion companies");
            let prepared = Prepared::new(&company.name);
            if prepared.normalized.is_empty() {
                continue;
            }
            index
                .exact
                .entry(prepared.normalized.clone())
                .or_default()
                .push(id);
            index
                .first_word
                .entry(prepared.first_word.clone())
                .or_default()
                .push(id);
            for &trigram in &prepared.trigrams {
                index.trigrams.entry(trigram).or_default().push(id);
            }
            index.entries.push(Indexed {
                company,
                normalized: prepared.normalized,
                sorted: prepared.sorted,
                trigram_count: u32::try_from(prepared.trigrams.len()).unwrap_or(u32::MAX),
            });
        }
        index
    }

    /// Number of companies that can be suggested (names that normalise to nothing are left out).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ranks companies for one organization: the best `limit` candidates, best first, and whether
    /// the top one is clear enough to accept in bulk.
    pub fn suggest(&self, org: &OrgRef, limit: usize) -> OrgSuggestion {
        self.suggest_with(org, limit, &mut self.scratch())
    }

    /// [`suggest`](Self::suggest) for many organizations, sharing the per-query buffers.
    pub fn suggest_all<'a>(
        &self,
        orgs: impl IntoIterator<Item = &'a OrgRef>,
        limit: usize,
    ) -> Vec<OrgSuggestion> {
        let mut scratch = self.scratch();
        orgs.into_iter()
            .map(|org| self.suggest_with(org, limit, &mut scratch))
            .collect()
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            shared: vec![0; self.entries.len()],
            touched: Vec::new(),
            candidates: Vec::new(),
        }
    }

    fn suggest_with(&self, org: &OrgRef, limit: usize, scratch: &mut Scratch) -> OrgSuggestion {
        let query = Prepared::new(&org.name);
        let mut ranked = Vec::new();
        if !query.normalized.is_empty() {
            self.collect_candidates(&query, scratch);
            ranked = scratch
                .candidates
                .iter()
                .filter_map(|&id| self.score(&query, &self.entries[id as usize]))
                .collect();
            ranked.sort_by(rank_order);
        }
        OrgSuggestion::from_ranked(org.id.clone(), ranked, limit)
    }

    /// Companies worth scoring: same normalised name, same first word, or enough shared trigrams.
    fn collect_candidates(&self, query: &Prepared, scratch: &mut Scratch) {
        scratch.candidates.clear();
        let buckets = [
            self.exact.get(&query.normalized),
            self.first_word.get(&query.first_word),
        ];
        scratch
            .candidates
            .extend(buckets.into_iter().flatten().flatten().copied());

        for trigram in &query.trigrams {
            for &id in self.trigrams.get(trigram).into_iter().flatten() {
                let count = &mut scratch.shared[id as usize];
                if *count == 0 {
                    scratch.touched.push(id);
                }
                *count = count.saturating_add(1);
            }
        }
        let query_count = query.trigrams.len() as f64;
        for &id in &scratch.touched {
            let shared = f64::from(scratch.shared[id as usize]);
            let total = query_count + f64::from(self.entries[id as usize].trigram_count);
            if 2.0 * shared / total >= DICE_MIN {
                scratch.candidates.push(id);
            }
            scratch.shared[id as usize] = 0;
        }
        scratch.touched.clear();
        scratch.candidates.sort_unstable();
        scratch.candidates.dedup();
    }

    fn score(&self, query: &Prepared, entry: &Indexed) -> Option<CompanyMatch> {
        let (reason, score) = if entry.normalized == query.normalized {
            (MatchReason::Exact, 1.0)
        } else {
            let similarity = similarity(&query.normalized, &entry.normalized)
                .max(similarity(&query.sorted, &entry.sorted));
            if is_word_prefix(&query.normalized, &entry.normalized) {
                (MatchReason::Prefix, similarity)
            } else if similarity >= SIMILAR_MIN {
                (MatchReason::Similar, similarity)
            } else {
                return None;
            }
        };
        Some(CompanyMatch {
            company_id: entry.company.id,
            identifier: entry.company.identifier.clone(),
            name: entry.company.name.clone(),
            reason,
            score,
        })
    }
}

/// Exact matches first, then prefixes, then similar names; higher scores first within each;
/// names and ids break ties so the order is stable.
pub(crate) fn rank_order(a: &CompanyMatch, b: &CompanyMatch) -> Ordering {
    a.reason
        .cmp(&b.reason)
        .then(b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal))
        .then_with(|| a.name.cmp(&b.name))
        .then(a.company_id.cmp(&b.company_id))
}

/// Similarity of two normalised names (0–1): the mean of Jaro-Winkler and normalised Levenshtein
/// (both from `strsim`, small and widely used). Jaro-Winkler is made for short names and forgives
/// typos, but it rewards a shared beginning so much that names sharing only a first word score
/// high ("smith jones partners" / "smith and sons": 0.88); Levenshtein counts every differing
/// letter and so pulls those down (mean 0.69) while a one-letter typo stays near 0.96. Callers
/// also compare the words sorted, which catches reordered names.
fn similarity(a: &str, b: &str) -> f64 {
    (strsim::jaro_winkler(a, b) + strsim::normalized_levenshtein(a, b)) / 2.0
}

/// One normalised name is the other's leading words ("acme" / "acme industries").
fn is_word_prefix(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= PREFIX_MIN_CHARS
        && long.len() > short.len()
        && long.starts_with(short)
        && long.as_bytes()[short.len()] == b' '
}

/// Distinct character trigrams of ` name ` (padded, so first and last letters weigh in), each
/// packed into a u64 (a char fits in 21 bits).
fn trigrams(normalized: &str) -> Vec<u64> {
    if normalized.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = std::iter::once(' ')
        .chain(normalized.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut out: Vec<u64> = chars
        .windows(3)
        .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_prefix_needs_a_word_boundary() {
        assert!(is_word_prefix("acme", "acme industries"));
        assert!(is_word_prefix("acme industries", "acme"));
        assert!(!is_word_prefix("acme", "acmeindustries"));
        assert!(!is_word_prefix("ab", "ab testing"));
        assert!(!is_word_prefix("acme", "acme"));
    }

    #[test]
    fn trigrams_are_padded_and_distinct() {
        assert_eq!(trigrams("aaaa").len(), 3); // " aa", "aaa", "aa "
        assert_eq!(trigrams("ab").len(), 2);
        assert!(trigrams("").is_empty());
    }
}
