//! The mapping screen's rows: every JumpCloud org with its state, read from the store in one
//! query, with suggestions ranked for the unmapped ones from the cached companies and each org's
//! latest recorded user count (so showing the screen costs no JumpCloud request per org).

use std::collections::HashMap;

use highwater_store::catalog::{self, additions, agreements, companies};
use highwater_store::{mappings, timestamp, user_count_samples, Connection};

use super::{broken_reason, view};
use crate::engine::Engine;
use crate::error::Result;
use crate::suggest::{
    AdditionSummary, AgreementSummary, CompanyIndex, CompanyRef, OrgRef, OrgSuggestion, Verdict,
};
use crate::views::{MappingRow, MappingRows, RowState, SuggestionView};

/// Candidates kept per org: the verdict needs the runner-up, the row shows the best.
const CANDIDATES: usize = 2;

impl Engine {
    /// Every org, by name, with its state. Reads the caches only (fast); refresh them with
    /// [`Engine::refresh_organizations`] and [`Engine::refresh_catalog`].
    pub fn mapping_rows(&self) -> Result<MappingRows> {
        self.read(|conn| {
            let rows = mappings::org_rows(conn)?;
            let mut latest: HashMap<String, user_count_samples::Sample> =
                user_count_samples::latest_per_org(conn)?
                    .into_iter()
                    .map(|s| (s.org_id.clone(), s))
                    .collect();
            let unmapped: Vec<OrgRef> = rows
                .iter()
                .filter(|r| r.mapping.is_none())
                .map(|r| OrgRef {
                    id: r.org.id.clone(),
                    name: r.org.name.clone(),
                })
                .collect();
            let mut suggestions: HashMap<String, OrgSuggestion> = if unmapped.is_empty() {
                HashMap::new()
            } else {
                suggestion_index(conn)?
                    .suggest_all(&unmapped, CANDIDATES)
                    .into_iter()
                    .map(|s| (s.org_id.clone(), s))
                    .collect()
            };
            let summaries = agreement_summaries(conn)?;
            let rows = rows
                .into_iter()
                .map(|row| {
                    let sample = latest.remove(&row.org.id);
                    let user_count = sample.as_ref().map(|s| u64::from(s.user_count));
                    let users_sampled_at = sample.map(|s| timestamp::to_text(s.sampled_at));
                    match row.mapping {
                        Some((mapping, target)) => {
                            let reason = broken_reason(&row.org, &mapping, &target);
                            MappingRow {
                                org_id: row.org.id,
                                org_name: row.org.name,
                                state: if reason.is_some() {
                                    RowState::Broken
                                } else {
                                    RowState::Mapped
                                },
                                mapping: Some(view(&mapping)),
                                reason,
                                suggestion: None,
                                user_count,
                                users_sampled_at,
                            }
                        }
                        None => {
                            let suggestion = suggestions
                                .remove(&row.org.id)
                                .and_then(|s| suggestion_view(&s, &summaries));
                            MappingRow {
                                org_id: row.org.id,
                                org_name: row.org.name,
                                state: if suggestion.is_some() {
                                    RowState::Suggested
                                } else {
                                    RowState::Unmapped
                                },
                                mapping: None,
                                reason: None,
                                suggestion,
                                user_count,
                                users_sampled_at,
                            }
                        }
                    }
                })
                .collect();
            Ok(MappingRows {
                rows,
                catalog_refreshed_at: catalog::last_refreshed_at(conn)?.map(timestamp::to_text),
            })
        })
    }
}

/// The billable companies, prepared for ranking.
pub(super) fn suggestion_index(conn: &Connection) -> highwater_store::Result<CompanyIndex> {
    Ok(CompanyIndex::build(
        companies::list_billable(conn)?
            .into_iter()
            .map(|c| CompanyRef {
                id: c.id,
                identifier: c.identifier,
                name: c.name,
            }),
    ))
}

/// Each cached company's agreements with their additions, for addition suggestions.
pub(super) fn agreement_summaries(
    conn: &Connection,
) -> highwater_store::Result<HashMap<i64, Vec<AgreementSummary>>> {
    let mut by_agreement: HashMap<i64, Vec<AdditionSummary>> = HashMap::new();
    for a in additions::list_all(conn)? {
        by_agreement
            .entry(a.agreement_id)
            .or_default()
            .push(AdditionSummary {
                id: a.id,
                cancelled: a.is_cancelled(),
                product_identifier: a.product_identifier,
                description: a.description,
            });
    }
    let mut by_company: HashMap<i64, Vec<AgreementSummary>> = HashMap::new();
    for a in agreements::list_all(conn)? {
        by_company
            .entry(a.company_id)
            .or_default()
            .push(AgreementSummary {
                id: a.id,
                company_id: a.company_id,
                active: a.is_active(),
                additions: by_agreement.remove(&a.id).unwrap_or_default(),
                name: a.name,
            });
    }
    Ok(by_company)
}

fn suggestion_view(
    s: &OrgSuggestion,
    summaries: &HashMap<i64, Vec<AgreementSummary>>,
) -> Option<SuggestionView> {
    let top = s.candidates.first()?;
    let proposal = summaries
        .get(&top.company_id)
        .and_then(|agreements| s.proposal(agreements));
    Some(SuggestionView {
        company_id: top.company_id,
        company_name: top.name.clone(),
        identifier: top.identifier.clone(),
        reason: top.reason_label(),
        score: top.score,
        ambiguous: s.verdict == Verdict::Ambiguous,
        agreement_id: proposal.map(|p| p.agreement_id),
        addition_id: proposal.map(|p| p.addition_id),
    })
}
