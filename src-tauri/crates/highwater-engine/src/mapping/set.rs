//! Saving one org's mapping, validated live against ConnectWise (the cache may be stale): the
//! company has a selected type and is not deleted, the agreement belongs to it and is active, the
//! addition belongs to the agreement and is not cancelled. A mismatch is a Validation error
//! naming the field; nothing is saved. Removing a mapping is journaled.

use chrono::Utc;
use highwater_connectwise::{ConnectWiseClient, Error as CwError};
use highwater_store::audit_journal::{self, JournalEntry};
use highwater_store::catalog::{additions, agreements, companies};
use highwater_store::mappings::{self, Mapping};
use highwater_store::organizations::{self, ListedOrganization};
use serde_json::json;

use super::view;
use crate::catalog::convert;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::{MappingSaved, MappingView, Unmapped};

/// What an org is to be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappingTarget {
    pub company_id: i64,
    pub agreement_id: i64,
    pub addition_id: i64,
}

impl Engine {
    /// Validates `target` against ConnectWise and saves it: "Agreements have been saved". The
    /// targets as read are cached with the mapping, in one transaction; a refusal writes nothing.
    pub async fn set_mapping(&self, org_id: &str, target: MappingTarget) -> Result<MappingSaved> {
        let org = self.known_org(org_id).await?;
        let org_id = org.id.as_str();
        let checked = self
            .with_connectwise(|client| async move { self.validate(&client, org_id, target).await })
            .await?;
        let mapping = &checked.mapping;
        let before = self.read(|c| mappings::get(c, &org.id))?;
        let actor = self.options().actor.clone();
        self.write(|tx| {
            companies::upsert(tx, &checked.company)?;
            agreements::upsert(tx, &checked.agreement)?;
            additions::upsert(tx, &checked.addition)?;
            mappings::upsert(tx, mapping)?;
            audit_journal::append(
                tx,
                &JournalEntry {
                    at: mapping.updated_at,
                    actor,
                    action: "mapping.saved".to_owned(),
                    run_id: None,
                    entity: Some(format!("mapping:{}", org.id)),
                    before: before.as_ref().map(journal_json),
                    after: Some(journal_json(mapping)),
                    message: format!(
                        "Mapped \"{}\" to {} / {} / {}.",
                        org.name,
                        mapping.company_name,
                        mapping.agreement_name,
                        mapping.addition_name
                    ),
                },
            )
        })?;
        Ok(MappingSaved {
            message: "Agreements have been saved".to_owned(),
            org_id: org.id,
            mapping: view(mapping),
        })
    }

    /// Removes an org's mapping (it stops syncing); journaled when there was one.
    pub fn unmap(&self, org_id: &str) -> Result<Unmapped> {
        let actor = self.options().actor.clone();
        let removed = self.write(|tx| {
            let Some(before) = mappings::get(tx, org_id)? else {
                return Ok(None);
            };
            mappings::delete(tx, org_id)?;
            audit_journal::append(
                tx,
                &JournalEntry {
                    at: Utc::now(),
                    actor,
                    action: "mapping.removed".to_owned(),
                    run_id: None,
                    entity: Some(format!("mapping:{org_id}")),
                    before: Some(journal_json(&before)),
                    after: None,
                    message: format!(
                        "Removed the mapping of organization {org_id} to {} / {}.",
                        before.company_name, before.addition_name
                    ),
                },
            )?;
            Ok(Some(before))
        })?;
        if removed.is_none() && self.read(|c| organizations::get(c, org_id))?.is_none() {
            return Err(unknown_org(org_id));
        }
        Ok(Unmapped {
            org_id: org_id.to_owned(),
            was_mapped: removed.is_some(),
        })
    }

