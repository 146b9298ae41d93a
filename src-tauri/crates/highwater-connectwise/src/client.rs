//! [`ConnectWiseClient`]: construction (discovery or an explicit base URL) and the generic verbs
//! the endpoint modules build on — get one, list all pages, count, patch, post.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use url::Url;

use crate::classify::decode;
use crate::config::ClientConfig;
use crate::discovery::{discover, Discovery};
use crate::error::{Error, Result};
use crate::paging::Pages;
use crate::retry::Method;
use crate::site::Site;
use crate::transport::Transport;

/// A ConnectWise Manage API client. Cheap to clone; clones share the connection pool and the
/// concurrency bound.
#[derive(Clone)]
pub struct ConnectWiseClient {
    inner: Arc<Transport>,
}

impl std::fmt::Debug for ConnectWiseClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectWiseClient")
            .field("api_base", &self.inner.api_base().as_str())
            .finish_non_exhaustive()
    }
}

impl ConnectWiseClient {
    /// Builds a client: uses `config.api_base_url` when set, otherwise discovers the API host and
    /// codebase with `companyinfo` (one unauthenticated request).
    pub async fn connect(config: &ClientConfig) -> Result<Self> {
        match &config.api_base_url {
            Some(base) => Self::with_api_base(config, base),
            None => {
                let Discovery { api_base, .. } = discover(config).await?;
                Self::build(config, api_base)
            }
        }
    }

    /// Builds a client for a known API base (`…/{codebase}/apis/3.0`), without network.
    pub fn with_api_base(config: &ClientConfig, api_base: &str) -> Result<Self> {
        Self::build(config, parse_api_base(api_base)?)
    }

    fn build(config: &ClientConfig, api_base: Url) -> Result<Self> {
        Ok(Self {
            inner: Arc::new(Transport::new(config, api_base)?),
        })
    }

    /// The API base in use now, ending in `apis/3.0/`. It changes when a 404 reveals that the
    /// codebase moved (a cloud upgrade); every clone sees the change.
    pub fn api_base(&self) -> String {
        self.inner.api_base().into()
    }

    pub(crate) async fn get_one<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        let target = self.inner.url(path, query)?;
        let reply = self.inner.send(Method::Get, target, None).await?;
        decode(200, &reply.body)
    }

    /// All rows of a list endpoint, following `Link: rel="next"` with 1,000-row pages.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>> {
        let mut pages = self.pages::<T>(path, query)?;
        let mut all = Vec::new();
        while let Some(page) = pages.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }

    /// Page-by-page access to a list endpoint (for callers that stream).
    pub(crate) fn pages<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Pages<T>> {
        Pages::new(self.inner.clone(), path, query)
    }

    /// `{path}/count` with the same filters.
    pub(crate) async fn count(&self, path: &str, query: &[(&str, String)]) -> Result<u64> {
        #[derive(serde::Deserialize)]
        struct Count {
            count: u64,
        }
        let counted: Count = self.get_one(&format!("{path}/count"), query).await?;
        Ok(counted.count)
    }

    pub(crate) async fn patch<T: DeserializeOwned>(
        &self,
        path: &str,
        ops: &serde_json::Value,
    ) -> Result<T> {
        let target = self.inner.url(path, &[])?;
        let reply = self.inner.send(Method::Patch, target, Some(ops)).await?;
        decode(200, &reply.body)
    }

    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T> {
        let target = self.inner.url(path, &[])?;
        let reply = self.inner.send(Method::Post, target, Some(body)).await?;
        decode(201, &reply.body)
    }
}

/// Validates an explicit API base: http only for loopback, and a trailing slash so joins append.
fn parse_api_base(raw: &str) -> Result<Url> {
    let mut url = Url::parse(raw.trim()).map_err(|e| Error::InvalidInput {
        field: "api_base_url",
        reason: e.to_string(),
    })?;
    let authority = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        (None, _) => {
            return Err(Error::InvalidInput {
                field: "api_base_url",
                reason: "it has no host".into(),
            })
        }
    };
    let site = Site::parse(&authority)?.site;
    match url.scheme() {
        "https" => {}
        "http" if site.is_loopback() => {}
        other => {
            return Err(Error::InvalidInput {
                field: "api_base_url",
                reason: format!(
                    "scheme \"{other}\" is not allowed (https, or http for this computer only)"
                ),
            })
        }
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_rules() {
        assert_eq!(
            parse_api_base("http://127.0.0.1:9/v4_6_release/apis/3.0")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/v4_6_release/apis/3.0/"
        );
        assert!(parse_api_base("https://cw.example.com/v4_6_release/apis/3.0/").is_ok());
        assert!(parse_api_base("http://cw.example.com/v4_6_release/apis/3.0").is_err());
        assert!(parse_api_base("ftp://127.0.0.1/x").is_err());
    }
}
