//! The pickers' lists, read from the cache: companies of the selected types, a company's active
//! agreements, an agreement's non-cancelled additions. A list never fetched, or asked to refresh,
//! is fetched first; an id the cache does not know is looked up in ConnectWise before it is
//! refused.

use chrono::{DateTime, Utc};
use highwater_connectwise::{ConnectWiseClient, Error as CwError};
use highwater_store::catalog::{self, additions, agreements, companies, CatalogPart};
use highwater_store::timestamp;

use super::convert;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::{AdditionView, AgreementView, CompanyView, Listing};

impl Engine {
    /// Companies offered for mapping: a selected type, not deleted, each once, by name.
    pub async fn companies(&self, refresh: bool) -> Result<Listing<CompanyView>> {
        let link = self.connectwise()?;
        if refresh {
            self.refresh_companies(&link).await?;
        } else {
            self.ensure_companies(&link).await?;
        }
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
    pub async fn agreements(&self, company_id: i64, refresh: bool) -> Result<Listing<AgreementView>> {
        let link = self.connectwise()?;
        let client = &link;
        self.billable_company(client, company_id).await?;
        let cached = self.read(|c| agreements::list_for_company(c, company_id))?;
        if refresh || cached.is_empty() {
            self.refresh_agreements(client, company_id).await?;
        }
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
    pub async fn additions(&self, agreement_id: i64, refresh: bool) -> Result<Listing<AdditionView>> {
        let link = self.connectwise()?;
        let client = &link;
        let agreement = match self.read(|c| agreements::get(c, agreement_id))? {
            Some(a) if !refresh => a,
            _ => self.fetch_agreement(client, agreement_id).await?,
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
        let cached = self.read(|c| additions::list_for_agreement(c, agreement_id))?;
        if refresh || cached.is_empty() {
            self.refresh_additions(client, agreement_id).await?;
        }
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
    /// is billable (a selected type, not deleted).
    pub(crate) async fn billable_company(
        &self,
        client: &ConnectWiseClient,
        company_id: i64,
    ) -> Result<companies::Company> {
        self.ensure_companies(client).await?;
        let company = match self.read(|c| companies::get(c, company_id))? {
            Some(company) => company,
            None => self.fetch_company(client, company_id).await?,
        };
        if company.deleted {
            return Err(Error::validation(
                "company",
                format!("Company {company_id} (\"{}\") is deleted in ConnectWise.", company.name),
            ));
        }
        if !self.read(|c| companies::has_selected_type(c, company_id))? {
            return Err(Error::validation(
                "company",
                format!(
                    "Company {company_id} (\"{}\") has none of the selected company types.",
                    company.name
                ),
            ));
        }
        Ok(company)
    }

    /// Reads one company from ConnectWise into the cache.
    pub(crate) async fn fetch_company(
        &self,
        client: &ConnectWiseClient,
        company_id: i64,
    ) -> Result<companies::Company> {
        let company = match client.company(company_id).await {
            Ok(c) => convert::company(&c, Utc::now()),
            Err(CwError::NotFound { .. }) => {
                return Err(Error::validation(
                    "company",
                    format!("ConnectWise has no company with ID {company_id}."),
                ))
            }
            Err(err) => return Err(err.into()),
        };
        self.write(|tx| companies::upsert(tx, &company))?;
        Ok(company)
    }

    /// Reads one agreement (and, when needed, its company) from ConnectWise into the cache.
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
        let agreement = match client.agreement(agreement_id).await {
            Ok(a) => convert::agreement(&a, Utc::now()).ok_or_else(missing)?,
            Err(CwError::NotFound { .. }) => return Err(missing()),
            Err(err) => return Err(err.into()),
        };
        if self.read(|c| companies::get(c, agreement.company_id))?.is_none() {
            self.fetch_company(client, agreement.company_id).await?;
        }
        self.write(|tx| agreements::upsert(tx, &agreement))?;
        Ok(agreement)
    }
}

fn newest(times: impl Iterator<Item = DateTime<Utc>>) -> Option<String> {
    times.max().map(timestamp::to_text)
}
