//! The one error type that crosses IPC. The UI branches on `kind`, never on message strings.

use serde::Serialize;
use specta::Type;

/// What went wrong, in a shape the UI can decide on. Messages are written for the admin and never
/// carry a secret.
#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum IpcError {
    /// The local data store failed (cannot open, newer schema, disk full…).
    #[error("{message}")]
    Store { message: String },
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
