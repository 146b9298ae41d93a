//! Filling the catalog cache from ConnectWise. Lists that leave rows out (active agreements only,
//! non-cancelled additions only) are followed by one read of each mapped target they left out, so
//! a mapping's cancelled agreement or addition is cached as cancelled, not mistaken for gone.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use highwater_connectwise::{CompanyFilter, ConnectWiseClient, Error as CwError};
use highwater_store::catalog::{additions, agreements, companies, company_types};
use highwater_store::mappings;

use super::convert;
use crate::engine::Engine;
use crate::error::Result;
use crate::views::CatalogRefreshed;

impl Engine {
    /// Refreshes the whole cache: company types, every company, and the agreements and additions
    /// of every mapping (so broken mappings show).
    pub async fn refresh_catalog(&self) -> Result<CatalogRefreshed> {
        self.with_connectwise(|client| async move {
            let client = &client;
            let company_types = self.refresh_company_types(client).await?;
            let companies = self.refresh_companies(client).await?;
            let mapped = self.read(mappings::list)?;
            let company_ids: BTreeSet<i64> = mapped.iter().map(|m| m.company_id).collect();
            let mut agreement_count = 0;
            for company_id in company_ids {
                agreement_count += self.refresh_agreements(client, company_id).await?;
            }
            let agreement_ids: BTreeSet<i64> = mapped.iter().map(|m| m.agreement_id).collect();
            let mut addition_count = 0;
            for agreement_id in agreement_ids {
                addition_count += self.refresh_additions(client, agreement_id).await?;
            }
            Ok(CatalogRefreshed {
                company_types,
                companies,
                agreements: agreement_count,
                additions: addition_count,
                refreshed_at: highwater_store::timestamp::to_text(Utc::now()),
            })
        })
        .await
    }

    pub(crate) async fn refresh_company_types(&self, client: &ConnectWiseClient) -> Result<usize> {
        let now = Utc::now();
        let cached = fetch_company_types(client, now).await?;
        self.write(|tx| company_types::replace_all(tx, &cached, now))?;
        Ok(cached.len())
    }

    /// Every company of every type, deleted ones included: the selection then applies without a
    /// refetch, and a mapped company that was deleted or lost its type is seen as such.
    pub(crate) async fn refresh_companies(&self, client: &ConnectWiseClient) -> Result<usize> {
        let filter = CompanyFilter {
            type_ids: Vec::new(),
            include_deleted: true,
        };
        let listed = client.companies(&filter).await?;
        let now = Utc::now();
        let cached: Vec<companies::Company> =
            listed.iter().map(|c| convert::company(c, now)).collect();
        self.write(|tx| companies::replace_all(tx, &cached, now))?;
        Ok(cached.len())
    }

    /// Re-reads one company's active agreements, plus any mapped agreement of it not listed.
    /// The company must be cached. Returns how many agreements were cached.
    pub(crate) async fn refresh_agreements(
        &self,
        client: &ConnectWiseClient,
        company_id: i64,
    ) -> Result<usize> {
        if self.read(|c| companies::get(c, company_id))?.is_none() {
            return Ok(0);
        }
        let now = Utc::now();
        let listed = client.active_agreements(company_id).await?;
        let mut cached: Vec<agreements::Agreement> = listed
            .iter()
            .filter_map(|a| convert::agreement(a, now))
            .filter(|a| a.company_id == company_id)
            .collect();
        let mapped: BTreeSet<i64> = self
            .read(mappings::list)?
            .into_iter()
            .filter(|m| m.company_id == company_id)
            .map(|m| m.agreement_id)
            .collect();
        for id in mapped {
            if cached.iter().any(|a| a.id == id) {
                continue;
            }
            match client.agreement(id).await {
                Ok(a) => cached
                    .extend(convert::agreement(&a, now).filter(|a| a.company_id == company_id)),
                Err(CwError::NotFound { .. }) => {}
                Err(err) => return Err(err.into()),
            }
        }
        self.write(|tx| agreements::replace_for_company(tx, company_id, &cached))?;
        Ok(cached.len())
    }

    /// Re-reads one agreement's non-cancelled additions, plus any mapped addition of it not
    /// listed. The agreement must be cached. Returns how many additions were cached.
    pub(crate) async fn refresh_additions(
        &self,
        client: &ConnectWiseClient,
        agreement_id: i64,
    ) -> Result<usize> {
        if self.read(|c| agreements::get(c, agreement_id))?.is_none() {
            return Ok(0);
        }
        let now = Utc::now();
        let listed = client.additions(agreement_id).await?;
        let mut cached = listed
            .iter()
            .map(|a| convert::addition(agreement_id, a, now))
            .collect::<Result<Vec<_>>>()?;
        let mapped: BTreeSet<i64> = self
            .read(mappings::list)?
            .into_iter()
            .filter(|m| m.agreement_id == agreement_id)
            .map(|m| m.addition_id)
            .collect();
        for id in mapped {
            if cached.iter().any(|a| a.id == id) {
                continue;
            }
            match client.addition(agreement_id, id).await {
                Ok(a) => cached.push(convert::addition(agreement_id, &a, now)?),
                Err(CwError::NotFound { .. }) => {}
                Err(err) => return Err(err.into()),
            }
        }
        self.write(|tx| additions::replace_for_agreement(tx, agreement_id, &cached))?;
        Ok(cached.len())
    }

    /// Loads the company list when it was never fetched.
    pub(crate) async fn ensure_companies(&self, client: &ConnectWiseClient) -> Result<()> {
        let fetched: Option<DateTime<Utc>> = self.read(|c| {
            highwater_store::catalog::refreshed_at(
                c,
                highwater_store::catalog::CatalogPart::Companies,
            )
        })?;
        if fetched.is_none() {
            self.refresh_companies(client).await?;
        }
        Ok(())
    }
}

/// ConnectWise's company types, each with its count of companies that are not deleted. The count
/// is ConnectWise's own (`/company/companies/count`, one call per type), not the cache's, because
/// the company cache may not have been filled yet when the checklist is first shown.
pub(crate) async fn fetch_company_types(
    client: &ConnectWiseClient,
    at: DateTime<Utc>,
) -> Result<Vec<company_types::CompanyType>> {
    let types = client.company_types().await?;
    let mut cached = Vec::with_capacity(types.len());
    for t in types {
        let count = client
            .count_companies(&CompanyFilter::of_types([t.id]))
            .await?;
        cached.push(company_types::CompanyType {
            id: t.id,
            name: t.name,
            company_count: Some(count),
            refreshed_at: at,
        });
    }
    Ok(cached)
}
