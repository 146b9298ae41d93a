//! Turning a response into a typed outcome: a decoded body (with the JSON path of any mismatch) or
//! a classified [`Error`] from a status, its envelope and headers, or a transport failure.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{Error, FieldError, Result, TransportKind};
use crate::permissions::right_for;
use crate::retry::Method;

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
    use reqwest::header::HeaderValue;

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
