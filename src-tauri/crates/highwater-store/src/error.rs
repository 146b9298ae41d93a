//! The store's one error type. Messages are sentences a user can act on; none carries a secret
//! (the store never holds one).

use std::path::PathBuf;

/// Everything that can go wrong opening or using the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data folder could not be created.
    #[error("Could not create the Highwater data folder {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file could not be opened as a SQLite database (unreadable, locked, not a database).
    #[error("Could not open the Highwater data file {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// The file was written by a newer Highwater; it is left untouched.
    #[error(
        "This Highwater data file (schema {found}) was written by a newer version of Highwater \
         (this one understands up to schema {known}). Update Highwater, or point it at another \
         data folder."
    )]
    NewerSchema { found: u32, known: u32 },

    /// A migration failed; its transaction was rolled back, so the file keeps the older schema.
    #[error("Upgrading the Highwater data file to schema {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// A migration left rows referencing missing rows; it was rolled back.
    #[error(
        "Upgrading the Highwater data file to schema {version} would leave rows in {table} \
         referencing missing rows, so the upgrade was rolled back."
    )]
    MigrationIntegrity { version: u32, table: String },

    /// A row an update targets does not exist.
    #[error("No {entity} with key {key} is stored.")]
    NotFound { entity: &'static str, key: String },

    /// A state change the row's current state does not allow (or the row is gone).
    #[error("Cannot move {entity} {key} to {to}: it is not in a state that allows it.")]
    InvalidTransition {
        entity: &'static str,
        key: String,
        to: &'static str,
    },

    /// A decimal amount could not be parsed or is out of range.
    #[error("{0}")]
    InvalidAmount(String),

    /// A stored JSON document could not be read or written.
    #[error("Stored JSON in {column} is invalid: {source}")]
    Json {
        column: &'static str,
        #[source]
        source: serde_json::Error,
    },

    /// Any other SQLite failure (constraint violations included).
    #[error("Database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// True for UNIQUE, FOREIGN KEY, CHECK and NOT NULL violations: the caller asked for something
    /// the schema forbids, as opposed to an I/O or corruption problem.
    pub fn is_constraint_violation(&self) -> bool {
        let source = match self {
            Error::Sqlite(e) | Error::Migration { source: e, .. } => e,
            _ => return false,
        };
        source.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
