//! Mapping suggestions: for unmapped JumpCloud organizations, rank ConnectWise companies by
//! normalised-name similarity, say why ("exact after normalising", "prefix", "similar: 0.86"),
//! flag ambiguous cases (never to be auto-applied), and propose the agreement and addition when a
//! company has exactly one that looks like JumpCloud. Plain data in, plain data out: the engine
//! feeds it from the store's catalog cache.

mod addition;
mod index;
mod normalize;
mod similarity;

pub use addition::{looks_like_jumpcloud, suggest_addition, AdditionSuggestion};
pub use index::CompanyIndex;
pub use normalize::normalize_name;
pub use similarity::SIMILAR_MIN;

use serde::Serialize;

/// Two top candidates of the same kind whose scores differ by less than this are a toss-up.
pub const AMBIGUITY_MARGIN: f64 = 0.05;

/// A JumpCloud organization to find a company for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRef {
    pub id: String,
    pub name: String,
}

/// A ConnectWise company that may be suggested (of a selected type, not deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRef {
    pub id: i64,
    pub identifier: String,
    pub name: String,
}

/// A company's agreement, with its additions, as far as suggestions need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementSummary {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    /// Active in ConnectWise terms: not cancelled and not expired.
    pub active: bool,
    pub additions: Vec<AdditionSummary>,
}

/// A product addition of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdditionSummary {
    pub id: i64,
    pub product_identifier: String,
    pub description: Option<String>,
    pub cancelled: bool,
}

/// Why a company was suggested. The order is the ranking order: exact before prefix before similar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The normalised names are equal.
    Exact,
    /// One normalised name is the other's leading words.
    Prefix,
    /// Similarity of the normalised names (mean of Jaro-Winkler and normalised Levenshtein) at
    /// or above [`SIMILAR_MIN`].
    Similar,
}

/// One ranked candidate company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyMatch {
    pub company_id: i64,
    pub identifier: String,
    pub name: String,
    pub reason: MatchReason,
    /// 1.0 for exact matches, else the name similarity (0–1).
    pub score: f64,
}

impl CompanyMatch {
    /// The reason as shown to the admin: "exact after normalising", "prefix", "similar: 0.86".
    pub fn reason_label(&self) -> String {
        match self.reason {
            MatchReason::Exact => "exact after normalising".to_owned(),
            MatchReason::Prefix => "prefix".to_owned(),
            MatchReason::Similar => format!("similar: {:.2}", self.score),
        }
    }
}

/// How far the ranking can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No company is similar enough.
    NoMatch,
    /// The top candidate stands out; it may be accepted in bulk.
    Clear,
    /// The top two are equally good (e.g. "Acme Inc" and "ACME, Inc."): the admin must choose.
    Ambiguous,
}

/// The ranking for one organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgSuggestion {
    pub org_id: String,
    /// Best first.
    pub candidates: Vec<CompanyMatch>,
    pub verdict: Verdict,
}

/// A complete mapping ready to be validated and saved (the admin still accepts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MappingProposal {
    pub company_id: i64,
    pub agreement_id: i64,
    pub addition_id: i64,
}

impl OrgSuggestion {
    /// `ranked` must already be in ranking order; the verdict looks at the full ranking before it
    /// is cut to `limit`, so a cut never hides a tie.
    pub(crate) fn from_ranked(org_id: String, mut ranked: Vec<CompanyMatch>, limit: usize) -> Self {
        let verdict = match ranked.as_slice() {
            [] => Verdict::NoMatch,
            [_] => Verdict::Clear,
            [first, second, ..] if is_toss_up(first, second) => Verdict::Ambiguous,
            _ => Verdict::Clear,
        };
        ranked.truncate(limit.max(1));
        Self {
            org_id,
            candidates: ranked,
            verdict,
        }
    }

    /// The candidate that may be applied without the admin choosing: the top one, only when the
    /// verdict is [`Verdict::Clear`]. Ambiguous rankings never yield one.
    pub fn best(&self) -> Option<&CompanyMatch> {
        match self.verdict {
            Verdict::Clear => self.candidates.first(),
            Verdict::NoMatch | Verdict::Ambiguous => None,
        }
    }

    /// The full mapping when the company is clear and its agreements (any list; only the best
    /// company's are looked at) hold exactly one JumpCloud-looking addition, see [`suggest_addition`].
    pub fn proposal(&self, agreements: &[AgreementSummary]) -> Option<MappingProposal> {
        let company = self.best()?;
        let own: Vec<AgreementSummary> = agreements
            .iter()
            .filter(|a| a.company_id == company.company_id)
            .cloned()
            .collect();
        let addition = suggest_addition(&own)?;
        Some(MappingProposal {
            company_id: company.company_id,
            agreement_id: addition.agreement_id,
            addition_id: addition.addition_id,
        })
    }
}

/// Same kind of match and nearly the same score. Two exact matches, or two prefixes, are always
/// a toss-up: nothing in the name tells them apart.
fn is_toss_up(first: &CompanyMatch, second: &CompanyMatch) -> bool {
    first.reason == second.reason
        && (first.reason != MatchReason::Similar || first.score - second.score < AMBIGUITY_MARGIN)
}

#[cfg(test)]
mod tests;
