//! `JumpCloudClient`: provider discovery, the client-org list and per-org user counts.

use std::sync::Arc;

use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::{decode, Http};
use crate::lenient;
use crate::model::{BillableUsers, Organization, ProviderIdentity};

/// Page size of the provider org list (JumpCloud's maximum for it).
const ORG_PAGE_SIZE: usize = 100;

/// A JumpCloud MSP client; cheap to clone (clones share one connection pool).
#[derive(Debug, Clone)]
pub struct JumpCloudClient {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub http: Http,
    pub console: Url,
    pub insights: Url,
    pub orgs_per_insights_request: usize,
    pub insights_page_size: u32,
    pub concurrency: usize,
}

#[derive(Deserialize)]
struct SelfRecord {
    #[serde(default, rename = "_id", deserialize_with = "lenient::option")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    email: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    provider: Option<String>,
}

#[derive(Deserialize)]
struct OrgPage {
    #[serde(default)]
    results: Vec<Organization>,
    #[serde(rename = "totalCount")]
    total_count: usize,
}

#[derive(Deserialize)]
struct CountPage {
    #[serde(rename = "totalCount")]
    total_count: u64,
}

impl JumpCloudClient {
    /// Builds a client; fails on an unusable base URL or key, never on the network.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let console = config.console_url()?;
        let insights = config.insights_url()?;
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("highwater/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                http: Http::new(client, &config.api_key, config.retry)?,
                console,
                insights,
                orgs_per_insights_request: config.insights_orgs_per_request.max(1),
                insights_page_size: config.insights_page_size.clamp(1, 10_000),
                concurrency: config.concurrency.max(1),
            }),
        })
    }

    /// Finds the provider (MSP) id of the key's administrator with `GET /api/users/getSelf`.
    /// A single-tenant admin's key works but has no provider: that is [`Error::NotProviderKey`].
    pub async fn discover_provider(&self) -> Result<ProviderIdentity> {
        let mut url = endpoint(&self.inner.console, &["api", "users", "getSelf"]);
        url.query_pairs_mut()
            .append_pair("fields", "_id email provider");
        let (_, body) = self
            .inner
            .http
            .send(|| self.inner.http.get(url.clone()))
            .await?;
        let me: SelfRecord = decode(&body)?;
        match me.provider.filter(|p| !p.trim().is_empty()) {
            Some(provider_id) => Ok(ProviderIdentity {
                provider_id,
                admin_id: me.id,
                admin_email: me.email,
            }),
            None => Err(Error::NotProviderKey),
        }
    }

    /// Every client org of the provider (all pages of 100), sorted by name (case-insensitive),
    /// then id; an org seen twice across pages (the list moved while paging) is kept once.
    pub async fn organizations(&self, provider_id: &str) -> Result<Vec<Organization>> {
        let base = endpoint(
            &self.inner.console,
            &["api", "v2", "providers", provider_id, "organizations"],
        );
        let mut orgs: Vec<Organization> = Vec::new();
        let mut skip = 0;
        loop {
            let mut url = base.clone();
            url.query_pairs_mut()
                .append_pair("limit", &ORG_PAGE_SIZE.to_string())
                .append_pair("skip", &skip.to_string())
                .append_pair("sort", "name");
            let (_, body) = self
                .inner
                .http
                .send(|| self.inner.http.get(url.clone()))
                .await?;
            let page: OrgPage = decode(&body)?;
            let got = page.results.len();
            orgs.extend(page.results);
            skip += got;
            if got == 0 || skip >= page.total_count {
                break;
            }
        }
        orgs.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut seen = std::collections::HashSet::new();
        orgs.retain(|o| seen.insert(o.id.clone()));
        Ok(orgs)
    }

    /// Users of one org that count for billing, read cheaply from `totalCount` (`limit=1`).
    pub async fn user_count(&self, org_id: &str, billable: BillableUsers) -> Result<u64> {
        let org = org_header(org_id)?;
        let mut url = endpoint(&self.inner.console, &["api", "systemusers"]);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("limit", "1")
                .append_pair("skip", "0")
                .append_pair("fields", "_id");
            if billable == BillableUsers::ExcludeStaged {
                q.append_pair("filter", "state:$ne:STAGED");
            }
        }
        let (_, body) = self
            .inner
            .http
            .send(|| {
                self.inner
                    .http
                    .get(url.clone())
                    .header("x-org-id", org.clone())
            })
            .await?;
        Ok(decode::<CountPage>(&body)?.total_count)
    }

    /// [`Self::user_count`] for many orgs, `concurrency` at a time. One request per org (plus
    /// retries); results come back in the order of `org_ids`, each with its own outcome, so one
    /// failing org does not hide the others' counts.
    pub async fn user_counts(
        &self,
        org_ids: &[String],
        billable: BillableUsers,
    ) -> Vec<(String, Result<u64>)> {
        let permits = Arc::new(Semaphore::new(self.inner.concurrency));
        let mut tasks = JoinSet::new();
        for (index, org_id) in org_ids.iter().enumerate() {
            let client = self.clone();
            let permits = permits.clone();
            let org_id = org_id.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let result = client.user_count(&org_id, billable).await;
                (index, org_id, result)
            });
        }
        let mut out: Vec<Option<(String, Result<u64>)>> =
            (0..org_ids.len()).map(|_| None).collect();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((index, org_id, result)) => out[index] = Some((org_id, result)),
                // A panic in a task is a bug: surface it rather than report a made-up outcome.
                Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
                // Cancellation cannot happen: the set is owned here and never aborted.
                Err(_) => {}
            }
        }
        out.into_iter().flatten().collect()
    }
}

/// `base` plus path segments, each percent-encoded (ids come from outside).
pub(crate) fn endpoint(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// An `x-org-id` header value; JumpCloud ids are plain ASCII, anything else is refused up front.
pub(crate) fn org_header(org_id: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(org_id.trim())
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::Config(format!("invalid organization id {org_id:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_prefix_and_escape_ids() {
        let base = Url::parse("https://proxy.example/jc/").unwrap();
        assert_eq!(
            endpoint(&base, &["api", "v2", "providers", "a/b c", "organizations"]).as_str(),
            "https://proxy.example/jc/api/v2/providers/a%2Fb%20c/organizations"
        );
        let bare = Url::parse("http://127.0.0.1:9").unwrap();
        assert_eq!(
            endpoint(&bare, &["api", "systemusers"]).as_str(),
            "http://127.0.0.1:9/api/systemusers"
        );
        assert!(org_header("bad\nid").is_err());
        assert!(org_header("  ").is_err());
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = "9f3c2e7a1b4d8c6e0f2a9b7c5d3e1f0a2b4c6d8e";
        let config = crate::ClientConfig::new(key.into(), crate::Region::Us);
        let client = JumpCloudClient::new(config.clone()).unwrap();
        for text in [format!("{config:?}"), format!("{client:?}")] {
            assert!(!text.contains(key) && !text.contains("9f3c2e"), "{text}");
        }
    }
}
