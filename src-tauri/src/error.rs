//! The one error type that crosses IPC. The UI branches on `kind` (and the fields beside it), never
//! on message strings; `message` is the sentence to show, written for the admin, never a secret.

use highwater_engine::{Service, Transport};
use serde::Serialize;
use specta::Type;

/// What went wrong, in a shape the UI can decide on. The engine's error kinds map one to one; the
/// rest are the shell's own (store, demo, internal).
#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum IpcError {
    /// A value the admin gave is unusable; `field` names the form field or picker it concerns.
    #[error("{message}")]
    Validation { field: String, message: String },
    /// The action needs a service that is not connected.
    #[error("{message}")]
    NotConnected { service: Service, message: String },
    /// The service is connected but its key is in neither the keyring nor the environment.
    #[error("{message}")]
    MissingKey { service: Service, message: String },
    /// The service rejected the keys.
    #[error("{message}")]
    Unauthorized { service: Service, message: String },
    /// The API member's security role lacks these rights (ConnectWise's own names).
    #[error("{message}")]
    Forbidden {
        service: Service,
        missing_permissions: Vec<String>,
        message: String,
    },
    /// ConnectWise does not know the company ID at the site.
    #[error("{message}")]
    UnknownCompanyId { company_id: String, message: String },
    /// No answer: DNS, TLS, timeout, refused; `hint` says what to check (firewall for self-hosted).
    #[error("{message}")]
    Unreachable {
        service: Service,
        transport: Transport,
        hint: Option<String>,
        message: String,
    },
    /// The service asked to slow down.
    #[error("{message}")]
    RateLimited {
        service: Service,
        retry_after_secs: Option<u32>,
        message: String,
    },
    /// The service answered, but not usefully.
    #[error("{message}")]
    ServiceError { service: Service, message: String },
    /// The OS keyring cannot be used; the message says how to fix it.
    #[error("{message}")]
    Keyring { message: String },
    /// The local data store failed (cannot open, newer schema, disk full…).
    #[error("{message}")]
    Store { message: String },
    /// A destructive action was sent without its confirmation.
    #[error("{message}")]
    ConfirmationRequired { message: String },
    /// The built-in demo tenant could not be started.
    #[error("{message}")]
    Demo { message: String },
    /// A bug or an unexpected state; the message is for the log and a bug report.
    #[error("{message}")]
    Internal { message: String },
}

impl IpcError {
    pub fn store(message: impl Into<String>) -> Self {
        Self::Store {
            message: message.into(),
        }
    }
}

impl From<highwater_engine::Error> for IpcError {
    fn from(err: highwater_engine::Error) -> Self {
        use highwater_engine::Error as E;
        let message = err.to_string();
        match err {
            // Shown next to the field it names, so the bare reason reads better than "Invalid x: …".
            E::Validation { field, message } => Self::Validation { field, message },
            E::NotConnected { service } => Self::NotConnected { service, message },
            E::MissingKey { service, .. } => Self::MissingKey { service, message },
            E::Unauthorized { service, .. } => Self::Unauthorized { service, message },
            E::Forbidden {
                service,
                missing_permissions,
            } => Self::Forbidden {
                service,
                missing_permissions,
                message,
            },
            E::UnknownCompanyId { company_id } => Self::UnknownCompanyId {
                company_id,
                message,
            },
            E::Unreachable {
                service,
                transport,
                hint,
            } => Self::Unreachable {
                service,
                transport,
                hint,
                message,
            },
            E::RateLimited {
                service,
                retry_after_secs,
            } => Self::RateLimited {
                service,
                // Seconds to wait fit a JS number; a longer wait is reported as the maximum.
                retry_after_secs: retry_after_secs.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
                message,
            },
            E::ServiceError { service, .. } => Self::ServiceError { service, message },
            E::Keyring { .. } => Self::Keyring { message },
            E::Store { .. } => Self::Store { message },
            E::ConfirmationRequired { .. } => Self::ConfirmationRequired { message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_keep_their_fields_and_sentence() {
        let err = IpcError::from(highwater_engine::Error::Forbidden {
            service: Service::ConnectWise,
            missing_permissions: vec!["Finance › Agreements: Inquire Level All".into()],
        });
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "Forbidden");
        assert_eq!(json["service"], "connectwise");
        assert_eq!(
            json["missingPermissions"][0],
            "Finance › Agreements: Inquire Level All"
        );
        assert!(json["message"]
            .as_str()
            .unwrap()
            .contains("Finance › Agreements"));

        let err = IpcError::from(highwater_engine::Error::validation("site", "Bad site."));
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "Validation");
        assert_eq!(json["field"], "site");
    }
}
