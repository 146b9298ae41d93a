//! Accepting suggestions, one by one or in bulk. Only a clear suggestion (never an ambiguous one)
//! whose company has exactly one JumpCloud-looking addition is applied, and it goes through the
//! same live validation as a mapping the admin picked.

use highwater_store::catalog::agreements;

use super::rows::{agreement_summaries, suggestion_index};
use super::set::MappingTarget;
use crate::engine::Engine;
use crate::error::Result;
use crate::suggest::{CompanyIndex, OrgRef, Verdict};
use crate::views::{AcceptOutcome, AcceptStatus, RowState};

impl Engine {
    /// Accepts the suggestion for one org.
    pub async fn accept_suggestion(&self, org_id: &str) -> Result<AcceptOutcome> {
        let index = self.read(suggestion_index)?;
        self.accept_with(&index, org_id).await
    }

    /// Accepts the suggestions for `org_ids`, or for every unmapped org with a clear suggestion
    /// when `None`. One outcome per org; a validation refusal fails that org only, while a
    /// ConnectWise outage stops the batch with its error.
    pub async fn accept_suggestions(
        &self,
        org_ids: Option<&[String]>,
    ) -> Result<Vec<AcceptOutcome>> {
        let ids: Vec<String> = match org_ids {
            Some(ids) => ids.to_vec(),
            None => self
                .mapping_rows()?
                .rows
                .into_iter()
                .filter(|r| {
                    r.state == RowState::Suggested
                        && r.suggestion.as_ref().is_some_and(|s| !s.ambiguous)
                })
                .map(|r| r.org_id)
                .collect(),
        };
        let index = self.read(suggestion_index)?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in &ids {
            outcomes.push(self.accept_with(&index, id).await?);
        }
        Ok(outcomes)
    }

    async fn accept_with(&self, index: &CompanyIndex, org_id: &str) -> Result<AcceptOutcome> {
        let org = self.known_org(org_id).await?;
        let skipped = |message: String| AcceptOutcome {
            org_id: org.id.clone(),
            status: AcceptStatus::Skipped,
            mapping: None,
            message,
        };
        if self
            .read(|c| highwater_store::mappings::get(c, &org.id))?
            .is_some()
        {
            return Ok(skipped("The organization is already mapped.".to_owned()));
        }
        let suggestion = index.suggest(
            &OrgRef {
                id: org.id.clone(),
                name: org.name.clone(),
            },
            2,
        );
        let Some(company) = suggestion.best().cloned() else {
            return Ok(skipped(match suggestion.verdict {
                Verdict::Ambiguous => format!(
                    "Several companies match \"{}\" equally well ({}); choose one.",
                    org.name,
                    suggestion
                        .candidates
                        .iter()
                        .map(|c| format!("\"{}\"", c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => format!("No company is similar to \"{}\".", org.name),
            }));
        };
        // The proposal needs the company's current agreements and additions.
        let company_id = company.company_id;
        self.with_connectwise(|client| async move {
            self.refresh_agreements(&client, company_id).await?;
            let active: Vec<i64> = self
                .read(|c| agreements::list_for_company(c, company_id))?
                .into_iter()
                .filter(agreements::Agreement::is_active)
                .map(|a| a.id)
                .collect();
            for agreement_id in active {
                self.refresh_additions(&client, agreement_id).await?;
            }
            Ok(())
        })
        .await?;
        let summaries = self.read(agreement_summaries)?;
        let proposal = summaries
            .get(&company.company_id)
            .and_then(|agreements| suggestion.proposal(agreements));
        let Some(proposal) = proposal else {
            return Ok(skipped(format!(
                "\"{}\" has no single active agreement with exactly one JumpCloud addition; \
                 choose the agreement and addition.",
                company.name
            )));
        };
        let target = MappingTarget {
            company_id: proposal.company_id,
            agreement_id: proposal.agreement_id,
            addition_id: proposal.addition_id,
        };
        match self.set_mapping(&org.id, target).await {
            Ok(saved) => Ok(AcceptOutcome {
                org_id: org.id,
                status: AcceptStatus::Applied,
                mapping: Some(saved.mapping),
                message: format!("{} ({})", saved.message, company.reason_label()),
            }),
            Err(err) if !err.is_service_failure() => Ok(AcceptOutcome {
                org_id: org.id,
                status: AcceptStatus::Failed,
                mapping: None,
                message: err.to_string(),
            }),
            Err(err) => Err(err),
        }
    }
}
