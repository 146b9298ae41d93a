//! `sync_items`: what a sync run did for each mapped org — the quantity and unit cost before and
//! after, and the outcome.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::text_enum::text_enum;
use crate::timestamp::{self, SqlTime};
use crate::{Amount, Result};

/// The outcome of one item, as the CLI reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStatus {
    Updated,
    Unchanged,
    Failed,
    Skipped,
    Held,
}

text_enum!(ItemStatus {
    Updated => "updated",
    Unchanged => "unchanged",
    Failed => "failed",
    Skipped => "skipped",
    Held => "held",
});

/// One org's line in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncItem {
    pub run_id: i64,
    pub org_id: String,
    /// None when the org was skipped before an addition was known.
    pub addition_id: Option<i64>,
    pub quantity_before: Option<Amount>,
    pub quantity_after: Option<Amount>,
    pub unit_cost_before: Option<Amount>,
    pub unit_cost_after: Option<Amount>,
    pub status: ItemStatus,
    pub error: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// Records one item. The run must exist (foreign key).
pub fn insert(conn: &Connection, item: &SyncItem) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_items (run_id, org_id, addition_id, quantity_before_micros,
             quantity_after_micros, unit_cost_before_micros, unit_cost_after_micros, status,
             error, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        item.run_id,
        item.org_id,
        item.addition_id,
        item.quantity_before,
        item.quantity_after,
        item.unit_cost_before,
        item.unit_cost_after,
        item.status,
        item.error,
        SqlTime(item.recorded_at)
    ])?;
    Ok(())
}

/// A run's items in the order they were recorded.
pub fn list_for_run(conn: &Connection, run_id: i64) -> Result<Vec<SyncItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT run_id, org_id, addition_id, quantity_before_micros, quantity_after_micros,
                unit_cost_before_micros, unit_cost_after_micros, status, error, recorded_at
         FROM sync_items WHERE run_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([run_id], |row| {
        Ok(SyncItem {
            run_id: row.get(0)?,
            org_id: row.get(1)?,
            addition_id: row.get(2)?,
            quantity_before: row.get(3)?,
            quantity_after: row.get(4)?,
            unit_cost_before: row.get(5)?,
            unit_cost_after: row.get(6)?,
            status: row.get(7)?,
            error: row.get(8)?,
            recorded_at: timestamp::read(row, 9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
