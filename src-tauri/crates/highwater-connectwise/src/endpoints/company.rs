//! Company types and companies.

use crate::client::ConnectWiseClient;
use crate::conditions::{field, Condition};
use crate::error::Result;
use crate::models::{Company, CompanyType};
use crate::paging::Pages;

/// Which companies to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyFilter {
    /// Only companies having at least one of these type ids (all types when empty).
    pub type_ids: Vec<i64>,
    /// Include soft-deleted companies (excluded by default).
    pub include_deleted: bool,
}

impl CompanyFilter {
    /// Companies of any of `type_ids`, not deleted.
    pub fn of_types(type_ids: impl IntoIterator<Item = i64>) -> Self {
        Self {
            type_ids: type_ids.into_iter().collect(),
            include_deleted: false,
        }
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if !self.include_deleted {
            q.push(("conditions", field("deletedFlag").eq(false).to_string()));
        }
        if !self.type_ids.is_empty() {
            // `types` is an array, so it is filtered with childConditions ("any element matches").
            let c: Condition = field("types/id").is_in(self.type_ids.iter().copied());
            q.push(("childConditions", c.to_string()));
        }
        q.push(("orderBy", "id asc".to_owned()));
        q
    }
}

impl ConnectWiseClient {
    /// `GET /company/companies/types` — every company type.
    pub async fn company_types(&self) -> Result<Vec<CompanyType>> {
        self.list_all("company/companies/types", &[("orderBy", "name asc".into())])
            .await
    }

    /// `GET /company/companies` with the filter, all pages.
    pub async fn companies(&self, filter: &CompanyFilter) -> Result<Vec<Company>> {
        self.list_all("company/companies", &filter.query()).await
    }

    /// The same list page by page (1,000 rows each), for callers that stream.
    pub fn companies_paged(&self, filter: &CompanyFilter) -> Result<Pages<Company>> {
        self.pages("company/companies", &filter.query())
    }

    /// `GET /company/companies/count` with the filter.
    pub async fn count_companies(&self, filter: &CompanyFilter) -> Result<u64> {
        let q: Vec<_> = filter
            .query()
            .into_iter()
            .filter(|(k, _)| *k != "orderBy")
            .collect();
        self.count("company/companies", &q).await
    }

    /// `GET /company/companies/{id}`.
    pub async fn company(&self, id: i64) -> Result<Company> {
        self.get_one(&format!("company/companies/{id}"), &[]).await
    }

    /// Companies whose name equals `name` exactly (quotes and brackets in it are escaped).
    pub async fn companies_named(&self, name: &str) -> Result<Vec<Company>> {
        let c = field("name").eq(name).and(field("deletedFlag").eq(false));
        self.list_all("company/companies", &[("conditions", c.to_string())])
            .await
    }

    /// Companies whose name contains `text` literally.
    pub async fn search_companies(&self, text: &str) -> Result<Vec<Company>> {
        let c = field("name")
            .contains(text)
            .and(field("deletedFlag").eq(false));
        self.list_all("company/companies", &[("conditions", c.to_string())])
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_query() {
        let q = CompanyFilter::of_types([1, 5]).query();
        assert_eq!(
            q,
            vec![
                ("conditions", "deletedFlag=false".to_owned()),
                ("childConditions", "types/id in (1,5)".to_owned()),
                ("orderBy", "id asc".to_owned()),
            ]
        );
        let all = CompanyFilter {
            type_ids: vec![],
            include_deleted: true,
        };
        assert_eq!(all.query(), vec![("orderBy", "id asc".to_owned())]);
    }
}
