//! `alert_settings` and `auto_ticketing`: how each alert kind becomes a ticket (board, priority,
//! source, status, due days) and the global switch with the time it was turned on — only events
//! after that instant are ticketed. These name ConnectWise boards and lookups, so "Disable &
//! Clear" removes them.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::timestamp::{self, SqlTime};
use crate::{AlertType, Result};

/// Ticket settings of one alert kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSettings {
    pub alert_type: AlertType,
    /// Enabling needs a board (the schema refuses `enabled` without `board_id`).
    pub enabled: bool,
    pub board_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub source_id: Option<i64>,
    pub status_id: Option<i64>,
    /// requiredDate = event time + due days.
    pub due_days: u32,
    /// None while the defaults apply.
    pub updated_at: Option<DateTime<Utc>>,
}

impl AlertSettings {
    /// The starting point: disabled, due in one day, no board, priority, source or status.
    pub fn default_for(alert_type: AlertType) -> Self {
        Self {
            alert_type,
            enabled: false,
            board_id: None,
            priority_id: None,
            source_id: None,
            status_id: None,
            due_days: 1,
            updated_at: None,
        }
    }
}

/// The global automated-ticketing switch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutoTicketing {
    pub enabled: bool,
    /// When it was last switched on (kept while off, replaced when switched on again).
    pub switched_on_at: Option<DateTime<Utc>>,
}

fn read(row: &Row<'_>) -> rusqlite::Result<AlertSettings> {
    Ok(AlertSettings {
        alert_type: row.get(0)?,
        enabled: row.get(1)?,
        board_id: row.get(2)?,
        priority_id: row.get(3)?,
        source_id: row.get(4)?,
        status_id: row.get(5)?,
        due_days: row.get(6)?,
        updated_at: timestamp::read_opt(row, 7)?,
    })
}

/// One kind's settings (the defaults when never saved).
pub fn get(conn: &Connection, alert_type: AlertType) -> Result<AlertSettings> {
    Ok(conn
        .prepare_cached(
            "SELECT alert_type, enabled, board_id, priority_id, source_id, status_id, due_days,
                    updated_at
             FROM alert_settings WHERE alert_type = ?1",
        )?
        .query_row([alert_type], read)
        .optional()?
        .unwrap_or_else(|| AlertSettings::default_for(alert_type)))
}

/// All four kinds, in [`AlertType::ALL`] order.
pub fn list(conn: &Connection) -> Result<Vec<AlertSettings>> {
    AlertType::ALL.iter().map(|t| get(conn, *t)).collect()
}

/// Saves one kind's settings (its `updated_at` is set to `at`).
pub fn save(conn: &Connection, s: &AlertSettings, at: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO alert_settings (alert_type, enabled, board_id, priority_id, source_id,
             status_id, due_days, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (alert_type) DO UPDATE SET enabled = excluded.enabled,
             board_id = excluded.board_id, priority_id = excluded.priority_id,
             source_id = excluded.source_id, status_id = excluded.status_id,
             due_days = excluded.due_days, updated_at = excluded.updated_at",
    )?
    .execute(params![
        s.alert_type,
        s.enabled,
        s.board_id,
        s.priority_id,
        s.source_id,
        s.status_id,
        s.due_days,
        SqlTime(at)
    ])?;
    Ok(())
}

/// The global switch (off when never set).
pub fn auto_ticketing(conn: &Connection) -> Result<AutoTicketing> {
    Ok(conn
        .query_row(
            "SELECT enabled, switched_on_at FROM auto_ticketing WHERE id = 1",
            [],
            |row| {
                Ok(AutoTicketing {
                    enabled: row.get(0)?,
                    switched_on_at: timestamp::read_opt(row, 1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Switches automated ticketing on or off. Switching on records `at` as the new start (unless it
/// was already on); switching off keeps the last start for display.
pub fn set_auto_ticketing(
    conn: &Connection,
    enabled: bool,
    at: DateTime<Utc>,
) -> Result<AutoTicketing> {
    conn.execute(
        "INSERT INTO auto_ticketing (id, enabled, switched_on_at, updated_at)
         VALUES (1, ?1, CASE WHEN ?1 THEN ?2 END, ?2)
         ON CONFLICT (id) DO UPDATE SET
             switched_on_at = CASE WHEN excluded.enabled AND NOT enabled THEN excluded.updated_at
                                   ELSE switched_on_at END,
             enabled = excluded.enabled,
             updated_at = excluded.updated_at",
        params![enabled, SqlTime(at)],
    )?;
    auto_ticketing(conn)
}

/// Removes every kind's settings and the global switch; returns how many rows went.
pub(crate) fn clear(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("DELETE FROM alert_settings", [])?
        + conn.execute("DELETE FROM auto_ticketing", [])?)
}
