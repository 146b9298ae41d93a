//! Sending one API request: auth headers, the concurrency bound, the retry loop, and turning every
//! outcome into either a decoded body or a classified [`Error`].

use std::error::Error as _;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use url::Url;

use crate::config::ClientConfig;
use crate::error::{Error, FieldError, Result, TransportKind};
use crate::permissions::right_for;
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

/// Decodes a JSON body with the JSON path of any mismatch; non-JSON bodies are [`Error::NonJson`].
pub(crate) fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        return Err(Error::NonJson {
            status,
            snippet: snippet(body),
        });
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        json_path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut s: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        s.push('…');
    }
    s
}

#[derive(serde::Deserialize, Default)]
struct Envelope {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: Option<Vec<EnvelopeItem>>,
}

#[derive(serde::Deserialize)]
struct EnvelopeItem {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    field: Option<String>,
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let delta = when.signed_duration_since(chrono::Utc::now());
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

pub(crate) fn classify_status(
    method: Method,
    api_path: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Error {
    let envelope: Option<Envelope> = serde_json::from_slice(body).ok();
    let is_json = envelope.is_some();
    let envelope = envelope.unwrap_or_default();
    let message = envelope
        .message
        .clone()
        .unwrap_or_else(|| snippet(body))
        .trim()
        .to_owned();
    let code = status.as_u16();
    match status {
        StatusCode::UNAUTHORIZED => Error::Unauthorized { message },
        StatusCode::FORBIDDEN => Error::Forbidden {
            method: method.as_str().to_owned(),
            path: api_path.to_owned(),
            missing_right: right_for(method, api_path),
            message,
        },
        StatusCode::NOT_FOUND => Error::NotFound {
            path: api_path.to_owned(),
            message,
        },
        StatusCode::TOO_MANY_REQUESTS => Error::RateLimited {
            retry_after: retry_after(headers),
        },
        // 503 is "come back later" whatever the body (often a proxy page): keep its Retry-After.
        StatusCode::SERVICE_UNAVAILABLE => Error::Server {
            status: code,
            message,
            retry_after: retry_after(headers),
        },
        _ if !is_json => Error::NonJson {
            status: code,
            snippet: snippet(body),
        },
        StatusCode::BAD_REQUEST => Error::Validation {
            code: envelope.code.unwrap_or_default(),
            message,
            errors: envelope
                .errors
                .unwrap_or_default()
                .into_iter()
                .map(|e| FieldError {
                    code: e.code.unwrap_or_default(),
                    message: e.message.unwrap_or_default(),
                    resource: e.resource,
                    field: e.field,
                })
                .collect(),
        },
        s if s.is_server_error() => Error::Server {
            status: code,
            message,
            retry_after: retry_after(headers),
        },
        _ => Error::Rejected {
            status: code,
            message,
        },
    }
}

pub(crate) fn transport_error(err: reqwest::Error) -> Error {
    Error::Transport {
        kind: transport_kind(&err),
        detail: describe_chain(&err),
    }
}

fn describe_chain(err: &reqwest::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// reqwest exposes timeouts and connect failures as flags; the rest (DNS, TLS, reset) only shows
/// in the source chain, so it is matched on io kinds first and on message text last.
fn transport_kind(err: &reqwest::Error) -> TransportKind {
    if err.is_timeout() {
        return TransportKind::Timeout;
    }
    let mut source = err.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::ConnectionRefused => return TransportKind::ConnectionRefused,
                K::TimedOut => return TransportKind::Timeout,
                K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                    return TransportKind::ConnectionLost
                }
                _ => {}
            }
        }
        source = s.source();
    }
    let chain = describe_chain(err).to_ascii_lowercase();
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        TransportKind::Dns
    } else if chain.contains("tls")
        || chain.contains("certificate")
        || chain.contains("handshake")
        || chain.contains("corrupt message")
    {
        TransportKind::Tls
    } else if chain.contains("connection refused") {
        TransportKind::ConnectionRefused
    } else if err.is_body()
        || err.is_decode()
        || chain.contains("connection closed")
        || chain.contains("incomplete")
        || chain.contains("reset")
    {
        TransportKind::ConnectionLost
    } else {
        TransportKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(status: u16, body: &str, headers: &[(&'static str, &str)]) -> Error {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        classify_status(
            Method::Get,
            "finance/agreements",
            StatusCode::from_u16(status).unwrap(),
            &h,
            body.as_bytes(),
        )
    }

    #[test]
    fn statuses_map_to_kinds() {
        use crate::ErrorKind as K;
        let table = [
            (
                401,
                r#"{"code":"Unauthorized","message":"x"}"#,
                K::Unauthorized,
            ),
            (
                401,
                "Cannot authenticate: clientId required",
                K::Unauthorized,
            ),
            (403, r#"{"code":"Forbidden","message":"x"}"#, K::Forbidden),
            (
                404,
                r#"{"code":"NotFound","message":"Addition 1 not found"}"#,
                K::NotFound,
            ),
            (
                400,
                r#"{"code":"InvalidObject","message":"x","errors":null}"#,
                K::Validation,
            ),
            (429, "", K::RateLimited),
            (
                500,
                r#"{"code":"ConnectWiseApi","message":"timeout"}"#,
                K::Server,
            ),
            (502, "<html>Bad gateway</html>", K::NonJson),
            (503, "<html>Service Unavailable</html>", K::Server),
            (
                409,
                r#"{"code":"Conflict","message":"in use"}"#,
                K::Rejected,
            ),
        ];
        for (status, body, kind) in table {
            assert_eq!(classify(status, body, &[]).kind(), kind, "{status} {body}");
        }
    }

    #[test]
    fn validation_items_and_forbidden_right() {
        let e = classify(
            400,
            r#"{"code":"InvalidObject","message":"ticket object is invalid","errors":[{"code":"MissingRequiredField","message":"The company field is required.","resource":"ticket","field":"company"}]}"#,
            &[],
        );
        assert_eq!(e.field_errors()[0].field.as_deref(), Some("company"));
        assert!(e
            .to_string()
            .contains("company: The company field is required."));
        let f = classify(403, "{}", &[]);
        assert!(f.to_string().contains("Finance → Agreements"), "{f}");
    }

    #[test]
    fn retry_after_forms() {
        let e = classify(429, "", &[("retry-after", "7")]);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        let past = classify(
            503,
            "{}",
            &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
        );
        assert_eq!(past.retry_after(), Some(Duration::ZERO));
    }

    #[test]
    fn decode_reports_path_and_non_json() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Row {
            id: i64,
        }
        let err = decode::<Vec<Row>>(200, br#"[{"id":1},{"id":"x"}]"#).unwrap_err();
        match err {
            Error::Decode { json_path, .. } => assert_eq!(json_path, "[1].id"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decode::<Vec<Row>>(200, b"<html>").unwrap_err().kind(),
            crate::ErrorKind::NonJson
        );
    }
}
