//! The prepared company index: every company's normalised name, reachable by exact form, by
//! leading words and by character trigrams, so ranking one organization scores a few dozen
//! candidates instead of all 10,000 companies.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::normalize::normalized_tokens;
use super::similarity::{similarity, NameForms};
use super::{CompanyMatch, CompanyRef, MatchReason, OrgRef, OrgSuggestion};

/// Trigram Dice coefficient a company must reach to be scored as similar (exact and prefix
/// matches are found by name instead). Typos and reordered words keep most trigrams ("contoso" /
/// "contosso": 0.8); names sharing one word of three keep few.
const DICE_MIN: f64 = 0.5;
/// Dice ≥ DICE_MIN as whole numbers: shared ≥ ⌈DICE_MIN·(|A| + |B|)/2⌉ = ⌈(|A| + |B|)/4⌉,
/// computed per candidate in the hot loop.
const fn dice_required(a: usize, b: usize) -> usize {
    (a + b).div_ceil(4)
}

/// A prefix only counts when the shorter name has at least this many characters, so "a" is not a
/// prefix of every "A… Holdings".
const PREFIX_MIN_CHARS: usize = 3;

struct Indexed {
    company: CompanyRef,
    name: NameForms,
    trigrams: Vec<u64>,
}

/// Companies prepared for ranking. Build once per catalog refresh; query for each organization.
pub struct CompanyIndex {
    entries: Vec<Indexed>,
    exact: HashMap<String, Vec<u32>>,
    /// Entry ids in normalised-name order: the companies starting with given words are a range.
    by_name: Vec<u32>,
    trigrams: HashMap<u64, Vec<u32>>,
    /// Trigram count per entry, apart from the entries so the candidate filter stays in cache.
    trigram_counts: Vec<u16>,
}

/// The normalised forms of one name, computed once per query.
struct Prepared {
    tokens: Vec<String>,
    name: NameForms,
    trigrams: Vec<u64>,
}

impl Prepared {
    fn new(name: &str) -> Self {
        let tokens = normalized_tokens(name);
        let name = NameForms::new(&tokens);
        Self {
            trigrams: trigrams(&name.normalized),
            name,
            tokens,
        }
    }
}

/// Per-query buffers, reused across the organizations of one batch.
struct Scratch {
    seen: Vec<bool>,
    candidates: Vec<u32>,
    probes: Vec<(usize, u64)>,
    /// Per company: how many of the probed trigrams it holds.
    probed_hits: Vec<u16>,
    touched: Vec<u32>,
}

/// A scored candidate before its company data is copied out (only the top few ever are).
struct Scored {
    id: u32,
    reason: MatchReason,
    score: f64,
}

