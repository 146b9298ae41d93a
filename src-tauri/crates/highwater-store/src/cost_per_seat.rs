//! `cost_per_seat`: what the MSP pays per user — one default and optional per-org overrides.
//! Kept by "Disable & Clear": it is the MSP's own figure, not ConnectWise data.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::timestamp::{self, SqlTime};
use crate::{Amount, Error, Result};

/// One org's override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostOverride {
    pub org_id: String,
    pub cost: Amount,
    pub updated_at: DateTime<Utc>,
}

fn upsert(conn: &Connection, org_id: Option<&str>, cost: Amount, at: DateTime<Utc>) -> Result<()> {
    if cost.is_negative() {
        return Err(Error::InvalidAmount(format!(
            "A cost per seat cannot be negative (got {cost})."
        )));
    }
    conn.prepare_cached(
        "INSERT INTO cost_per_seat (org_id, cost_micros, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (ifnull(org_id, '')) DO UPDATE
             SET cost_micros = excluded.cost_micros, updated_at = excluded.updated_at",
    )?
    .execute(params![org_id, cost, SqlTime(at)])?;
    Ok(())
}

/// Sets the default cost per seat (≥ 0).
pub fn set_default(conn: &Connection, cost: Amount, at: DateTime<Utc>) -> Result<()> {
    upsert(conn, None, cost, at)
}

/// Sets one org's override (≥ 0). The org must be cached (foreign key).
pub fn set_for_org(conn: &Connection, org_id: &str, cost: Amount, at: DateTime<Utc>) -> Result<()> {
    upsert(conn, Some(org_id), cost, at)
}

/// The default, if set.
pub fn default_cost(conn: &Connection) -> Result<Option<Amount>> {
    Ok(conn
        .query_row(
            "SELECT cost_micros FROM cost_per_seat WHERE org_id IS NULL",
            [],
            |row| row.get(0),
        )
        .optional()?)
}

/// One org's override, if set (not the default).
pub fn override_for(conn: &Connection, org_id: &str) -> Result<Option<Amount>> {
    Ok(conn
        .prepare_cached("SELECT cost_micros FROM cost_per_seat WHERE org_id = ?1")?
        .query_row([org_id], |row| row.get(0))
        .optional()?)
}

/// The cost that applies to `org_id`: its override, else the default, else none.
pub fn effective(conn: &Connection, org_id: &str) -> Result<Option<Amount>> {
    Ok(conn
        .prepare_cached(
            "SELECT cost_micros FROM cost_per_seat WHERE org_id = ?1 OR org_id IS NULL
             ORDER BY org_id IS NULL LIMIT 1",
        )?
        .query_row([org_id], |row| row.get(0))
        .optional()?)
}

/// Removes one org's override; true when it had one.
pub fn clear_override(conn: &Connection, org_id: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM cost_per_seat WHERE org_id = ?1", [org_id])? > 0)
}

/// Every override, by org id.
pub fn list_overrides(conn: &Connection) -> Result<Vec<CostOverride>> {
    let mut stmt = conn.prepare(
        "SELECT org_id, cost_micros, updated_at FROM cost_per_seat WHERE org_id IS NOT NULL
         ORDER BY org_id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(CostOverride {
            org_id: row.get(0)?,
            cost: row.get(1)?,
            updated_at: timestamp::read(row, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
