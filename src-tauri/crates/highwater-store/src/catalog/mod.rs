//! The cached ConnectWise catalog: company types, companies (with their type ids and deleted
//! flag), agreements and additions. Pickers read it instead of calling ConnectWise; every row and
//! every whole-list refresh carries the time it was fetched.

pub mod additions;
pub mod agreements;
pub mod companies;
pub mod company_types;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::timestamp::{self, SqlTime};
use crate::Result;

/// A whole-list part of the catalog whose last refresh is recorded in `catalog_meta`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogPart {
    CompanyTypes,
    Companies,
    Agreements,
    Additions,
}

impl CatalogPart {
    fn key(self) -> &'static str {
        match self {
            CatalogPart::CompanyTypes => "company_types",
            CatalogPart::Companies => "companies",
            CatalogPart::Agreements => "agreements",
            CatalogPart::Additions => "additions",
        }
    }
}

/// When `part` was last refreshed as a whole (per-parent refreshes show on the rows instead).
pub fn refreshed_at(conn: &Connection, part: CatalogPart) -> Result<Option<DateTime<Utc>>> {
    Ok(conn
        .query_row(
            "SELECT refreshed_at FROM catalog_meta WHERE part = ?1",
            [part.key()],
            |row| timestamp::read(row, 0),
        )
        .optional()?)
}

/// The most recent whole-list refresh of any part, for "catalog refreshed at …".
pub fn last_refreshed_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    Ok(
        conn.query_row("SELECT max(refreshed_at) FROM catalog_meta", [], |row| {
            timestamp::read_opt(row, 0)
        })?,
    )
}

pub(crate) fn touch(conn: &Connection, part: CatalogPart, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO catalog_meta (part, refreshed_at) VALUES (?1, ?2)
         ON CONFLICT (part) DO UPDATE SET refreshed_at = excluded.refreshed_at",
        params![part.key(), SqlTime(at)],
    )?;
    Ok(())
}

/// Empties the whole cache (types, companies and, by cascade, links, agreements, additions, and
/// the refresh times). Returns the number of company-type and company rows removed.
pub(crate) fn clear(conn: &Connection) -> Result<usize> {
    let types = conn.execute("DELETE FROM catalog_company_types", [])?;
    let companies = conn.execute("DELETE FROM catalog_companies", [])?;
    conn.execute("DELETE FROM catalog_meta", [])?;
    Ok(types + companies)
}

/// Deletes the rows of `table` whose `scope_column` equals `scope` (or all rows when `scope` is
/// None) and whose id is not in `keep`. Shared by the replace-a-list functions.
pub(crate) fn delete_missing(
    conn: &Connection,
    table: &str,
    scope: Option<(&str, i64)>,
    keep: &std::collections::HashSet<i64>,
) -> Result<usize> {
    let select = match scope {
        Some((column, _)) => format!("SELECT id FROM {table} WHERE {column} = ?1"),
        None => format!("SELECT id FROM {table}"),
    };
    let mut stmt = conn.prepare(&select)?;
    let scope_value: Vec<i64> = scope.map(|(_, value)| value).into_iter().collect();
    let existing: Vec<i64> = stmt
        .query_map(rusqlite::params_from_iter(scope_value), |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut delete = conn.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
    let mut removed = 0;
    for id in existing.into_iter().filter(|id| !keep.contains(id)) {
        removed += delete.execute([id])?;
    }
    Ok(removed)
}