    /// The cached org; JumpCloud is re-read once when the cache misses it (and the list cached
    /// only when it has the org, so a refused command writes nothing).
    pub(crate) async fn known_org(&self, org_id: &str) -> Result<organizations::Organization> {
        if let Some(org) = self.read(|c| organizations::get(c, org_id))? {
            return Ok(org);
        }
        let (client, connection) = self.jumpcloud()?;
        let listed = client.organizations(&connection.provider_id).await?;
        if !listed.iter().any(|o| o.id == org_id) {
            return Err(unknown_org(org_id));
        }
        let listed: Vec<ListedOrganization> = listed
            .into_iter()
            .map(|o| ListedOrganization {
                id: o.id,
                name: o.name,
            })
            .collect();
        self.write(|tx| organizations::replace_all(tx, &listed, Utc::now()))?;
        self.read(|c| organizations::get(c, org_id))?
            .ok_or_else(|| unknown_org(org_id))
    }

    /// The live checks, in the order the picker fills the fields.
    async fn validate(
        &self,
        client: &ConnectWiseClient,
        org_id: &str,
        target: MappingTarget,
    ) -> Result<Checked> {
        let company = self.fetch_company(client, target.company_id).await?;
        self.check_billable(&company)?;

        let agreement = self.fetch_agreement(client, target.agreement_id).await?;
        if agreement.company_id != company.id {
            return Err(Error::validation(
                "agreement",
                format!(
                    "Agreement {} (\"{}\") belongs to company {}, not to company {} (\"{}\").",
                    agreement.id, agreement.name, agreement.company_id, company.id, company.name
                ),
            ));
        }
        if !agreement.is_active() {
            return Err(Error::validation(
                "agreement",
                format!(
                    "Agreement {} (\"{}\") is not active ({}).",
                    agreement.id,
                    agreement.name,
                    agreement.status.as_deref().unwrap_or("cancelled")
                ),
            ));
        }

        let not_in_agreement = || {
            Error::validation(
                "addition",
                format!(
                    "Agreement {} (\"{}\") has no addition with ID {}.",
                    agreement.id, agreement.name, target.addition_id
                ),
            )
        };
        let now = Utc::now();
        let addition = match client.addition(agreement.id, target.addition_id).await {
            Ok(a) if a.agreement_id.is_some_and(|id| id != agreement.id) => {
                return Err(not_in_agreement())
            }
            Ok(a) => convert::addition(agreement.id, &a, now)?,
            Err(CwError::NotFound { .. }) => return Err(not_in_agreement()),
            Err(err) => return Err(err.into()),
        };
        if let Some(at) = addition.cancelled_at {
            return Err(Error::validation(
                "addition",
                format!(
                    "Addition {} (\"{}\") was cancelled on {}.",
                    addition.id,
                    addition.product_identifier,
                    at.format("%Y-%m-%d")
                ),
            ));
        }
        let created_at = self
            .read(|c| mappings::get(c, org_id))?
            .map_or(now, |m| m.created_at);
        let mapping = Mapping {
            org_id: org_id.to_owned(),
            company_id: company.id,
            company_name: company.name.clone(),
            agreement_id: agreement.id,
            agreement_name: agreement.name.clone(),
            addition_id: addition.id,
            addition_name: addition.product_identifier.clone(),
            created_at,
            updated_at: now,
        };
        Ok(Checked {
            company,
            agreement,
            addition,
            mapping,
        })
    }
}

/// A validated mapping with its targets as ConnectWise returned them.
struct Checked {
    company: companies::Company,
    agreement: agreements::Agreement,
    addition: additions::Addition,
    mapping: Mapping,
}

fn unknown_org(org_id: &str) -> Error {
    Error::validation(
        "org",
        format!("JumpCloud has no organization with ID \"{org_id}\"."),
    )
}

fn journal_json(m: &Mapping) -> serde_json::Value {
    json!({
        "company_id": m.company_id, "company_name": m.company_name,
        "agreement_id": m.agreement_id, "agreement_name": m.agreement_name,
        "addition_id": m.addition_id, "addition_name": m.addition_name,
    })
}

impl From<&MappingView> for MappingTarget {
    fn from(m: &MappingView) -> Self {
        Self {
            company_id: m.company_id,
            agreement_id: m.agreement_id,
            addition_id: m.addition_id,
        }
    }
}
