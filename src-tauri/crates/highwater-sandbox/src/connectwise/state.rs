//! The simulator's shared state and the knobs tests turn: credentials, the restricted member's
//! missing rights, the cancelled-addition PATCH policy, queued faults and the request log.

use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::generate::DataSize;
use super::store::Dataset;

/// A security-role right, as on ConnectWise's security-role screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Right {
    /// Companies → Company Maintenance: Inquire.
    CompanyInquire,
    /// Companies → Company Maintenance: Add.
    CompanyAdd,
    /// Finance → Agreements: Inquire.
    AgreementsInquire,
    /// Finance → Agreements: Edit (and Add for additions).
    AgreementsEdit,
    /// System → Table Setup: Inquire (boards, statuses, priorities, sources).
    TableSetupInquire,
    /// Service Desk → Service Tickets: Inquire.
    TicketsInquire,
    /// Service Desk → Service Tickets: Add.
    TicketsAdd,
    /// Service Desk → Service Tickets: Edit.
    TicketsEdit,
    /// Service Desk → Service Tickets: Delete.
    TicketsDelete,
}

/// What PATCH does to an addition that has a `cancelledDate` (the real behaviour is UNCONFIRMED).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CancelledAdditionPatch {
    /// 400 `InvalidObject` (default).
    #[default]
    Reject,
    /// Apply the patch as for any addition.
    Accept,
}

/// Server-side settings, readable and writable through the control API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Login company id (matched case-insensitively).
    pub company_id: String,
    /// The full-rights API member's public key.
    pub public_key: String,
    /// The full-rights API member's private key.
    pub private_key: String,
    /// The clientId the sandbox hands out; any non-empty clientId is accepted.
    pub client_id: String,
    /// Reject calls without a clientId header (401).
    pub require_client_id: bool,
    /// The restricted API member's public key.
    pub restricted_public_key: String,
    /// The restricted API member's private key.
    pub restricted_private_key: String,
    /// Rights the restricted member's security role lacks (403 on those routes).
    pub restricted_denied: Vec<Right>,
    /// PATCH on cancelled additions.
    pub cancelled_addition_patch: CancelledAdditionPatch,
    /// Report a cloud instance (versioned codebase) from companyinfo.
    pub cloud: bool,
    /// The versioned codebase a cloud instance serves and reports (`v2024_1`, no slashes);
    /// `v4_6_release` is served as well, as on real cloud hosts.
    pub cloud_codebase: String,
    /// Company name reported by companyinfo.
    pub company_name: String,
    /// Send `Link` on lists (true, as ConnectWise does); false plays a server or proxy that
    /// strips it, so clients must stop on a short page.
    pub link_header: bool,
}

/// A fault to inject on matching API requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FaultKind {
    /// 429 with `Retry-After` (seconds) when given.
    #[serde(rename_all = "camelCase")]
    RateLimited {
        /// Seconds for `Retry-After`.
        retry_after_secs: Option<u64>,
    },
    /// 500 whose JSON body mentions a database timeout.
    ServerError,
    /// 503 with optional `Retry-After`.
    #[serde(rename_all = "camelCase")]
    ServiceUnavailable {
        /// Seconds for `Retry-After`.
        retry_after_secs: Option<u64>,
    },
    /// 504 from the gateway (HTML body, as proxies send).
    GatewayTimeout,
    /// An HTML error page with this status.
    NonJson {
        /// HTTP status.
        status: u16,
    },
    /// Wait this long before handling the request normally.
    Latency {
        /// Milliseconds.
        millis: u64,
    },
    /// Handle the request (writes are applied) but drop the connection instead of answering.
    LoseResponse,
}

/// A queued fault: applies to the next `times` matching requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// What happens.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many requests it hits.
    #[serde(default = "one")]
    pub times: u32,
    /// Only this method (any when `None`).
    #[serde(default)]
    pub method: Option<String>,
    /// Only paths containing this text (any when `None`).
    #[serde(default)]
    pub path_contains: Option<String>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// A fault hitting the next `times` requests of any method and path.
    pub fn new(kind: FaultKind, times: u32) -> Self {
        Self {
            kind,
            times,
            method: None,
            path_contains: None,
        }
    }

    /// Restricts it to one method.
    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Restricts it to paths containing `text`.
    pub fn on_path(mut self, text: &str) -> Self {
        self.path_contains = Some(text.to_owned());
        self
    }

    pub(crate) fn applies_to(&self, method: &str, path: &str) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }
}

/// One request the simulator received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path as received.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Status sent; `None` when the response was deliberately lost.
    pub status: Option<u16>,
    /// `api` or `restricted` when the credentials matched a member.
    pub member: Option<String>,
    /// The clientId header, if sent.
    pub client_id: Option<String>,
    /// Body of writes.
    pub body: Option<String>,
    /// The injected fault, if any.
    pub fault: Option<FaultKind>,
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub data: Mutex<Dataset>,
    pub settings: Mutex<Settings>,
    pub size: Mutex<DataSize>,
    pub faults: Mutex<Vec<Fault>>,
    pub log: Mutex<Vec<LoggedRequest>>,
}

/// Locks a mutex, recovering from poisoning: a panicking test must not wedge the server.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Takes one hit of the first fault matching this request.
    pub(crate) fn take_fault(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut faults = lock(&self.faults);
        let idx = faults.iter().position(|f| f.applies_to(method, path))?;
        faults[idx].times -= 1;
        let kind = faults[idx].kind.clone();
        if faults[idx].times == 0 {
            faults.remove(idx);
        }
        Some(kind)
    }
}
