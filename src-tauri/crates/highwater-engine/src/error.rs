//! The engine's one error type: what the desktop UI and the CLI decide on. Variants are the
//! decisions (re-enter keys, fix the firewall, tick a security-role box, pick another agreement),
//! each Display is one sentence naming the cause, and none ever carries a secret.

use serde::Serialize;

/// The outside service an error concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Service {
    ConnectWise,
    JumpCloud,
}

impl Service {
    /// The product name, as sentences use it.
    pub fn name(self) -> &'static str {
        match self {
            Service::ConnectWise => "ConnectWise",
            Service::JumpCloud => "JumpCloud",
        }
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a request got no HTTP answer; each needs a different fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Dns,
    Tls,
    Timeout,
    Refused,
    /// The connection broke mid-exchange.
    Lost,
    Other,
}

impl Transport {
    fn describe(self) -> &'static str {
        match self {
            Transport::Dns => "the host name could not be resolved",
            Transport::Tls => "the secure (TLS) connection failed",
            Transport::Timeout => "it did not answer in time",
            Transport::Refused => "the connection was refused",
            Transport::Lost => "the connection was lost before the answer arrived",
            Transport::Other => "the request could not be sent",
        }
    }
}

/// What went wrong, as the UI and the CLI branch on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Error {
    /// A value the admin gave is unusable; `field` names it.
    #[error("Invalid {}: {message}", field.replace('_', " "))]
    Validation { field: String, message: String },

    /// The command needs a service that is not connected.
    #[error("{service} is not connected.")]
    NotConnected { service: Service },

    /// The service is connected but its key is neither in the keyring nor in the environment.
    #[error(
        "The {service} API key is missing: it is neither in the OS keyring nor in the \
         environment ({env_vars}). Connect {service} again or set those variables."
    )]
    MissingKey { service: Service, env_vars: String },

    /// The keys were rejected.
    #[error("{service} rejected the API keys: {message}")]
    Unauthorized { service: Service, message: String },

    /// The API member's security role lacks rights, named as ConnectWise's role screen names them.
    #[error("{service} refused access; the API member's security role needs: {}.", missing_permissions.join("; "))]
    Forbidden {
        service: Service,
        missing_permissions: Vec<String>,
    },

    /// `companyinfo` does not know the company id at that site.
    #[error("ConnectWise does not know the company ID \"{company_id}\" at this site.")]
    UnknownCompanyId { company_id: String },

    /// No HTTP answer: DNS, TLS, timeout, refused.
    #[error("Cannot reach {service}: {}.{}", transport.describe(), hint.as_deref().map(|h| format!(" {h}")).unwrap_or_default())]
    Unreachable {
        service: Service,
        transport: Transport,
        hint: Option<String>,
    },

    /// The service asked us to slow down.
    #[error("{service} is rate limiting requests{}.", retry_after_secs.map(|s| format!("; retry in {s} s")).unwrap_or_default())]
    RateLimited {
        service: Service,
        retry_after_secs: Option<u64>,
    },

    /// The service answered, but not usefully (server error, unexpected shape, refused request).
    #[error("{service} failed: {message}")]
    ServiceError { service: Service, message: String },

    /// The OS keyring cannot be used; `message` says how to fix it.
    #[error("{message}")]
    Keyring { message: String },

    /// The data file cannot be read or written.
    #[error("{message}")]
    Store { message: String },

    /// A destructive action was asked for without its confirmation token.
    #[error("{action} cannot be undone; it needs explicit confirmation.")]
    ConfirmationRequired { action: String },
}

/// The class of an [`Error`], for callers that branch on kind only (the CLI's exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Validation,
    NotConnected,
    MissingKey,
    Unauthorized,
    Forbidden,
    UnknownCompanyId,
    Unreachable,
    RateLimited,
    ServiceError,
    Keyring,
    Store,
    ConfirmationRequired,
}

