//! `organizations`: cached JumpCloud client organizations. A refresh replaces the list, except
//! that a mapped org JumpCloud no longer lists is kept and marked missing, so its mapping shows
//! as broken rather than disappearing.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::timestamp::{self, SqlTime};
use crate::Result;

/// A cached JumpCloud organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// Set while JumpCloud no longer lists this (mapped) org.
    pub missing_since: Option<DateTime<Utc>>,
    pub refreshed_at: DateTime<Utc>,
}

/// An org as JumpCloud lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedOrganization {
    pub id: String,
    pub name: String,
}

/// What a refresh changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgRefresh {
    pub listed: usize,
    /// Mapped orgs no longer listed, kept with `missing_since`.
    pub marked_missing: usize,
    /// Unmapped orgs no longer listed, removed (with any cost override).
    pub removed: usize,
}

const SELECT: &str = "SELECT id, name, missing_since, refreshed_at FROM organizations";

pub(crate) fn read(row: &Row<'_>, first: usize) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: row.get(first)?,
        name: row.get(first + 1)?,
        missing_since: timestamp::read_opt(row, first + 2)?,
        refreshed_at: timestamp::read(row, first + 3)?,
    })
}

/// Replaces the cached list with `listed` (every page of JumpCloud's answer).
pub fn replace_all(
    tx: &Transaction<'_>,
    listed: &[ListedOrganization],
    at: DateTime<Utc>,
) -> Result<OrgRefresh> {
    let mut upsert = tx.prepare(
        "INSERT INTO organizations (id, name, missing_since, refreshed_at) VALUES (?1, ?2, NULL, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, missing_since = NULL,
             refreshed_at = excluded.refreshed_at",
    )?;
    for org in listed {
        upsert.execute(params![org.id, org.name, SqlTime(at)])?;
    }
    let keep: HashSet<&str> = listed.iter().map(|o| o.id.as_str()).collect();
    let mut stmt = tx.prepare(
        "SELECT o.id, EXISTS (SELECT 1 FROM mappings m WHERE m.org_id = o.id) FROM organizations o",
    )?;
    let gone: Vec<(String, bool)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, bool)>>>()?
        .into_iter()
        .filter(|(id, _)| !keep.contains(id.as_str()))
        .collect();
    let mut refresh = OrgRefresh {
        listed: listed.len(),
        ..OrgRefresh::default()
    };
    for (id, mapped) in gone {
        if mapped {
            tx.execute(
                "UPDATE organizations SET missing_since = coalesce(missing_since, ?2) WHERE id = ?1",
                params![id, SqlTime(at)],
            )?;
            refresh.marked_missing += 1;
        } else {
            tx.execute("DELETE FROM organizations WHERE id = ?1", [&id])?;
            refresh.removed += 1;
        }
    }
    Ok(refresh)
}

/// One cached org.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Organization>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], |row| read(row, 0))
        .optional()?)
}

/// Every cached org, by name.
pub fn list(conn: &Connection) -> Result<Vec<Organization>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY name COLLATE NOCASE, id"))?;
    let rows = stmt.query_map([], |row| read(row, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
