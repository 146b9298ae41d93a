//! `catalog_additions`: agreement additions (products with a quantity) as last fetched.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{delete_missing, touch, CatalogPart};
use crate::timestamp::{self, SqlTime};
use crate::{Amount, Result};

/// A cached addition. Its agreement must be cached first (foreign key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub id: i64,
    pub agreement_id: i64,
    /// `product/identifier`.
    pub product_identifier: String,
    pub description: Option<String>,
    pub quantity: Amount,
    pub unit_price: Option<Amount>,
    pub unit_cost: Option<Amount>,
    /// Set when the addition was cancelled (additions have no cancelled flag).
    pub cancelled_at: Option<DateTime<Utc>>,
    pub effective_at: Option<DateTime<Utc>>,
    pub refreshed_at: DateTime<Utc>,
}

impl Addition {
    /// True when ConnectWise reported a cancellation date.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

const SELECT: &str = "SELECT id, agreement_id, product_identifier, description, quantity_micros,
        unit_price_micros, unit_cost_micros, cancelled_at, effective_at, refreshed_at
    FROM catalog_additions";

fn read(row: &Row<'_>) -> rusqlite::Result<Addition> {
    Ok(Addition {
        id: row.get(0)?,
        agreement_id: row.get(1)?,
        product_identifier: row.get(2)?,
        description: row.get(3)?,
        quantity: row.get(4)?,
        unit_price: row.get(5)?,
        unit_cost: row.get(6)?,
        cancelled_at: timestamp::read_opt(row, 7)?,
        effective_at: timestamp::read_opt(row, 8)?,
        refreshed_at: timestamp::read(row, 9)?,
    })
}

/// Inserts or updates one addition (e.g. after a sync wrote its quantity).
pub fn upsert(conn: &Connection, a: &Addition) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO catalog_additions
             (id, agreement_id, product_identifier, description, quantity_micros,
              unit_price_micros, unit_cost_micros, cancelled_at, effective_at, refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET agreement_id = excluded.agreement_id,
             product_identifier = excluded.product_identifier,
             description = excluded.description, quantity_micros = excluded.quantity_micros,
             unit_price_micros = excluded.unit_price_micros,
             unit_cost_micros = excluded.unit_cost_micros, cancelled_at = excluded.cancelled_at,
             effective_at = excluded.effective_at, refreshed_at = excluded.refreshed_at",
    )?
    .execute(params![
        a.id,
        a.agreement_id,
        a.product_identifier,
        a.description,
        a.quantity,
        a.unit_price,
        a.unit_cost,
        timestamp::opt(a.cancelled_at),
        timestamp::opt(a.effective_at),
        SqlTime(a.refreshed_at)
    ])?;
    Ok(())
}

/// Replaces one agreement's additions.
pub fn replace_for_agreement(
    tx: &Transaction<'_>,
    agreement_id: i64,
    additions: &[Addition],
) -> Result<()> {
    for a in additions {
        upsert(tx, a)?;
    }
    let keep: HashSet<i64> = additions.iter().map(|a| a.id).collect();
    delete_missing(
        tx,
        "catalog_additions",
        Some(("agreement_id", agreement_id)),
        &keep,
    )?;
    Ok(())
}

/// Replaces every cached addition and records `at` as the refresh time.
pub fn replace_all(tx: &Transaction<'_>, additions: &[Addition], at: DateTime<Utc>) -> Result<()> {
    for a in additions {
        upsert(tx, a)?;
    }
    let keep: HashSet<i64> = additions.iter().map(|a| a.id).collect();
    delete_missing(tx, "catalog_additions", None, &keep)?;
    touch(tx, CatalogPart::Additions, at)
}

/// One cached addition.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Addition>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// An agreement's cached additions (cancelled or not), by product.
pub fn list_for_agreement(conn: &Connection, agreement_id: i64) -> Result<Vec<Addition>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE agreement_id = ?1 ORDER BY product_identifier COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([agreement_id], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every cached addition, by agreement then product (for bulk work such as suggestions).
pub fn list_all(conn: &Connection) -> Result<Vec<Addition>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY agreement_id, product_identifier COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
