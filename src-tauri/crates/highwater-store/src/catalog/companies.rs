//! `catalog_companies` and `catalog_company_type_links`: ConnectWise companies with their type
//! ids and deleted flag, and the "billable" view (a selected type, not deleted) the mapping
//! pickers offer.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{delete_missing, touch, CatalogPart};
use crate::timestamp::{self, SqlTime};
use crate::Result;

/// A cached ConnectWise company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub id: i64,
    pub identifier: String,
    pub name: String,
    pub deleted: bool,
    /// Ascending type ids.
    pub type_ids: Vec<i64>,
    pub refreshed_at: DateTime<Utc>,
}

// Type ids come back as one group_concat column, so a listing is a single query.
const SELECT: &str = "SELECT c.id, c.identifier, c.name, c.deleted, c.refreshed_at,
        (SELECT group_concat(l.type_id, ',') FROM catalog_company_type_links l
         WHERE l.company_id = c.id)
    FROM catalog_companies c";

fn read(row: &Row<'_>) -> rusqlite::Result<Company> {
    let type_ids: Option<String> = row.get(5)?;
    let mut type_ids = type_ids
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    type_ids.sort_unstable();
    Ok(Company {
        id: row.get(0)?,
        identifier: row.get(1)?,
        name: row.get(2)?,
        deleted: row.get(3)?,
        refreshed_at: timestamp::read(row, 4)?,
        type_ids,
    })
}

/// Inserts or updates one company and replaces its type links (e.g. after a lookup missed).
/// Its agreements stay cached.
pub fn upsert(tx: &Transaction<'_>, company: &Company) -> Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO catalog_companies (id, identifier, name, deleted, refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET identifier = excluded.identifier, name = excluded.name,
             deleted = excluded.deleted, refreshed_at = excluded.refreshed_at",
    )?;
    upsert.execute(params![
        company.id,
        company.identifier,
        company.name,
        company.deleted,
        SqlTime(company.refreshed_at)
    ])?;
    tx.prepare_cached("DELETE FROM catalog_company_type_links WHERE company_id = ?1")?
        .execute([company.id])?;
    let mut link = tx.prepare_cached(
        "INSERT OR IGNORE INTO catalog_company_type_links (company_id, type_id) VALUES (?1, ?2)",
    )?;
    for type_id in &company.type_ids {
        link.execute([company.id, *type_id])?;
    }
    Ok(())
}

/// Replaces the whole company list: upserts every company, removes the ones no longer listed
/// (with their agreements and additions), and records `at` as the refresh time.
pub fn replace_all(tx: &Transaction<'_>, companies: &[Company], at: DateTime<Utc>) -> Result<()> {
    for company in companies {
        upsert(tx, company)?;
    }
    let keep: HashSet<i64> = companies.iter().map(|c| c.id).collect();
    delete_missing(tx, "catalog_companies", None, &keep)?;
    touch(tx, CatalogPart::Companies, at)
}

/// One cached company (deleted or not).
pub fn get(conn: &Connection, id: i64) -> Result<Option<Company>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// Every cached company, by name.
pub fn list(conn: &Connection) -> Result<Vec<Company>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY c.name COLLATE NOCASE, c.id"))?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Companies offered for mapping: not deleted and having at least one selected type, each once,
/// by name.
pub fn list_billable(conn: &Connection) -> Result<Vec<Company>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE c.deleted = 0 AND EXISTS (
             SELECT 1 FROM catalog_company_type_links l
             JOIN company_type_selection s ON s.type_id = l.type_id
             WHERE l.company_id = c.id)
         ORDER BY c.name COLLATE NOCASE, c.id"
    ))?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// True when the cached company has at least one selected type (deleted or not).
pub fn has_selected_type(conn: &Connection, company_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM catalog_company_type_links l
                 JOIN company_type_selection s ON s.type_id = l.type_id
                 WHERE l.company_id = ?1)",
        )?
        .query_row([company_id], |row| row.get(0))?)
}
