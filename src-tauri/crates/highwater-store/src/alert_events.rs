//! `alert_events`: Directory Insights events of the four alert kinds, each stored once (the DI
//! event id is unique), with the raw event kept as JSON.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::timestamp::{self, SqlTime};
use crate::{AlertType, Error, Result};

/// One stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertEvent {
    /// Directory Insights `id`.
    pub event_id: String,
    pub org_id: String,
    pub alert_type: AlertType,
    /// The event's own `timestamp`.
    pub occurred_at: DateTime<Utc>,
    /// When Highwater first fetched it (events can become visible minutes late).
    pub seen_at: DateTime<Utc>,
    pub payload: Value,
}

/// Stores `event` unless an event with its id is already stored; true when it was new.
pub fn insert_if_new(conn: &Connection, event: &AlertEvent) -> Result<bool> {
    let payload = serde_json::to_string(&event.payload).map_err(|source| Error::Json {
        column: "payload_json",
        source,
    })?;
    let inserted = conn
        .prepare_cached(
            "INSERT INTO alert_events (event_id, org_id, alert_type, occurred_at, seen_at,
                 payload_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (event_id) DO NOTHING",
        )?
        .execute(params![
            event.event_id,
            event.org_id,
            event.alert_type,
            SqlTime(event.occurred_at),
            SqlTime(event.seen_at),
            payload
        ])?;
    Ok(inserted > 0)
}

const SELECT: &str = "SELECT event_id, org_id, alert_type, occurred_at, seen_at, payload_json
    FROM alert_events";

fn read(row: &Row<'_>) -> rusqlite::Result<AlertEvent> {
    let payload: String = row.get(5)?;
    Ok(AlertEvent {
        event_id: row.get(0)?,
        org_id: row.get(1)?,
        alert_type: row.get(2)?,
        occurred_at: timestamp::read(row, 3)?,
        seen_at: timestamp::read(row, 4)?,
        payload: serde_json::from_str(&payload).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
        })?,
    })
}

/// One event by its Directory Insights id.
pub fn get(conn: &Connection, event_id: &str) -> Result<Option<AlertEvent>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE event_id = ?1"))?
        .query_row([event_id], read)
        .optional()?)
}

/// Events that occurred at or after `since`, oldest first, at most `limit`.
pub fn list_since(conn: &Connection, since: DateTime<Utc>, limit: u32) -> Result<Vec<AlertEvent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE occurred_at >= ?1 ORDER BY occurred_at, id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![SqlTime(since), limit], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest stored event time: where the next poll can start (minus the lateness window).
pub fn latest_occurred_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    Ok(
        conn.query_row("SELECT max(occurred_at) FROM alert_events", [], |row| {
            timestamp::read_opt(row, 0)
        })?,
    )
}
