//! `ticket_outbox`: the durable queue of ConnectWise tickets to create, one row per alert event
//! (unique dedupe key), so an event yields at most one ticket across retries and crashes.
//!
//! States: `pending` (due at `next_attempt_at`) → `sending` (claimed; attempts + 1) → `created`
//! (ticket id kept) | `pending` again (retry later) | `failed` (gave up). `skipped` records an
//! event that is not ticketed (unmapped org, type disabled) with the reason. A row found in
//! `sending` at start-up had an unknown outcome: check ConnectWise before sending it again.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::text_enum::text_enum;
use crate::timestamp::{self, SqlTime};
use crate::{AlertType, Error, Result};

/// Where a row is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxState {
    Pending,
    Sending,
    Created,
    Failed,
    Skipped,
}

text_enum!(OutboxState {
    Pending => "pending",
    Sending => "sending",
    Created => "created",
    Failed => "failed",
    Skipped => "skipped",
});

/// A ticket to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    /// Unique: the alert event id.
    pub dedupe_key: String,
    /// The stored alert event (foreign key).
    pub event_id: String,
    pub org_id: String,
    /// The mapped ConnectWise company, when the org is mapped.
    pub company_id: Option<i64>,
    pub alert_type: AlertType,
    /// First attempt not before this instant.
    pub next_attempt_at: DateTime<Utc>,
}

/// A stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub dedupe_key: String,
    pub event_id: String,
    pub org_id: String,
    pub company_id: Option<i64>,
    pub alert_type: AlertType,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub ticket_id: Option<i64>,
    pub last_error: Option<String>,
    /// Why a `skipped` row is not ticketed.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, dedupe_key, event_id, org_id, company_id, alert_type, state,
        attempts, next_attempt_at, ticket_id, last_error, reason, created_at, updated_at
    FROM ticket_outbox";

fn read(row: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: row.get(0)?,
        dedupe_key: row.get(1)?,
        event_id: row.get(2)?,
        org_id: row.get(3)?,
        company_id: row.get(4)?,
        alert_type: row.get(5)?,
        state: row.get(6)?,
        attempts: row.get(7)?,
        next_attempt_at: timestamp::read(row, 8)?,
        ticket_id: row.get(9)?,
        last_error: row.get(10)?,
        reason: row.get(11)?,
        created_at: timestamp::read(row, 12)?,
        updated_at: timestamp::read(row, 13)?,
    })
}

fn insert(
    conn: &Connection,
    t: &NewTicket,
    state: OutboxState,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO ticket_outbox (dedupe_key, event_id, org_id, company_id, alert_type,
                 state, next_attempt_at, reason, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
             ON CONFLICT (dedupe_key) DO NOTHING",
        )?
        .execute(params![
            t.dedupe_key,
            t.event_id,
            t.org_id,
            t.company_id,
            t.alert_type,
            state,
            SqlTime(t.next_attempt_at),
            reason,
            SqlTime(at)
        ])?;
    Ok(inserted > 0)
}

/// Queues a ticket; false (and nothing changes) when its dedupe key is already queued.
pub fn enqueue(conn: &Connection, ticket: &NewTicket, at: DateTime<Utc>) -> Result<bool> {
    insert(conn, ticket, OutboxState::Pending, None, at)
}

/// Records an event that will not be ticketed, with the reason; false when already recorded.
pub fn enqueue_skipped(
    conn: &Connection,
    ticket: &NewTicket,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    insert(conn, ticket, OutboxState::Skipped, Some(reason), at)
}

/// Pending rows due at `now`, oldest due first, at most `limit` (served by `ticket_outbox_due`).
pub fn due(conn: &Connection, now: DateTime<Utc>, limit: u32) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE state = 'pending' AND next_attempt_at <= ?1
         ORDER BY next_attempt_at, id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![SqlTime(now), limit], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a row from one of `from` to `to` with extra assignments; errors when no row moved.
fn transition(
    conn: &Connection,
    id: i64,
    from: &str,
    to: OutboxState,
    set: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<()> {
    let sql =
        format!("UPDATE ticket_outbox SET state = '{to}'{set} WHERE id = ?1 AND state IN ({from})");
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&id];
    params.extend_from_slice(values);
    if conn.prepare_cached(&sql)?.execute(params.as_slice())? == 0 {
        return Err(Error::InvalidTransition {
            entity: "ticket outbox row",
            key: id.to_string(),
            to: to.as_str(),
        });
    }
    Ok(())
}

/// Claims a pending row for sending (attempts + 1). False when another worker claimed it first
/// or it is no longer pending.
pub fn claim(conn: &Connection, id: i64, at: DateTime<Utc>) -> Result<bool> {
    let claimed = conn
        .prepare_cached(
            "UPDATE ticket_outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?2
             WHERE id = ?1 AND state = 'pending'",
        )?
        .execute(params![id, SqlTime(at)])?;
    Ok(claimed > 0)
}

/// A claimed row's ticket exists in ConnectWise.
pub fn mark_created(conn: &Connection, id: i64, ticket_id: i64, at: DateTime<Utc>) -> Result<()> {
    transition(
        conn,
        id,
        "'sending'",
        OutboxState::Created,
        ", ticket_id = ?2, last_error = NULL, updated_at = ?3",
        &[&ticket_id, &SqlTime(at)],
    )
}

/// A claimed row failed transiently: back to pending, due again at `next_attempt_at`.
pub fn retry_later(
    conn: &Connection,
    id: i64,
    error: &str,
    next_attempt_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<()> {
    transition(
        conn,
        id,
        "'sending'",
        OutboxState::Pending,
        ", last_error = ?2, next_attempt_at = ?3, updated_at = ?4",
        &[&error, &SqlTime(next_attempt_at), &SqlTime(at)],
    )
}

/// A claimed row failed for good.
pub fn mark_failed(conn: &Connection, id: i64, error: &str, at: DateTime<Utc>) -> Result<()> {
    transition(
        conn,
        id,
        "'sending'",
        OutboxState::Failed,
        ", last_error = ?2, updated_at = ?3",
        &[&error, &SqlTime(at)],
    )
}

/// A pending or claimed row will not be ticketed after all (e.g. its org was unmapped).
pub fn mark_skipped(conn: &Connection, id: i64, reason: &str, at: DateTime<Utc>) -> Result<()> {
    transition(
        conn,
        id,
        "'pending', 'sending'",
        OutboxState::Skipped,
        ", reason = ?2, updated_at = ?3",
        &[&reason, &SqlTime(at)],
    )
}

/// One row.
pub fn get(conn: &Connection, id: i64) -> Result<Option<OutboxRow>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// The row for a dedupe key (an event id).
pub fn get_by_dedupe_key(conn: &Connection, dedupe_key: &str) -> Result<Option<OutboxRow>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE dedupe_key = ?1"))?
        .query_row([dedupe_key], read)
        .optional()?)
}

/// Rows in `state`, oldest first, at most `limit` (e.g. `sending` rows to recover at start-up).
pub fn list_in_state(conn: &Connection, state: OutboxState, limit: u32) -> Result<Vec<OutboxRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE state = ?1 ORDER BY id LIMIT ?2"))?;
    let rows = stmt.query_map(params![state, limit], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes rows whose ticket was never created (pending, sending, failed); created and skipped
/// rows stay so an old event is never ticketed again. Returns how many.
pub(crate) fn delete_unsent(conn: &Connection) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM ticket_outbox WHERE state IN ('pending', 'sending', 'failed')",
        [],
    )?)
}
