//! `catalog_company_types`: ConnectWise company types as last fetched.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{touch, CatalogPart};
use crate::timestamp::{self, SqlTime};
use crate::Result;

/// A ConnectWise company type ("Customer", "Prospect", …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyType {
    pub id: i64,
    pub name: String,
    /// Companies of this type that are not deleted, as ConnectWise counted them at refresh time
    /// (None when not counted).
    pub company_count: Option<u64>,
    pub refreshed_at: DateTime<Utc>,
}

fn read(row: &Row<'_>) -> rusqlite::Result<CompanyType> {
    Ok(CompanyType {
        id: row.get(0)?,
        name: row.get(1)?,
        refreshed_at: timestamp::read(row, 2)?,
        // Stored as INTEGER (signed); the CHECK keeps it non-negative.
        company_count: row.get::<_, Option<i64>>(3)?.map(|n| n.unsigned_abs()),
    })
}

/// Replaces the whole list and records `at` as its refresh time.
pub fn replace_all(tx: &Transaction<'_>, types: &[CompanyType], at: DateTime<Utc>) -> Result<()> {
    tx.execute("DELETE FROM catalog_company_types", [])?;
    let mut insert = tx.prepare(
        "INSERT INTO catalog_company_types (id, name, refreshed_at, company_count)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in types {
        insert.execute(params![
            t.id,
            t.name,
            SqlTime(t.refreshed_at),
            t.company_count
                .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
        ])?;
    }
    touch(tx, CatalogPart::CompanyTypes, at)
}

/// Every cached type, by name.
pub fn list(conn: &Connection) -> Result<Vec<CompanyType>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, refreshed_at, company_count FROM catalog_company_types ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One cached type.
pub fn get(conn: &Connection, id: i64) -> Result<Option<CompanyType>> {
    Ok(conn
        .query_row(
            "SELECT id, name, refreshed_at, company_count FROM catalog_company_types WHERE id = ?1",
            [id],
            read,
        )
        .optional()?)
}
