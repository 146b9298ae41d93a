//! Name similarity: the score behind "similar: 0.86", and cheap bounds that rule a pair out
//! before the expensive comparisons run.

/// Pairs below this [`similarity`] are not suggested: one or two wrong letters in a name of a
/// dozen stay above it, names that merely share a first word ("acme widgets" / "acme plumbing":
/// 0.60) fall well below.
pub const SIMILAR_MIN: f64 = 0.85;

/// Similarity of two normalised names (0–1): the mean of Jaro-Winkler and normalised Levenshtein
/// (both from `strsim`, small and widely used). Jaro-Winkler is made for short names and forgives
/// typos, but it rewards a shared beginning so much that names sharing only a first word score
/// high ("smith jones partners" / "smith and sons": 0.88); Levenshtein counts every differing
/// letter and so pulls those down (mean 0.69) while a one-letter typo stays near 0.96. Callers
/// also compare the words sorted, which catches reordered names.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    (jaro_winkler(a, b) + normalized_levenshtein(a, b)) / 2.0
}

/// Jaro-Winkler's prefix bonus: 0.1 per shared leading character, at most four (as in strsim).
const PREFIX_SCALE: f64 = 0.1;
const PREFIX_MAX: usize = 4;

/// A normalised name in the forms the comparison needs, computed once per name.
pub(super) struct NameForms {
    pub(super) normalized: String,
    /// Words in sorted order: compared too, so "Jones Smith" still meets "Smith Jones".
    pub(super) sorted: String,
    pub(super) chars: usize,
    bag: CharBag,
}

impl NameForms {
    pub(super) fn new(tokens: &[String]) -> Self {
        let normalized = tokens.join(" ");
        let mut sorted: Vec<&str> = tokens.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        Self {
            sorted: sorted.join(" "),
            chars: normalized.chars().count(),
            bag: CharBag::of(&normalized),
            normalized,
        }
    }

    /// The better [`similarity`] of the names as written and with sorted words, when it reaches
    /// [`SIMILAR_MIN`]. Most pairs are ruled out from letter counts alone, before any string is
    /// compared: edit distance is at least the letters one name has and the other lacks, and
    /// Jaro can match no more letters than the two names have in common, so both scores have a
    /// ceiling that costs one pass over 38 counters.
    pub(super) fn similarity_if_similar(&self, other: &NameForms) -> Option<f64> {
        let (only_self, only_other) = self.bag.difference(&other.bag);
        let longest = self.chars.max(other.chars).max(1) as f64;
        let levenshtein_ceiling = 1.0 - only_self.max(only_other) as f64 / longest;
        let common = self.chars.saturating_sub(only_self) as f64;
        let jaro_ceiling = if self.chars == 0 && other.chars == 0 {
            1.0
        } else if common == 0.0 {
            0.0
        } else {
            (common / self.chars as f64 + common / other.chars as f64 + 1.0) / 3.0
        };
        let reachable = |a: &str, b: &str| {
            let prefix = a
                .bytes()
                .zip(b.bytes())
                .take(PREFIX_MAX)
                .take_while(|(x, y)| x == y)
                .count();
            let jaro_winkler_ceiling =
                jaro_ceiling + PREFIX_SCALE * prefix as f64 * (1.0 - jaro_ceiling);
            (jaro_winkler_ceiling + levenshtein_ceiling) / 2.0 >= SIMILAR_MIN
        };
        let compare = |a: &str, b: &str| {
            if !reachable(a, b) {
                return None;
            }
            // Jaro-Winkler is the cheaper half; Levenshtein only runs when it could still pass.
            let jaro_winkler = jaro_winkler(a, b);
            if (jaro_winkler + levenshtein_ceiling) / 2.0 < SIMILAR_MIN {
                return None;
            }
            let score = (jaro_winkler + normalized_levenshtein(a, b)) / 2.0;
            (score >= SIMILAR_MIN).then_some(score)
        };
        let plain = compare(&self.normalized, &other.normalized);
        let reordered = if self.sorted != self.normalized || other.sorted != other.normalized {
            compare(&self.sorted, &other.sorted)
        } else {
            None
        };
        match (plain, reordered) {
            (Some(p), Some(r)) => Some(p.max(r)),
            (p, r) => p.or(r),
        }
    }
}

