//! One HTTP exchange with JumpCloud: adds the key, classifies the answer into [`Error`] variants
//! (reading JumpCloud's `{"message": …}` bodies), and retries what is retryable.

use chrono::Utc;
use highwater_secret::Secret;
use rand::Rng;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, Result};
use crate::retry::{retry_after, RetryPolicy};

/// The shared HTTP side of the client.
#[derive(Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    api_key: HeaderValue,
    retry: RetryPolicy,
}

impl Http {
    pub fn new(client: reqwest::Client, api_key: &Secret, retry: RetryPolicy) -> Result<Self> {
        if api_key.is_empty() {
            return Err(Error::Config("the JumpCloud API key is empty".to_owned()));
        }
        let mut api_key = HeaderValue::from_str(api_key.expose()).map_err(|_| {
            Error::Config("the JumpCloud API key contains invalid characters".to_owned())
        })?;
        // Keeps the key out of reqwest's and hyper's debug output.
        api_key.set_sensitive(true);
        Ok(Self {
            client,
            api_key,
            retry,
        })
    }

    pub fn get(&self, url: Url) -> RequestBuilder {
        self.client.get(url)
    }

    pub fn post(&self, url: Url) -> RequestBuilder {
        self.client.post(url)
    }

    /// Sends the request `build` makes, retrying per the policy (each try is built afresh).
    /// Only idempotent reads go through here — GETs and the Directory Insights query POST, which
    /// reads — so repeating one is always safe.
    pub async fn send(&self, build: impl Fn() -> RequestBuilder) -> Result<(HeaderMap, Vec<u8>)> {
        let mut attempt = 0;
        loop {
            match self.send_once(build()).await {
                Ok(answer) => return Ok(answer),
                Err(err) => {
                    let jitter = rand::rng().random::<f64>();
                    match self.retry.delay_for(&err, attempt, jitter) {
                        Some(wait) => {
                            tracing::debug!(%err, attempt, wait_ms = wait.as_millis() as u64, "retrying JumpCloud request");
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                        }
                        None => return Err(err),
                    }
                }
            }
        }
    }

    async fn send_once(&self, request: RequestBuilder) -> Result<(HeaderMap, Vec<u8>)> {
        let response = request
            .header("x-api-key", self.api_key.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| Error::transport(&e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::transport(&e))?
            .to_vec();
        if status.is_success() {
            Ok((headers, body))
        } else {
            Err(classify(status, &headers, &body))
        }
    }
}

/// Maps a non-success answer to an error variant.
pub(crate) fn classify(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let message = error_message(body, status);
    match status.as_u16() {
        401 if message.to_lowercase().contains("no organization selected") => {
            Error::NoOrganizationSelected
        }
        401 => Error::Unauthorized { message },
        403 => Error::Forbidden { message },
        404 => Error::NotFound { message },
        429 => Error::RateLimited {
            retry_after: retry_after(headers, Utc::now()),
        },
        s if s >= 500 => Error::Server { status: s, message },
        s => Error::Rejected { status: s, message },
    }
}

/// JumpCloud's `message` (or `error`) field, else a short excerpt of the body, else the reason.
fn error_message(body: &[u8], status: StatusCode) -> String {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        for key in ["message", "error"] {
            if let Some(text) = value.get(key).and_then(|v| v.as_str()) {
                return text.to_owned();
            }
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        status.canonical_reason().unwrap_or("no details").to_owned()
    } else {
        text.chars().take(200).collect()
    }
}

/// Decodes JSON, naming the path of the first mismatch.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_jumpcloud_bodies() {
        let h = HeaderMap::new();
        let e = classify(
            StatusCode::UNAUTHORIZED,
            &h,
            br#"{"error":"Unauthorized","message":"Unauthorized: api key user not found"}"#,
        );
        assert!(
            matches!(e, Error::Unauthorized { ref message } if message.contains("api key user not found"))
        );
        let e = classify(
            StatusCode::UNAUTHORIZED,
            &h,
            br#"{"message":"Unauthorized: no organization selected"}"#,
        );
        assert!(matches!(e, Error::NoOrganizationSelected));
        assert!(
            matches!(classify(StatusCode::FORBIDDEN, &h, b""), Error::Forbidden { ref message } if message == "Forbidden")
        );
        assert!(matches!(
            classify(StatusCode::BAD_GATEWAY, &h, b"<html>bad gateway</html>"),
            Error::Server { status: 502, .. }
        ));
        assert!(matches!(
            classify(StatusCode::BAD_REQUEST, &h, b"{}"),
            Error::Rejected { status: 400, .. }
        ));
    }

    #[test]
    fn decode_errors_name_the_path() {
        let err = decode::<Vec<(String, u32)>>(br#"[["a", 1], ["b", "x"]]"#).unwrap_err();
        assert!(
            matches!(err, Error::Decode { ref path, .. } if path == "[1][1]"),
            "{err:?}"
        );
    }
}
