//! "Disable & Clear": one transaction that removes every ConnectWise-derived row and journals
//! that it happened. Kept: the JumpCloud connection, organizations, user-count samples, cost per
//! seat, sync history, alert events, already-created or skipped outbox rows (so an old event is
//! never ticketed twice) and the audit journal. The keyring half is the engine's job.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::json;

use crate::audit_journal::{self, JournalEntry};
use crate::{
    alert_settings, catalog, company_type_selection, connection, mappings, settings, ticket_outbox,
    Result,
};

/// The journal's action name for this event.
pub const ACTION: &str = "connectwise.disabled_and_cleared";

/// What was removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClearReport {
    pub connection_removed: bool,
    pub settings: usize,
    pub selected_types: usize,
    /// Company types plus companies (links, agreements and additions go with their companies).
    pub catalog_rows: usize,
    pub mappings: usize,
    /// Alert settings rows plus the auto-ticketing switch.
    pub alert_settings: usize,
    pub unsent_tickets: usize,
    /// The journal entry recording the clear.
    pub journal_id: i64,
}

/// Removes every ConnectWise-derived row inside `tx` and appends the journal entry. Stop the
/// ticket worker first: rows it is sending are removed too.
pub fn clear_connectwise(
    tx: &Transaction<'_>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<ClearReport> {
    let before = connection::connectwise(tx)?;
    let mut report = ClearReport {
        connection_removed: connection::delete_connectwise(tx)?,
        settings: settings::delete_connectwise(tx)?,
        selected_types: company_type_selection::clear(tx)?,
        catalog_rows: catalog::clear(tx)?,
        mappings: mappings::clear(tx)?,
        alert_settings: alert_settings::clear(tx)?,
        unsent_tickets: ticket_outbox::delete_unsent(tx)?,
        journal_id: 0,
    };
    let message = format!(
        "ConnectWise integration disabled and cleared: removed {} mapping(s), {} cached catalog \
         row(s), {} unsent ticket(s) and the alert settings.",
        report.mappings, report.catalog_rows, report.unsent_tickets
    );
    report.journal_id = audit_journal::append(
        tx,
        &JournalEntry {
            at,
            actor: actor.to_owned(),
            action: ACTION.to_owned(),
            run_id: None,
            entity: Some("connection:connectwise".to_owned()),
            before: before.map(|c| {
                json!({
                    "site": c.site,
                    "company_id": c.company_id,
                    "codebase": c.codebase,
                    "api_host": c.api_host,
                    "client_id": c.client_id,
                    "mappings": report.mappings,
                })
            }),
            after: None,
            message,
        },
    )?;
    Ok(report)
}