/// A byte slice that strsim's generic functions can walk. Normalised names are nearly always
/// ASCII (diacritics are folded), and comparing bytes then gives the same result as comparing
/// characters while skipping strsim's repeated UTF-8 decoding — its `&str` Jaro spends most of
/// its time there.
struct Bytes<'s>(&'s [u8]);

impl<'s> IntoIterator for &Bytes<'s> {
    type Item = &'s u8;
    type IntoIter = std::slice::Iter<'s, u8>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(a.as_bytes()), &Bytes(b.as_bytes()))
    } else {
        strsim::jaro_winkler(a, b)
    }
}

fn normalized_levenshtein(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        let longest = a.len().max(b.len());
        if longest == 0 {
            return 1.0;
        }
        let distance = strsim::generic_levenshtein(&Bytes(a.as_bytes()), &Bytes(b.as_bytes()));
        1.0 - distance as f64 / longest as f64
    } else {
        strsim::normalized_levenshtein(a, b)
    }
}

/// Letter counts of a normalised name (a–z, 0–9, space, everything else in one slot), for the
/// bag distance: a lower bound of the edit distance that costs one pass over 38 counters.
/// Lumping letters together or saturating a count only lowers it, so it stays a lower bound.
#[derive(Clone, Copy)]
struct CharBag([u8; 38]);

impl CharBag {
    fn of(normalized: &str) -> Self {
        let mut counts = [0u8; 38];
        for c in normalized.chars() {
            let slot = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + (c as usize - '0' as usize),
                ' ' => 36,
                _ => 37,
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Self(counts)
    }

    /// (characters only in self, characters only in other), counted as multisets. The larger
    /// is the bag distance, a lower bound of the edit distance.
    fn difference(&self, other: &Self) -> (usize, usize) {
        // Branch-free saturating differences, which the compiler turns into SIMD.
        let only = |a: &[u8; 38], b: &[u8; 38]| -> usize {
            a.iter()
                .zip(b)
                .map(|(&x, &y)| usize::from(x.saturating_sub(y)))
                .sum()
        };
        (only(&self.0, &other.0), only(&other.0, &self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIRS: &[(&str, &str)] = &[
        ("northwnd traders", "northwind traders"),
        ("contoso traders", "contosa traders"),
        ("smith jones partners", "smith and sons"),
        ("acme widgets", "acme plumbing"),
        ("jones smith partners", "smith jones partners"),
        ("muller", "mueller"),
        ("societe generale", "société générale"),
        ("łodz", "lodz"),
        ("", "acme"),
        ("", ""),
    ];

    #[test]
    fn byte_path_agrees_with_strsim() {
        for &(a, b) in PAIRS {
            let expected =
                (strsim::jaro_winkler(a, b) + strsim::normalized_levenshtein(a, b)) / 2.0;
            assert!(
                (similarity(a, b) - expected).abs() < 1e-12,
                "{a:?} / {b:?}: {} vs {expected}",
                similarity(a, b)
            );
        }
    }

    #[test]
    fn bag_distance_never_exceeds_edit_distance() {
        for &(a, b) in PAIRS {
            let (only_a, only_b) = CharBag::of(a).difference(&CharBag::of(b));
            let bag = only_a.max(only_b);
            assert!(bag <= strsim::levenshtein(a, b), "{a:?} / {b:?}");
        }
        assert_eq!(CharBag::of("abc").difference(&CharBag::of("cab")), (0, 0));
        assert_eq!(CharBag::of("acme").difference(&CharBag::of("acne")), (1, 1));
        assert_eq!(
            CharBag::of("acme").difference(&CharBag::of("acme co")),
            (0, 3)
        );
    }

    #[test]
    fn ceilings_only_cut_pairs_below_the_threshold() {
        let forms = |name: &str| {
            let tokens: Vec<String> = name.split_whitespace().map(str::to_owned).collect();
            NameForms::new(&tokens)
        };
        for &(a, b) in PAIRS {
            let (fa, fb) = (forms(a), forms(b));
            let full = similarity(a, b).max(similarity(&fa.sorted, &fb.sorted));
            match fa.similarity_if_similar(&fb) {
                Some(score) => assert!((score - full).abs() < 1e-12 && score >= SIMILAR_MIN),
                None => assert!(full < SIMILAR_MIN, "{a:?} / {b:?} cut at {full}"),
            }
        }
        // Reordered words meet through the sorted form.
        let reordered =
            forms("jones smith partners").similarity_if_similar(&forms("smith jones partners"));
        assert_eq!(reordered, Some(1.0));
    }
}