impl Error {
    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } => ErrorKind::Validation,
            Error::NotConnected { .. } => ErrorKind::NotConnected,
            Error::MissingKey { .. } => ErrorKind::MissingKey,
            Error::Unauthorized { .. } => ErrorKind::Unauthorized,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::UnknownCompanyId { .. } => ErrorKind::UnknownCompanyId,
            Error::Unreachable { .. } => ErrorKind::Unreachable,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::ServiceError { .. } => ErrorKind::ServiceError,
            Error::Keyring { .. } => ErrorKind::Keyring,
            Error::Store { .. } => ErrorKind::Store,
            Error::ConfirmationRequired { .. } => ErrorKind::ConfirmationRequired,
        }
    }

    /// A validation error on `field`.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// True for failures that are the service's or the network's (the CLI's exit code 3), as
    /// opposed to the admin's input or configuration (exit code 2).
    pub fn is_service_failure(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Unauthorized
                | ErrorKind::Forbidden
                | ErrorKind::UnknownCompanyId
                | ErrorKind::Unreachable
                | ErrorKind::RateLimited
                | ErrorKind::ServiceError
        )
    }
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Said with every ConnectWise transport failure: self-hosted servers are often behind a firewall
/// that only lets the office in.
const CONNECTWISE_FIREWALL_HINT: &str = "Check the site address; if your ConnectWise is \
     self-hosted, make sure its firewall lets this computer reach it over HTTPS.";

impl From<highwater_connectwise::Error> for Error {
    fn from(err: highwater_connectwise::Error) -> Self {
        use highwater_connectwise::{Error as Cw, TransportKind as Kind};
        let service = Service::ConnectWise;
        match err {
            Cw::Site(e) => Error::validation("site", e.to_string()),
            Cw::InvalidInput { field, reason } => Error::validation(field, reason),
            Cw::UnknownCompany { company_id } => Error::UnknownCompanyId { company_id },
            Cw::Unauthorized { message } => Error::Unauthorized { service, message },
            Cw::Forbidden {
                missing_right,
                method,
                path,
                ..
            } => Error::Forbidden {
                service,
                missing_permissions: vec![missing_right
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("access to {method} {path}"))],
            },
            Cw::RateLimited { retry_after } => Error::RateLimited {
                service,
                retry_after_secs: retry_after.map(|d| d.as_secs()),
            },
            Cw::Transport { kind, .. } => Error::Unreachable {
                service,
                transport: match kind {
                    Kind::Dns => Transport::Dns,
                    Kind::Tls => Transport::Tls,
                    Kind::Timeout => Transport::Timeout,
                    Kind::ConnectionRefused => Transport::Refused,
                    Kind::ConnectionLost => Transport::Lost,
                    Kind::Other => Transport::Other,
                },
                hint: Some(CONNECTWISE_FIREWALL_HINT.to_owned()),
            },
            other => Error::ServiceError {
                service,
                message: other.to_string(),
            },
        }
    }
}

impl From<highwater_jumpcloud::Error> for Error {
    fn from(err: highwater_jumpcloud::Error) -> Self {
        use highwater_jumpcloud::{Error as Jc, TransportKind as Kind};
        let service = Service::JumpCloud;
        match err {
            Jc::Unauthorized { message } => Error::Unauthorized { service, message },
            Jc::NotProviderKey => Error::Unauthorized {
                service,
                message: Jc::NotProviderKey.to_string(),
            },
            Jc::Forbidden { message } => Error::Forbidden {
                service,
                missing_permissions: vec![format!(
                    "an administrator role with read access to organizations and users ({message})"
                )],
            },
            Jc::RateLimited { retry_after } => Error::RateLimited {
                service,
                retry_after_secs: retry_after.map(|d| d.as_secs()),
            },
            Jc::Transport { kind, .. } => Error::Unreachable {
                service,
                transport: match kind {
                    Kind::Dns => Transport::Dns,
                    Kind::Tls => Transport::Tls,
                    Kind::Timeout => Transport::Timeout,
                    Kind::Connect => Transport::Refused,
                    Kind::Other => Transport::Other,
                },
                hint: None,
            },
            Jc::Config(message) => Error::validation("jumpcloud url", message),
            other => Error::ServiceError {
                service,
                message: other.to_string(),
            },
        }
    }
}

impl From<highwater_store::Error> for Error {
    fn from(err: highwater_store::Error) -> Self {
        match err {
            highwater_store::Error::InvalidAmount(message) => Error::validation("amount", message),
            other => Error::Store {
                message: other.to_string(),
            },
        }
    }
}
