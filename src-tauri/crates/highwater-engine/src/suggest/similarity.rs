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

/// [`similarity`] when it can reach [`SIMILAR_MIN`], else `None`: the cheaper Jaro-Winkler
/// with a ceiling of normalised Levenshtein decides before the Levenshtein matrix is filled.
pub(super) fn bounded_similarity(a: &str, b: &str, levenshtein_ceiling: f64) -> Option<f64> {
    let jaro_winkler = jaro_winkler(a, b);
    if (jaro_winkler + levenshtein_ceiling) / 2.0 < SIMILAR_MIN {
        return None;
    }
    let score = (jaro_winkler + normalized_levenshtein(a, b)) / 2.0;
    (score >= SIMILAR_MIN).then_some(score)
}

/// A byte slice that strsim's generic functions can walk. Normalised names are nearly always
/// ASCII (diacritics are folded), and comparing bytes then gives the same result as comparing
/// characters while skipping strsim's repeated UTF-8 decoding — its `&str` Jaro spends most of
/// its time there.
struct Bytes<'s>(&'s [u8]);

impl<'a, 's> IntoIterator for &'a Bytes<'s> {
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
pub(super) struct CharBag([u8; 38]);

impl CharBag {
    pub(super) fn of(normalized: &str) -> Self {
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

    /// max(characters only in self, characters only in other), counted as multisets.
    pub(super) fn distance(&self, other: &Self) -> usize {
        let (mut only_self, mut only_other) = (0usize, 0usize);
        for (&a, &b) in self.0.iter().zip(&other.0) {
            if a > b {
                only_self += usize::from(a - b);
            } else {
                only_other += usize::from(b - a);
            }
        }
        only_self.max(only_other)
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
            let bag = CharBag::of(a).distance(&CharBag::of(b));
            assert!(bag <= strsim::levenshtein(a, b), "{a:?} / {b:?}");
        }
        assert_eq!(CharBag::of("abc").distance(&CharBag::of("cab")), 0);
        assert_eq!(CharBag::of("acme").distance(&CharBag::of("acne")), 1);
    }

    #[test]
    fn bounded_similarity_only_cuts_pairs_below_the_threshold() {
        for &(a, b) in PAIRS {
            let full = similarity(a, b);
            let ceiling = 1.0
                - CharBag::of(a).distance(&CharBag::of(b)) as f64
                    / a.chars().count().max(b.chars().count()).max(1) as f64;
            match bounded_similarity(a, b, ceiling) {
                Some(score) => assert!((score - full).abs() < 1e-12 && score >= SIMILAR_MIN),
                None => assert!(full < SIMILAR_MIN, "{a:?} / {b:?} cut at {full}"),
            }
        }
    }
}
