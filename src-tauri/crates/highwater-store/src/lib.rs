//! Highwater's SQLite store: one data file shared by the desktop app and the CLI.
//!
//! * **Opening**: [`Store::open`] creates the folder and file, sets WAL, foreign keys and a busy
//!   timeout, refuses a file written by a newer Highwater ([`Error::NewerSchema`], file left
//!   untouched) and applies the embedded, append-only migrations (`migrations/*.sql`), each in
//!   its own transaction, recorded in `schema_migrations`.
//! * **Tables**: one module per table (or tightly-related pair) with small typed functions over
//!   plain structs. Functions take `&Connection` ([`Store::conn`]) or, when several statements
//!   must land together, `&Transaction` ([`Store::write`]).
//! * **Timestamps**: one encoding everywhere — UTC, RFC3339 text with exactly three fractional
//!   digits and `Z` (`2026-03-01T05:00:00.000Z`). Fixed width, so text order is time order in SQL.
//!   Sub-millisecond precision is dropped on write; [`timestamp::truncate`] matches it.
//! * **Money and quantities**: [`Amount`], INTEGER micro-units (millionths) in `*_micros`
//!   columns — exact for cents, exact for ConnectWise's fractional quantities, no floats stored.
//! * **Secrets**: never. Connections hold only their non-secret parts; keys live in the keyring.
//! * **"Disable & Clear"**: [`Store::disable_and_clear_connectwise`].

mod amount;
mod error;
mod migrate;
mod store;
mod text_enum;

pub mod alert_events;
pub mod alert_settings;
pub mod alert_type;
pub mod audit_journal;
pub mod catalog;
pub mod company_type_selection;
pub mod connection;
pub mod connectwise_clear;
pub mod cost_per_seat;
pub mod mappings;
pub mod organizations;
pub mod settings;
pub mod sync_items;
pub mod sync_runs;
pub mod ticket_outbox;
pub mod timestamp;
pub mod user_count_samples;

pub use alert_type::AlertType;
pub use amount::Amount;
pub use connectwise_clear::ClearReport;
pub use error::{Error, Result};
pub use migrate::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub use rusqlite::{Connection, Transaction};
pub use store::Store;

use chrono::{DateTime, Utc};

impl Store {
    /// "Disable & Clear" for ConnectWise, in one transaction (see [`connectwise_clear`]).
    pub fn disable_and_clear_connectwise(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<ClearReport> {
        self.write(|tx| connectwise_clear::clear_connectwise(tx, actor, at))
    }
}
