//! The pickers' lists, read from the cache: companies of the selected types, a company's active
//! agreements, an agreement's non-cancelled additions. A list never fetched, or asked to refresh,
//! is fetched first; an id the cache does not know is looked up in ConnectWise before it is
//! refused.

use chrono::{DateTime, Utc};
use highwater_connectwise::{ConnectWiseClient, Error as CwError};
use highwater_store::catalog::{self, additions, agreements, companies, CatalogPart};
use highwater_store::{company_type_selection, timestamp};

use super::convert;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::{AdditionView, AgreementView, CompanyView, Listing};

impl Engine {
    /// Companies offered for mapping: a selected type, not deleted, each once, by name.
    pub async fn companies(&self, refresh: bool) -> Result<Listing<CompanyView>> {
        self.with_connectwise(|client| async move {
            if refresh {
                self.refresh_companies(&client).await?;
            } else {
                self.ensure_companies(&client).await?;
            }
            Ok(())
        })
        .await?;
        let (rows, at) = self.read(|c| {
            Ok((
                companies::list_billable(c)?,
                catalog::refreshed_at(c, CatalogPart::Companies)?,
            ))
        })?;
        Ok(Listing {
            items: rows
                .into_iter()
                .map(|c| CompanyView {
                    id: c.id,
                    identifier: c.identifier,
                    name: c.name,
                })
                .collect(),
            refreshed_at: at.map(timestamp::to_text),
        })
    }

    /// A billable company's active agreements.
    pub async fn agreements(
        &self,
        company_id: i64,
        refresh: bool,
    ) -> Result<Listing<AgreementView>> {
        self.with_connectwise(|client| async move {
            self.billable_company(&client, company_id).await?;
            let cached = self.read(|c| agreements::list_for_company(c, company_id))?;
            if refresh || cached.is_empty() {
                self.refresh_agreements(&client, company_id).await?;
            }
            Ok(())
        })
        .await?;
        let rows = self.read(|c| agreements::list_for_company(c, company_id))?;
        let refreshed_at = newest(rows.iter().map(|a| a.refreshed_at));
        Ok(Listing {
            items: rows
                .into_iter()
                .filter(agreements::Agreement::is_active)
                .map(|a| AgreementView {
                    id: a.id,
                    name: a.name,
                    type_name: a.type_name,
                })
                .collect(),
            refreshed_at,
        })
    }

    /// An active agreement's non-cancelled additions.
    pub async fn additions(
        &self,
        agreement_id: i64,
        refresh: bool,
    ) -> Result<Listing<AdditionView>> {
        self.with_connectwise(|client| async move {
            let client = &client;
            let (agreement, fetched) = match self.read(|c| agreements::get(c, agreement_id))? {
                Some(a) if !refresh => (a, false),
                _ => (self.fetch_agreement(client, agreement_id).await?, true),
            };
            if !agreement.is_active() {
                return Err(Error::validation(
                    "agreement",
                    format!(
                        "Agreement {agreement_id} (\"{}\") is not active ({}).",
                        agreement.name,
                        agreement.status.as_deref().unwrap_or("cancelled")
                    ),
                ));
            }
            if fetched {
                self.cache_agreement(client, &agreement).await?;
            }
            let cached = self.read(|c| additions::list_for_agreement(c, agreement_id))?;
            if refresh || cached.is_empty() {
                self.refresh_additions(client, agreement_id).await?;
            }
            Ok(())
        })
        .await?;
        let rows = self.read(|c| additions::list_for_agreement(c, agreement_id))?;
        let refreshed_at = newest(rows.iter().map(|a| a.refreshed_at));
        Ok(Listing {
            items: rows
                .into_iter()
                .filter(|a| !a.is_cancelled())
                .map(|a| AdditionView {
                    id: a.id,
                    product: a.product_identifier,
                    description: a.description,
                    quantity: a.quantity.to_f64(),
                    unit_cost: a.unit_cost.map(|v| v.to_f64()),
                    unit_price: a.unit_price.map(|v| v.to_f64()),
                })
                .collect(),
            refreshed_at,
        })
    }

    /// The cached company, looked up in ConnectWise when the cache misses it; refused unless it
    /// is billable (a selected type, not deleted). A refused company is not cached.
    pub(crate) async fn billable_company(
        &self,
        client: &ConnectWiseClient,
        company_id: i64,
    ) -> Result<companies::Company> {
        if let Some(company) = self.read(|c| companies::get(c, company_id))? {
            self.check_billable(&company)?;
            return Ok(company);
        }
        let company = self.fetch_company(client, company_id).await?;
        self.check_billable(&company)?;
        self.write(|tx| companies::upsert(tx, &company))?;
        Ok(company)
    }

    /// Refuses a company that is deleted or has none of the selected types.
    pub(crate) fn check_billable(&self, company: &companies::Company) -> Result<()> {
        if company.deleted {
            return Err(Error::validation(
                "company",
                format!(
                    "Company {} (\"{}\") is deleted in ConnectWise.",
                    company.id, company.name
                ),
            ));
        }
        let selected = self.read(company_type_selection::selected_ids)?;
        if !company.type_ids.iter().any(|t| selected.contains(t)) {
            return Err(Error::validation(
                "company",
                format!(
                    "Company {} (\"{}\") has none of the selected company types.",
                    company.id, company.name
                ),
            ));
        }
        Ok(())
    }

    /// Reads one company from ConnectWise (not cached here).
    pub(crate) async fn fetch_company(
        &self,
        client: &ConnectWiseClient,
        company_id: i64,
    ) -> Result<companies::Company> {
        match client.company(company_id).await {
            Ok(c) => Ok(convert::company(&c, Utc::now())),
            Err(CwError::NotFound { .. }) => Err(Error::validation(
                "company",
                format!("ConnectWise has no company with ID {company_id}."),
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Reads one agreement from ConnectWise (not cached here).
    pub(crate) async fn fetch_agreement(
        &self,
        client: &ConnectWiseClient,
        agreement_id: i64,
    ) -> Result<agreements::Agreement> {
        let missing = || {
            Error::validation(
                "agreement",
                format!("ConnectWise has no agreement with ID {agreement_id}."),
            )
        };
        match client.agreement(agreement_id).await {
            Ok(a) => convert::agreement(&a, Utc::now()).ok_or_else(missing),
            Err(CwError::NotFound { .. }) => Err(missing()),
            Err(err) => Err(err.into()),
        }
    }

    /// Caches an agreement, with its company when the cache lacks it (foreign key).
    async fn cache_agreement(
        &self,
        client: &ConnectWiseClient,
        agreement: &agreements::Agreement,
    ) -> Result<()> {
        let company = match self.read(|c| companies::get(c, agreement.company_id))? {
            Some(_) => None,
            None => Some(self.fetch_company(client, agreement.company_id).await?),
        };
        self.write(|tx| {
            if let Some(company) = &company {
                companies::upsert(tx, company)?;
            }
            agreements::upsert(tx, agreement)
        })
    }
}

fn newest(times: impl Iterator<Item = DateTime<Utc>>) -> Option<String> {
    times.max().map(timestamp::to_text)
}
