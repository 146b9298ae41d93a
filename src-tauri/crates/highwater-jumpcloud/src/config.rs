//! How to reach JumpCloud: the key, the region (US or EU hosts), optional base-URL overrides for
//! the console (`/api`, `/api/v2`) and Directory Insights hosts, timeouts, retries and batch sizes.

use std::time::Duration;

use highwater_secret::Secret;
use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;

/// JumpCloud data-centre region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    #[default]
    Us,
    Eu,
}

impl Region {
    /// Host of the v1/v2 APIs (paths `/api/...`).
    pub fn console_url(self) -> &'static str {
        match self {
            Self::Us => "https://console.jumpcloud.com",
            Self::Eu => "https://console.eu.jumpcloud.com",
        }
    }

    /// Host of Directory Insights (path `/insights/directory/v1`); EU uses `api.eu`, as the SDK does.
    pub fn insights_url(self) -> &'static str {
        match self {
            Self::Us => "https://api.jumpcloud.com",
            Self::Eu => "https://api.eu.jumpcloud.com",
        }
    }
}

/// Everything a [`crate::JumpCloudClient`] needs.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// A provider (MSP) administrator API key.
    pub api_key: Secret,
    pub region: Region,
    /// Replaces the region's console host (scheme, host, port, optional path prefix).
    pub console_base_url: Option<String>,
    /// Replaces the region's Directory Insights host.
    pub insights_base_url: Option<String>,
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Orgs per Directory Insights request (one `x-org-id` header each). JumpCloud states no
    /// limit, but header-count and size limits of proxies are unconfirmed, so batches stay small.
    pub insights_orgs_per_request: usize,
    /// Events per Directory Insights page (JumpCloud's maximum is 10,000).
    pub insights_page_size: u32,
    /// Concurrent requests when reading many orgs' user counts.
    pub concurrency: usize,
}

impl ClientConfig {
    /// Defaults: 30 s timeout, JumpCloud-like retries, 50 orgs and 10,000 events per DI request,
    /// 8 concurrent count requests.
    pub fn new(api_key: Secret, region: Region) -> Self {
        Self {
            api_key,
            region,
            console_base_url: None,
            insights_base_url: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            insights_orgs_per_request: 50,
            insights_page_size: 10_000,
            concurrency: 8,
        }
    }

    /// Points both the console and the Directory Insights calls at one base (e.g. the sandbox).
    pub fn with_base_url(mut self, base: impl Into<String>) -> Self {
        let base = base.into();
        self.console_base_url = Some(base.clone());
        self.insights_base_url = Some(base);
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub(crate) fn console_url(&self) -> Result<Url> {
        base_url(
            self.console_base_url
                .as_deref()
                .unwrap_or(self.region.console_url()),
        )
    }

    pub(crate) fn insights_url(&self) -> Result<Url> {
        base_url(
            self.insights_base_url
                .as_deref()
                .unwrap_or(self.region.insights_url()),
        )
    }
}

/// Parses a base URL: https anywhere, plain http only to a loopback host (the sandbox), so a
/// typo can never send the key in clear text over a network.
pub(crate) fn base_url(raw: &str) -> Result<Url> {
    let url =
        Url::parse(raw.trim()).map_err(|e| Error::Config(format!("base URL {raw:?}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "base URL {raw:?} uses plain http; only https is allowed except for loopback hosts"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "base URL {raw:?} has unsupported scheme {other}"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {raw:?} must not carry a query or fragment"
        )));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_for_loopback() {
        let ok = [
            "https://console.jumpcloud.com",
            "https://proxy.example/jc/",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:3000",
            "http://[::1]:9000",
        ];
        for raw in ok {
            assert!(base_url(raw).is_ok(), "{raw}");
        }
        let bad = [
            "http://console.jumpcloud.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
            "ftp://127.0.0.1",
            "not a url",
            "https://x.example/?a=b",
        ];
        for raw in bad {
            assert!(matches!(base_url(raw), Err(Error::Config(_))), "{raw}");
        }
    }

    #[test]
    fn regions_pick_hosts_and_overrides_win() {
        let cfg = ClientConfig::new(Secret::new("k"), Region::Eu);
        assert_eq!(
            cfg.console_url().unwrap().host_str(),
            Some("console.eu.jumpcloud.com")
        );
        assert_eq!(
            cfg.insights_url().unwrap().host_str(),
            Some("api.eu.jumpcloud.com")
        );
        let us = ClientConfig::new(Secret::new("k"), Region::Us);
        assert_eq!(
            us.insights_url().unwrap().host_str(),
            Some("api.jumpcloud.com")
        );
        let mut cfg = cfg.with_base_url("http://127.0.0.1:1");
        cfg.insights_base_url = Some("http://127.0.0.1:2".into());
        assert_eq!(cfg.console_url().unwrap().port(), Some(1));
        assert_eq!(cfg.insights_url().unwrap().port(), Some(2));
    }
}
