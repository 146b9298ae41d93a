//! Fault injection and the request log: a middleware that, before a request reaches its handler,
//! may fail it (429 with `Retry-After`, 5xx) or slow it down, and that records every request it saw.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::auth::org_header_values;
use super::reply::ApiError;
use super::state::{lock, Shared};
use super::CONTROL_PREFIX;

/// What an injected fault does to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (and `Retry-After` when given) instead of the real answer.
    Status {
        status: u16,
        retry_after_secs: Option<u64>,
    },
    /// Answer normally, after a delay.
    Latency { millis: u64 },
}

/// A fault armed for the next matching requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Flattened, so the control API takes `{"kind": "status", "status": 429, ...}`.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests whose path starts with this; `None` matches every API request.
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Matching requests to let through untouched first (e.g. fail page 3 of a paged read).
    #[serde(default)]
    pub after: u32,
    /// How many matching requests the fault hits before it disarms.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// `times` answers of 429 Too Many Requests, with `Retry-After` when given.
    pub fn rate_limited(times: u32, retry_after_secs: Option<u64>) -> Self {
        Self::new(FaultKind::Status {
            status: 429,
            retry_after_secs,
        })
        .times(times)
    }

    /// `times` answers with `status` (500, 502, 503, 504…).
    pub fn status(status: u16, times: u32) -> Self {
        Self::new(FaultKind::Status {
            status,
            retry_after_secs: None,
        })
        .times(times)
    }

    /// `times` answers delayed by `delay`.
    pub fn latency(delay: Duration, times: u32) -> Self {
        Self::new(FaultKind::Latency {
            millis: delay.as_millis() as u64,
        })
        .times(times)
    }

    fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            path_prefix: None,
            after: 0,
            times: 1,
        }
    }

    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Restricts the fault to paths starting with `prefix`.
    pub fn on_path(mut self, prefix: impl Into<String>) -> Self {
        self.path_prefix = Some(prefix.into());
        self
    }

    /// Lets `requests` matching requests through before the fault starts.
    pub fn after(mut self, requests: u32) -> Self {
        self.after = requests;
        self
    }
}

/// One request the sandbox answered (control requests are not logged). Never holds the API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The `x-org-id` values sent, in order.
    pub org_ids: Vec<String>,
    pub status: u16,
    /// True when an injected fault produced the answer.
    pub faulted: bool,
    pub received_at: DateTime<Utc>,
}

/// Takes the fault (if any) that applies to a request on `path`, consuming one use of it.
fn take_fault(shared: &Shared, path: &str) -> Option<FaultKind> {
    let mut faults = lock(&shared.faults);
    let mut hit = None;
    for fault in faults.iter_mut() {
        if fault.times == 0
            || fault
                .path_prefix
                .as_deref()
                .is_some_and(|p| !path.starts_with(p))
        {
            continue;
        }
        if fault.after > 0 {
            fault.after -= 1;
            continue;
        }
        fault.times -= 1;
        hit = Some(fault.kind.clone());
        break;
    }
    faults.retain(|f| f.times > 0);
    hit
}

/// The middleware: faults first, then the handler, then the log entry.
pub async fn observe(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with(CONTROL_PREFIX) {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let query = request.uri().query().map(str::to_owned);
    let org_ids = org_header_values(request.headers());
    let received_at = Utc::now();
    let (response, faulted) = match take_fault(&shared, &path) {
        Some(FaultKind::Status {
            status,
            retry_after_secs,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                ApiError::status(status, retry_after_secs).into_response(),
                true,
            )
        }
        Some(FaultKind::Latency { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            (next.run(request).await, true)
        }
        None => (next.run(request).await, false),
    };
    lock(&shared.log).push(LoggedRequest {
        method,
        path,
        query,
        org_ids,
        status: response.status().as_u16(),
        faulted,
        received_at,
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jumpcloud::SandboxConfig;

    #[test]
    fn after_then_times_then_disarmed() {
        let shared = Shared::new(SandboxConfig::default().with_orgs(0));
        lock(&shared.faults).push(Fault::status(503, 2).on_path("/insights").after(1));
        assert_eq!(take_fault(&shared, "/api/systemusers"), None);
        assert_eq!(take_fault(&shared, "/insights/directory/v1/events"), None);
        assert!(take_fault(&shared, "/insights/directory/v1/events").is_some());
        assert!(take_fault(&shared, "/insights/directory/v1/events").is_some());
        assert_eq!(take_fault(&shared, "/insights/directory/v1/events"), None);
        assert!(lock(&shared.faults).is_empty());
    }
}
