//! The crate's one error type: every HTTP failure is classified where it arises (status, envelope,
//! transport cause) so the engine and UI can decide on variants, never on strings.

use std::time::Duration;

use crate::site::SiteError;

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// One field-level problem from ConnectWise's validation envelope (`errors[]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Item code, e.g. `MissingRequiredField`, `ObjectExists`.
    pub code: String,
    /// Human-readable text from the server.
    pub message: String,
    /// The object kind (`ticket`, `addition`), when given.
    pub resource: Option<String>,
    /// The offending field, when given.
    pub field: Option<String>,
}

/// Why a request never produced an HTTP response — each needs a different fix from the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol, or not a TLS server).
    Tls,
    /// No response within the per-request timeout.
    Timeout,
    /// Nothing listens on that host and port.
    ConnectionRefused,
    /// The connection broke mid-exchange (e.g. the response was lost).
    ConnectionLost,
    /// Anything else reqwest reports.
    Other,
}

impl TransportKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Dns => "the host name could not be resolved",
            Self::Tls => "the secure (TLS) connection failed",
            Self::Timeout => "the server did not answer in time",
            Self::ConnectionRefused => "the connection was refused",
            Self::ConnectionLost => "the connection was lost before the response arrived",
            Self::Other => "the request could not be sent",
        }
    }
}

/// The class of an [`Error`], for callers that branch on kind only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The typed site was rejected.
    Site,
    /// Configuration or input refused before sending (e.g. a summary over 100 characters).
    InvalidInput,
    /// `companyinfo` answered `null`: the company id does not exist.
    UnknownCompany,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 400 with a validation envelope.
    Validation,
    /// 429.
    RateLimited,
    /// 5xx.
    Server,
    /// Another 4xx (405, 409, …).
    Rejected,
    /// No HTTP response.
    Transport,
    /// A JSON body of the wrong shape.
    Decode,
    /// A body that is not JSON at all.
    NonJson,
}

/// Everything that can go wrong talking to ConnectWise. No variant ever holds a key.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site the user typed cannot be used.
    #[error("invalid ConnectWise site: {0}")]
    Site(#[from] SiteError),

    /// Input refused before any request was made.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// What was wrong.
        field: &'static str,
        /// Why.
        reason: String,
    },

    /// `GET /login/companyinfo/{id}` returned `null`.
    #[error("ConnectWise does not know the company id \"{company_id}\" on this site")]
    UnknownCompany {
        /// The company id that was looked up.
        company_id: String,
    },

    /// 401: bad keys, wrong company id, or a missing clientId.
    #[error("ConnectWise rejected the credentials (401): {message}")]
    Unauthorized {
        /// Server message (or body text).
        message: String,
    },

    /// 403: the API member's security role lacks a right.
    #[error("ConnectWise refused {method} {path} (403){}", missing_right.map(|r| format!("; the API member likely lacks \"{r}\"")).unwrap_or_default())]
    Forbidden {
        /// HTTP method.
        method: String,
        /// API path below `apis/3.0/`.
        path: String,
        /// The security-role right that is most likely missing (§8.5 wording).
        missing_right: Option<&'static str>,
        /// Server message.
        message: String,
    },

    /// 404.
    #[error("not found (404): {message}")]
    NotFound {
        /// API path below `apis/3.0/`.
        path: String,
        /// Server message.
        message: String,
    },

    /// 400 with `InvalidObject` and field errors, or another 400 (bad conditions…).
    #[error(
        "ConnectWise rejected the request (400 {code}): {message}{}",
        field_summary(errors)
    )]
    Validation {
        /// Envelope `code`.
        code: String,
        /// Envelope `message`.
        message: String,
        /// Each `errors[]` item.
        errors: Vec<FieldError>,
    },

    /// 429.
    #[error("ConnectWise is rate limiting (429){}", retry_after.map(|d| format!("; retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// From `Retry-After`, when sent.
        retry_after: Option<Duration>,
    },

    /// 5xx.
    #[error("ConnectWise server error ({status}): {message}")]
    Server {
        /// HTTP status.
        status: u16,
        /// Envelope message or body text.
        message: String,
        /// From `Retry-After` (503 may send it).
        retry_after: Option<Duration>,
    },

    /// Another 4xx.
    #[error("ConnectWise refused the request ({status}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Envelope message.
        message: String,
    },

    /// No response: DNS, TLS, timeout, refused, lost.
    #[error("cannot reach ConnectWise: {} ({detail})", kind.describe())]
    Transport {
        /// The cause class.
        kind: TransportKind,
        /// Library detail (never contains credentials: they travel in headers only).
        detail: String,
    },

    /// JSON of an unexpected shape.
    #[error("unexpected response shape at {json_path}: {message}")]
    Decode {
        /// Where in the document (serde_path_to_error notation).
        json_path: String,
        /// What was wrong.
        message: String,
    },

    /// The body was not JSON (HTML error page, plain text…).
    #[error("ConnectWise answered {status} with a non-JSON body: {snippet}")]
    NonJson {
        /// HTTP status.
        status: u16,
        /// The first characters of the body.
        snippet: String,
    },
}

fn field_summary(errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items: Vec<String> = errors
        .iter()
        .map(|e| match &e.field {
            Some(f) => format!("{f}: {}", e.message),
            None => e.message.clone(),
        })
        .collect();
    format!(" ({})", items.join("; "))
}

impl Error {
    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Site(_) => ErrorKind::Site,
            Self::InvalidInput { .. } => ErrorKind::InvalidInput,
            Self::UnknownCompany { .. } => ErrorKind::UnknownCompany,
            Self::Unauthorized { .. } => ErrorKind::Unauthorized,
            Self::Forbidden { .. } => ErrorKind::Forbidden,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Validation { .. } => ErrorKind::Validation,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
            Self::Server { .. } => ErrorKind::Server,
            Self::Rejected { .. } => ErrorKind::Rejected,
            Self::Transport { .. } => ErrorKind::Transport,
            Self::Decode { .. } => ErrorKind::Decode,
            Self::NonJson { .. } => ErrorKind::NonJson,
        }
    }

    /// True when trying again later may succeed (rate limit, server fault, network). Whether a
    /// given request may be re-sent also depends on its method: see [`crate::RetryPolicy`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Server { .. } | Self::Transport { .. } => true,
            // A non-JSON 5xx is a proxy or gateway page: as transient as any 5xx.
            Self::NonJson { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The server's requested wait, when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } | Self::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Field errors of a validation failure (empty otherwise).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Validation { errors, .. } => errors,
            _ => &[],
        }
    }
}
