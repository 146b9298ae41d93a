//! What a [`crate::ConnectWiseClient`] is built from: the user's connection details plus knobs.

use std::time::Duration;

use highwater_secret::Secret;

use crate::rediscovery::Rediscovery;
use crate::retry::RetryPolicy;

/// The API version pinned in `Accept`, so payload shapes (e.g. company `types[]`) stay stable.
pub const API_VERSION: &str = "2022.1";

/// Highwater's development clientId. ConnectWise issues one clientId per integration (not per
/// customer) on developer.connectwise.com; release builds inject the production one through
/// `HIGHWATER_CW_CLIENT_ID` at compile time so it is not published in source.
const DEVELOPMENT_CLIENT_ID: &str = "6f0c3a52-8d1e-4b7a-9c25-3e4f1a7b2d90";

/// The clientId every request carries unless the admin overrides it (CLI `--client-id`, the
/// desktop's Advanced box): the build's injected one, else the development one. Never empty.
pub fn built_in_client_id() -> &'static str {
    match option_env!("HIGHWATER_CW_CLIENT_ID") {
        Some(id) if !id.trim().is_empty() => id,
        _ => DEVELOPMENT_CLIENT_ID,
    }
}

/// Connection details and tuning for a client. `Debug` is safe: keys print as `<redacted>` and
/// the clientId (private to the integration) is not shown either.
#[derive(Clone)]
pub struct ClientConfig {
    /// The site as the user typed it (normalised by [`crate::Site::parse`]).
    pub site: String,
    /// Login company id (the "Company" box on the sign-in screen).
    pub company_id: String,
    /// API member public key.
    pub public_key: Secret,
    /// API member private key.
    pub private_key: Secret,
    /// Integration clientId sent on every call.
    pub client_id: String,
    /// Per-request timeout (default 30 s).
    pub timeout: Duration,
    /// Requests in flight at once (default 4).
    pub max_concurrency: usize,
    /// Full API base (`…/{codebase}/apis/3.0`) to use instead of discovering it.
    pub api_base_url: Option<String>,
    /// `version=` in the `Accept` header.
    pub api_version: String,
    /// Retry settings.
    pub retry: RetryPolicy,
    /// When a 404 may look the codebase up again (default: once per 10 minutes); clones of the
    /// config share it.
    pub rediscovery: Rediscovery,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("site", &self.site)
            .field("company_id", &self.company_id)
            .field("public_key", &self.public_key)
            .field("private_key", &self.private_key)
            .field("client_id", &"<hidden>")
            .field("timeout", &self.timeout)
            .field("max_concurrency", &self.max_concurrency)
            .field("api_base_url", &self.api_base_url)
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("rediscovery", &self.rediscovery)
            .finish()
    }
}

impl ClientConfig {
    /// A config with default tuning.
    pub fn new(
        site: impl Into<String>,
        company_id: impl Into<String>,
        public_key: Secret,
        private_key: Secret,
        client_id: impl Into<String>,
    ) -> Self {
        Self {
            site: site.into(),
            company_id: company_id.into(),
            public_key,
            private_key,
            client_id: client_id.into(),
            timeout: Duration::from_secs(30),
            max_concurrency: 4,
            api_base_url: None,
            api_version: API_VERSION.to_owned(),
            retry: RetryPolicy::default(),
            rediscovery: Rediscovery::default(),
        }
    }

    /// Sets the per-request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the concurrency bound (at least 1).
    pub fn with_max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = n.max(1);
        self
    }

    /// Uses this API base instead of discovery.
    pub fn with_api_base_url(mut self, url: impl Into<String>) -> Self {
        self.api_base_url = Some(url.into());
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// A fresh look-up state with this cool-down between `companyinfo` look-ups after 404s.
    pub fn with_rediscovery_cooldown(mut self, cooldown: Duration) -> Self {
        self.rediscovery = Rediscovery::new(cooldown);
        self
    }

    /// Shares a look-up state with other clients (one cool-down for all of them).
    pub fn with_rediscovery(mut self, rediscovery: Rediscovery) -> Self {
        self.rediscovery = rediscovery;
        self
    }
}
