//! The billable company types: listed from ConnectWise (cached), the selection saved, at least one
//! selected, unknown ids refused. Only companies of a selected type are offered for mapping.

use chrono::Utc;
use highwater_store::catalog::company_types;
use highwater_store::company_type_selection;

use crate::catalog::fetch_company_types;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::CompanyTypeView;

impl Engine {
    /// Every company type with its selected flag; fetched when never cached or on `refresh`.
    pub async fn company_types(&self, refresh: bool) -> Result<Vec<CompanyTypeView>> {
        self.with_connectwise(|client| async move {
            if refresh || self.read(company_types::list)?.is_empty() {
                self.refresh_company_types(&client).await?;
            }
            Ok(())
        })
        .await?;
        self.type_views()
    }

    /// Replaces the selection. At least one type; every id must be a ConnectWise company type
    /// (the list is re-read once before an unknown id is refused). A refusal writes nothing.
    pub async fn set_company_types(&self, type_ids: &[i64]) -> Result<Vec<CompanyTypeView>> {
        if type_ids.is_empty() {
            return Err(Error::validation(
                "company_types",
                "Select at least one company type.",
            ));
        }
        let unknown = |known: &[i64]| -> Vec<i64> {
            type_ids
                .iter()
                .copied()
                .filter(|id| !known.contains(id))
                .collect()
        };
        let now = Utc::now();
        let fetched = self
            .with_connectwise(|client| async move {
                let cached: Vec<i64> = self
                    .read(company_types::list)?
                    .into_iter()
                    .map(|t| t.id)
                    .collect();
                if unknown(&cached).is_empty() {
                    return Ok(None);
                }
                let listed = fetch_company_types(&client, now).await?;
                let ids: Vec<i64> = listed.iter().map(|t| t.id).collect();
                let still_unknown = unknown(&ids);
                if !still_unknown.is_empty() {
                    let ids: Vec<String> = still_unknown.iter().map(i64::to_string).collect();
                    return Err(Error::validation(
                        "company_types",
                        format!(
                            "ConnectWise has no company type with ID {}.",
                            ids.join(", ")
                        ),
                    ));
                }
                Ok(Some(listed))
            })
            .await?;
        self.write(|tx| {
            if let Some(listed) = &fetched {
                company_types::replace_all(tx, listed, now)?;
            }
            company_type_selection::set(tx, type_ids, now)
        })?;
        self.type_views()
    }

    fn type_views(&self) -> Result<Vec<CompanyTypeView>> {
        self.read(|c| {
            let selected = company_type_selection::selected_ids(c)?;
            Ok(company_types::list(c)?
                .into_iter()
                .map(|t| CompanyTypeView {
                    selected: selected.contains(&t.id),
                    id: t.id,
                    name: t.name,
                    company_count: t.company_count,
                })
                .collect())
        })
    }
}
