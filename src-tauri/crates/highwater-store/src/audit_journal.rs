//! `audit_journal`: every write to ConnectWise (with the values before and after) and every
//! lifecycle event ("integration disabled"). Append-only: the schema's triggers refuse UPDATE and
//! DELETE, so not even "Disable & Clear" can erase it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};
use serde_json::Value;

use crate::timestamp::{self, SqlTime};
use crate::{Error, Result};

/// One journal entry.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub at: DateTime<Utc>,
    /// Who or what acted: `user`, `cli`, `schedule`, …
    pub actor: String,
    /// What happened, machine-readable: `addition.update`, `connectwise.disabled`, …
    pub action: String,
    /// The sync run the write belonged to.
    pub run_id: Option<i64>,
    /// What was touched: `addition:4711`, `mapping:<org id>`, …
    pub entity: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// One sentence for people.
    pub message: String,
}

/// A stored entry with its id (ids grow with time).
#[derive(Debug, Clone, PartialEq)]
pub struct JournalRecord {
    pub id: i64,
    pub entry: JournalEntry,
}

fn to_json(column: &'static str, value: Option<&Value>) -> Result<Option<String>> {
    value
        .map(|v| serde_json::to_string(v).map_err(|source| Error::Json { column, source }))
        .transpose()
}

fn from_json(idx: usize, text: Option<String>) -> rusqlite::Result<Option<Value>> {
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
        })
    })
    .transpose()
}

/// Appends an entry; returns its id. A `run_id` must name an existing run (foreign key).
pub fn append(conn: &Connection, entry: &JournalEntry) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO audit_journal (at, actor, action, run_id, entity, before_json, after_json,
             message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        SqlTime(entry.at),
        entry.actor,
        entry.action,
        entry.run_id,
        entry.entity,
        to_json("before_json", entry.before.as_ref())?,
        to_json("after_json", entry.after.as_ref())?,
        entry.message
    ])?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT id, at, actor, action, run_id, entity, before_json, after_json,
        message
    FROM audit_journal";

fn read(row: &Row<'_>) -> rusqlite::Result<JournalRecord> {
    Ok(JournalRecord {
        id: row.get(0)?,
        entry: JournalEntry {
            at: timestamp::read(row, 1)?,
            actor: row.get(2)?,
            action: row.get(3)?,
            run_id: row.get(4)?,
            entity: row.get(5)?,
            before: from_json(6, row.get(6)?)?,
            after: from_json(7, row.get(7)?)?,
            message: row.get(8)?,
        },
    })
}

/// Newest first: at most `limit` entries with an id below `before_id` (all when None), for
/// paging back through the journal.
pub fn list_page(
    conn: &Connection,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<JournalRecord>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE id < ?1 ORDER BY id DESC LIMIT ?2"))?;
    let rows = stmt.query_map(params![before_id.unwrap_or(i64::MAX), limit], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A sync run's entries, oldest first.
pub fn list_for_run(conn: &Connection, run_id: i64) -> Result<Vec<JournalRecord>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE run_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([run_id], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