impl CompanyIndex {
    /// Prepares `companies` (already filtered to the selected company types) for ranking.
    pub fn build(companies: impl IntoIterator<Item = CompanyRef>) -> Self {
        let mut index = Self {
            entries: Vec::new(),
            exact: HashMap::new(),
            by_name: Vec::new(),
            trigrams: HashMap::new(),
            trigram_counts: Vec::new(),
        };
        for company in companies {
            let id = u32::try_from(index.entries.len()).expect("fewer than 4 billion companies");
            let prepared = Prepared::new(&company.name);
            if prepared.name.normalized.is_empty() {
                continue;
            }
            index
                .exact
                .entry(prepared.name.normalized.clone())
                .or_default()
                .push(id);
            for &trigram in &prepared.trigrams {
                index.trigrams.entry(trigram).or_default().push(id);
            }
            index
                .trigram_counts
                .push(u16::try_from(prepared.trigrams.len()).unwrap_or(u16::MAX));
            index.entries.push(Indexed {
                company,
                name: prepared.name,
                trigrams: prepared.trigrams,
            });
        }
        let mut by_name: Vec<u32> = (0..index.entries.len() as u32).collect();
        by_name.sort_by(|&a, &b| {
            index.entries[a as usize]
                .name
                .normalized
                .cmp(&index.entries[b as usize].name.normalized)
        });
        index.by_name = by_name;
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
            seen: vec![false; self.entries.len()],
            candidates: Vec::new(),
            probes: Vec::new(),
            probed_hits: vec![0; self.entries.len()],
            touched: Vec::new(),
        }
    }

    fn suggest_with(&self, org: &OrgRef, limit: usize, scratch: &mut Scratch) -> OrgSuggestion {
        let query = Prepared::new(&org.name);
        let mut scored = Vec::new();
        if !query.name.normalized.is_empty() {
            self.collect_candidates(&query, scratch);
            scored = scratch
                .candidates
                .iter()
                .filter_map(|&id| self.score(&query, id))
                .collect();
            for &id in &scratch.candidates {
                scratch.seen[id as usize] = false;
            }
        }
        scored.sort_by(|a, b| self.rank(a, b));
        // The verdict needs the runner-up even when `limit` is 1.
        let ranked = scored
            .iter()
            .take(limit.max(2))
            .map(|s| self.materialise(s))
            .collect();
        OrgSuggestion::from_ranked(org.id.clone(), ranked, limit)
    }

    /// Companies worth scoring: the same normalised name, names that extend it or that it
    /// extends by whole words, and names sharing enough trigrams.
    fn collect_candidates(&self, query: &Prepared, scratch: &mut Scratch) {
        scratch.candidates.clear();
        let add = |id: u32, scratch: &mut Scratch| {
            if !std::mem::replace(&mut scratch.seen[id as usize], true) {
                scratch.candidates.push(id);
            }
        };

        // The query and its leading words ("acme industries" → "acme").
        for words in (1..=query.tokens.len()).rev() {
            let leading = query.tokens[..words].join(" ");
            if words < query.tokens.len() && leading.chars().count() < PREFIX_MIN_CHARS {
                break;
            }
            for &id in self.exact.get(&leading).into_iter().flatten() {
                add(id, scratch);
            }
        }
        // Names the query is the leading words of ("acme" → "acme industries").
        if query.name.chars >= PREFIX_MIN_CHARS {
            let start = format!("{} ", query.name.normalized);
            let from = self
                .by_name
                .partition_point(|&id| self.entries[id as usize].name.normalized < start);
            for &id in &self.by_name[from..] {
                if !self.entries[id as usize]
                    .name
                    .normalized
                    .starts_with(&start)
                {
                    break;
                }
                add(id, scratch);
            }
        }

        // Trigrams, with prefix filtering: Dice ≥ t needs at least t·|Q|/(2−t) shared trigrams,
        // so a candidate must hold one of the query's |Q| − that + 1 rarest ones. Probing only
        // those skips the biggest buckets (" an", "and", "ser"…). Hits among the probed trigrams
        // plus every unprobed one bound what a company can share; only companies within that
        // bound's reach get the exact count (the unprobed few looked up in its sorted list).
        let total = query.trigrams.len();
        let needed = ((DICE_MIN * total as f64) / (2.0 - DICE_MIN)).ceil() as usize;
        let probe_count = (total + 1).saturating_sub(needed.max(1)).min(total);
        scratch.probes.clear();
        scratch.probes.extend(query.trigrams.iter().map(|&t| {
            let size = self.trigrams.get(&t).map_or(0, Vec::len);
            (size, t)
        }));
        scratch.probes.sort_unstable();
        for &(_, trigram) in &scratch.probes[..probe_count] {
            for &id in self.trigrams.get(&trigram).into_iter().flatten() {
                let hits = &mut scratch.probed_hits[id as usize];
                if *hits == 0 {
                    scratch.touched.push(id);
                }
                *hits = hits.saturating_add(1);
            }
        }
        let unprobed = &scratch.probes[probe_count..];
        for &id in &scratch.touched {
            let hits = usize::from(std::mem::take(&mut scratch.probed_hits[id as usize]));
            if scratch.seen[id as usize] {
                continue;
            }
            let other = usize::from(self.trigram_counts[id as usize]);
            let required = dice_required(total, other);
            let accept = hits >= required
                || (hits + unprobed.len().min(other.saturating_sub(hits)) >= required
                    && hits + count_present(unprobed, &self.entries[id as usize].trigrams)
                        >= required);
            if accept {
                scratch.seen[id as usize] = true;
                scratch.candidates.push(id);
            }
        }
        scratch.touched.clear();
    }

    fn score(&self, query: &Prepared, id: u32) -> Option<Scored> {
        let entry = &self.entries[id as usize];
        let (query_name, entry_name) = (&query.name.normalized, &entry.name.normalized);
        let (reason, score) = if entry_name == query_name {
            (MatchReason::Exact, 1.0)
        } else if is_word_prefix(query_name, entry_name) {
            // Scored only to order prefixes among themselves.
            (MatchReason::Prefix, similarity(query_name, entry_name))
        } else {
            (
                MatchReason::Similar,
                query.name.similarity_if_similar(&entry.name)?,
            )
        };
        Some(Scored { id, reason, score })
    }

    /// Exact matches first, then prefixes, then similar names; higher scores first within each;
    /// names and ids break ties so the order is stable.
    fn rank(&self, a: &Scored, b: &Scored) -> Ordering {
        let (ea, eb) = (&self.entries[a.id as usize], &self.entries[b.id as usize]);
        a.reason
            .cmp(&b.reason)
            .then(b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal))
            .then_with(|| ea.company.name.cmp(&eb.company.name))
            .then(ea.company.id.cmp(&eb.company.id))
    }

    fn materialise(&self, scored: &Scored) -> CompanyMatch {
        let company = &self.entries[scored.id as usize].company;
        CompanyMatch {
            company_id: company.id,
            identifier: company.identifier.clone(),
            name: company.name.clone(),
            reason: scored.reason,
            score: scored.score,
        }
    }
}

/// How many of the `probes`' trigrams `sorted` (a company's sorted, distinct trigrams) holds:
/// a binary search each, for the few common trigrams that were not probed.
fn count_present(probes: &[(usize, u64)], sorted: &[u64]) -> usize {
    probes
        .iter()
        .filter(|(_, trigram)| sorted.binary_search(trigram).is_ok())
        .count()
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
    fn dice_required_matches_dice_min() {
        for a in 1..40 {
            for b in 1..40 {
                let required = dice_required(a, b);
                let dice = |shared: usize| 2.0 * shared as f64 / (a + b) as f64;
                assert!(dice(required) >= DICE_MIN, "{a} {b}");
                assert!(dice(required - 1) < DICE_MIN, "{a} {b}");
            }
        }
    }

    #[test]
    fn trigrams_are_padded_and_distinct() {
        assert_eq!(trigrams("aaaa").len(), 3); // " aa", "aaa", "aa "
        assert_eq!(trigrams("ab").len(), 2);
        assert!(trigrams("").is_empty());
    }
}
