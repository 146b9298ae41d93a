//! `sync_runs`: one row per billing sync (scheduled, manual, dry run), with its outcome counts.
//! The counts are computed from the run's `sync_items` when it finishes.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::timestamp::{self, SqlTime};
use crate::{Error, Result};

/// How many items of a run ended in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunCounts {
    pub updated: u32,
    pub unchanged: u32,
    pub failed: u32,
    pub skipped: u32,
    pub held: u32,
}

/// One sync run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRun {
    pub id: i64,
    /// What started it, in the engine's words (`schedule`, `manual`, `catch-up`, `cli`, …).
    pub trigger: String,
    pub dry_run: bool,
    pub started_at: DateTime<Utc>,
    /// None while running (or when the process died mid-run).
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: RunCounts,
    /// A run-level failure (e.g. ConnectWise unreachable), as opposed to per-item errors.
    pub error: Option<String>,
}

const SELECT: &str = "SELECT id, trigger, dry_run, started_at, finished_at, updated, unchanged,
        failed, skipped, held, error
    FROM sync_runs";

fn read(row: &Row<'_>) -> rusqlite::Result<SyncRun> {
    Ok(SyncRun {
        id: row.get(0)?,
        trigger: row.get(1)?,
        dry_run: row.get(2)?,
        started_at: timestamp::read(row, 3)?,
        finished_at: timestamp::read_opt(row, 4)?,
        counts: RunCounts {
            updated: row.get(5)?,
            unchanged: row.get(6)?,
            failed: row.get(7)?,
            skipped: row.get(8)?,
            held: row.get(9)?,
        },
        error: row.get(10)?,
    })
}

/// Records the start of a run; returns its id.
pub fn start(conn: &Connection, trigger: &str, dry_run: bool, at: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO sync_runs (trigger, dry_run, started_at) VALUES (?1, ?2, ?3)",
        params![trigger, dry_run, SqlTime(at)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Marks a run finished, counting its items by status; returns the finished run.
pub fn finish(
    conn: &Connection,
    run_id: i64,
    at: DateTime<Utc>,
    error: Option<&str>,
) -> Result<SyncRun> {
    let changed = conn.execute(
        "UPDATE sync_runs SET finished_at = ?2, error = ?3,
             updated   = (SELECT count(*) FROM sync_items WHERE run_id = ?1 AND status = 'updated'),
             unchanged = (SELECT count(*) FROM sync_items WHERE run_id = ?1 AND status = 'unchanged'),
             failed    = (SELECT count(*) FROM sync_items WHERE run_id = ?1 AND status = 'failed'),
             skipped   = (SELECT count(*) FROM sync_items WHERE run_id = ?1 AND status = 'skipped'),
             held      = (SELECT count(*) FROM sync_items WHERE run_id = ?1 AND status = 'held')
         WHERE id = ?1",
        params![run_id, SqlTime(at), error],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            entity: "sync run",
            key: run_id.to_string(),
        });
    }
    get(conn, run_id)?.ok_or_else(|| Error::NotFound {
        entity: "sync run",
        key: run_id.to_string(),
    })
}

/// One run.
pub fn get(conn: &Connection, run_id: i64) -> Result<Option<SyncRun>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([run_id], read)
        .optional()?)
}

/// The newest runs first, at most `limit`.
pub fn list_recent(conn: &Connection, limit: u32) -> Result<Vec<SyncRun>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The most recently finished real (not dry) run: `status`'s "last sync".
pub fn last_finished(conn: &Connection) -> Result<Option<SyncRun>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE finished_at IS NOT NULL AND dry_run = 0
             ORDER BY finished_at DESC, id DESC LIMIT 1"
        ))?
        .query_row([], read)
        .optional()?)
}
