//! `catalog_agreements`: ConnectWise agreements as last fetched, per company or all at once.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{delete_missing, touch, CatalogPart};
use crate::timestamp::{self, SqlTime};
use crate::Result;

/// A cached agreement. Its company must be cached first (foreign key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub type_name: Option<String>,
    pub cancelled: bool,
    /// `agreementStatus` (`Active|Cancelled|Expired|Inactive`), when the server sent it.
    pub status: Option<String>,
    pub refreshed_at: DateTime<Utc>,
}

impl Agreement {
    /// Not cancelled and, when a status was sent, "Active". A missing status counts as active:
    /// it is a computed field some versions omit (API doc: UNCONFIRMED), and cancelledFlag is
    /// the reliable signal.
    pub fn is_active(&self) -> bool {
        !self.cancelled
            && self
                .status
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("active"))
    }
}

const SELECT: &str = "SELECT id, company_id, name, type_name, cancelled, status, refreshed_at
    FROM catalog_agreements";

fn read(row: &Row<'_>) -> rusqlite::Result<Agreement> {
    Ok(Agreement {
        id: row.get(0)?,
        company_id: row.get(1)?,
        name: row.get(2)?,
        type_name: row.get(3)?,
        cancelled: row.get(4)?,
        status: row.get(5)?,
        refreshed_at: timestamp::read(row, 6)?,
    })
}

/// Inserts or updates one agreement; its cached additions stay.
pub fn upsert(conn: &Connection, a: &Agreement) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO catalog_agreements
             (id, company_id, name, type_name, cancelled, status, refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET company_id = excluded.company_id, name = excluded.name,
             type_name = excluded.type_name, cancelled = excluded.cancelled,
             status = excluded.status, refreshed_at = excluded.refreshed_at",
    )?
    .execute(params![
        a.id,
        a.company_id,
        a.name,
        a.type_name,
        a.cancelled,
        a.status,
        SqlTime(a.refreshed_at)
    ])?;
    Ok(())
}

/// Replaces one company's agreements (those no longer listed go, with their additions).
pub fn replace_for_company(
    tx: &Transaction<'_>,
    company_id: i64,
    agreements: &[Agreement],
) -> Result<()> {
    for a in agreements {
        upsert(tx, a)?;
    }
    let keep: HashSet<i64> = agreements.iter().map(|a| a.id).collect();
    delete_missing(
        tx,
        "catalog_agreements",
        Some(("company_id", company_id)),
        &keep,
    )?;
    Ok(())
}

/// Replaces every cached agreement and records `at` as the refresh time.
pub fn replace_all(
    tx: &Transaction<'_>,
    agreements: &[Agreement],
    at: DateTime<Utc>,
) -> Result<()> {
    for a in agreements {
        upsert(tx, a)?;
    }
    let keep: HashSet<i64> = agreements.iter().map(|a| a.id).collect();
    delete_missing(tx, "catalog_agreements", None, &keep)?;
    touch(tx, CatalogPart::Agreements, at)
}

/// One cached agreement.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Agreement>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// A company's cached agreements (active or not), by name.
pub fn list_for_company(conn: &Connection, company_id: i64) -> Result<Vec<Agreement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE company_id = ?1 ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([company_id], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every cached agreement, by company then name (for bulk work such as suggestions).
pub fn list_all(conn: &Connection) -> Result<Vec<Agreement>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY company_id, name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
