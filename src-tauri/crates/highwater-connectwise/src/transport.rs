//! Sending one API request: auth headers, the concurrency bound, the retry loop, and the one
//! re-send after a moved codebase; [`crate::classify`] turns each outcome into a body or an error.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use tokio::sync::Semaphore;
use url::Url;

use crate::classify::{classify_status, transport_error};
use crate::config::ClientConfig;
use crate::error::{Error, Result, TransportKind};
use crate::rediscovery;
use crate::retry::{Method, RetryPolicy};
use crate::target::Target;

/// A response that arrived with a success status.
pub(crate) struct Reply {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Where the request went in the end (a new base when the codebase had moved).
    pub target: Target,
}

pub(crate) struct Transport {
    http: reqwest::Client,
    /// Swapped when a 404 reveals a moved codebase; every clone of the client sees the swap.
    api_base: RwLock<Url>,
    headers: HeaderMap,
    permits: Arc<Semaphore>,
    retry: RetryPolicy,
    /// The config `companyinfo` is asked with after a 404 (it carries the shared cool-down).
    config: ClientConfig,
}

impl Transport {
    pub(crate) fn new(config: &ClientConfig, api_base: Url) -> Result<Self> {
        let mut headers = HeaderMap::new();
        let credentials = format!(
            "{}+{}:{}",
            config.company_id,
            config.public_key.expose(),
            config.private_key.expose()
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        let mut auth = HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| {
            Error::InvalidInput {
                field: "keys",
                reason: "the keys contain characters that cannot be sent".into(),
            }
        })?;
        // Marks the header so reqwest/hyper never print it.
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        let client_id =
            HeaderValue::from_str(config.client_id.trim()).map_err(|_| Error::InvalidInput {
                field: "clientId",
                reason: "it contains characters that cannot be sent in a header".into(),
            })?;
        if config.client_id.trim().is_empty() {
            return Err(Error::InvalidInput {
                field: "clientId",
                reason: "it is empty; ConnectWise requires one on every call".into(),
            });
        }
        headers.insert("clientId", client_id);
        let accept = format!(
            "application/vnd.connectwise.com+json; version={}",
            config.api_version
        );
        headers.insert(
            ACCEPT,
            HeaderValue::from_str(&accept).map_err(|_| Error::InvalidInput {
                field: "api_version",
                reason: "it cannot be sent in a header".into(),
            })?,
        );
        Ok(Self {
            http: build_http(config.timeout)?,
            api_base: RwLock::new(api_base),
            headers,
            permits: Arc::new(Semaphore::new(config.max_concurrency.max(1))),
            retry: config.retry.clone(),
            config: config.clone(),
        })
    }

    /// The API base in use now.
    pub(crate) fn api_base(&self) -> Url {
        rediscovery::read(&self.api_base)
    }

    /// `path` is relative to `apis/3.0/`, e.g. `company/companies`.
    pub(crate) fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Target> {
        let base = self.api_base();
        let mut url = base.join(path).map_err(|e| Error::InvalidInput {
            field: "path",
            reason: e.to_string(),
        })?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(Target { base, url })
    }

    /// Sends with retries; a 404 may reveal a moved codebase, after which the request is sent
    /// once more on the new base. Returns the success reply or the last classified error.
    pub(crate) async fn send(
        &self,
        method: Method,
        target: Target,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply> {
        // Any 404, whatever its body: the real body of a wrong-codebase 404 is UNCONFIRMED.
        let not_found = match self.send_retrying(method, &target, body).await {
            Err(err @ Error::NotFound { .. }) => err,
            other => return other,
        };
        let moved = self
            .config
            .rediscovery
            .moved_base(&self.config, &self.api_base, &target.base)
            .await;
        let Some(retry) = moved.and_then(|base| target.rebased(&base)) else {
            return Err(not_found);
        };
        // Safe for every method: a 404 means nothing ran at the old address, so a POST that
        // 404'd created nothing and re-sending it on the new base cannot make a duplicate.
        self.send_retrying(method, &retry, body).await
    }

    /// Sends with the retry policy; returns the success reply or the last classified error.
    async fn send_retrying(
        &self,
        method: Method,
        target: &Target,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply> {
        let mut attempt = 1;
        loop {
            let outcome = self.send_once(method, target, body).await;
            let err = match outcome {
                Ok(reply) => return Ok(reply),
                Err(err) => err,
            };
            let jitter = rand::random::<f64>();
            match self.retry.delay_before_retry(method, attempt, &err, jitter) {
                Some(wait) => {
                    tracing::debug!(method = method.as_str(), path = target.url.path(), attempt, ?wait, error = %err, "retrying ConnectWise request");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(err),
            }
        }
    }

    async fn send_once(
        &self,
        method: Method,
        target: &Target,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let url = &target.url;
        let api_path = url
            .path()
            .strip_prefix(target.base.path())
            .unwrap_or(url.path())
            .to_owned();
        let mut request = self
            .http
            .request(method.as_reqwest(), url.clone())
            .headers(self.headers.clone());
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(transport_error)?;
        if status.is_success() {
            return Ok(Reply {
                headers,
                body: bytes.to_vec(),
                target: target.clone(),
            });
        }
        Err(classify_status(method, &api_path, status, &headers, &bytes))
    }
}

pub(crate) fn build_http(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("Highwater/", env!("CARGO_PKG_VERSION")))
        // The API host is fixed by discovery: never follow a redirect elsewhere with the keys.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::Transport {
            kind: TransportKind::Other,
            detail: e.to_string(),
        })
}
