//! `mappings`: which ConnectWise Company → Agreement → Addition each JumpCloud org bills to, plus
//! [`org_rows`], the mapping screen's one query: every org with its mapping and the catalog facts
//! the engine needs to call a mapping broken (and say why).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::organizations::{self, Organization};
use crate::timestamp::{self, SqlTime};
use crate::Result;

/// One org's mapping. The names are copies taken at save time, for display when the catalog no
/// longer has the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub org_id: String,
    pub company_id: i64,
    pub company_name: String,
    pub agreement_id: i64,
    pub agreement_name: String,
    pub addition_id: i64,
    pub addition_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The cached company a mapping points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyState {
    pub deleted: bool,
    pub has_selected_type: bool,
}

/// The cached agreement a mapping points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementState {
    pub company_id: i64,
    pub cancelled: bool,
    pub status: Option<String>,
}

/// The cached addition a mapping points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdditionState {
    pub agreement_id: i64,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// What the catalog cache says about a mapping's targets; `None` means not in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetState {
    pub company: Option<CompanyState>,
    pub agreement: Option<AgreementState>,
    pub addition: Option<AdditionState>,
}

/// One row of the mapping screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub org: Organization,
    /// With the catalog's view of its targets.
    pub mapping: Option<(Mapping, TargetState)>,
}

const SELECT: &str = "SELECT org_id, company_id, company_name, agreement_id, agreement_name,
        addition_id, addition_name, created_at, updated_at
    FROM mappings";

fn read(row: &Row<'_>, first: usize) -> rusqlite::Result<Mapping> {
    Ok(Mapping {
        org_id: row.get(first)?,
        company_id: row.get(first + 1)?,
        company_name: row.get(first + 2)?,
        agreement_id: row.get(first + 3)?,
        agreement_name: row.get(first + 4)?,
        addition_id: row.get(first + 5)?,
        addition_name: row.get(first + 6)?,
        created_at: timestamp::read(row, first + 7)?,
        updated_at: timestamp::read(row, first + 8)?,
    })
}

/// Saves an org's mapping; on update `created_at` keeps its first value. The org must be cached
/// (foreign key).
pub fn upsert(conn: &Connection, m: &Mapping) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO mappings (org_id, company_id, company_name, agreement_id, agreement_name,
             addition_id, addition_name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (org_id) DO UPDATE SET company_id = excluded.company_id,
             company_name = excluded.company_name, agreement_id = excluded.agreement_id,
             agreement_name = excluded.agreement_name, addition_id = excluded.addition_id,
             addition_name = excluded.addition_name, updated_at = excluded.updated_at",
    )?
    .execute(params![
        m.org_id,
        m.company_id,
        m.company_name,
        m.agreement_id,
        m.agreement_name,
        m.addition_id,
        m.addition_name,
        SqlTime(m.created_at),
        SqlTime(m.updated_at)
    ])?;
    Ok(())
}

/// One org's mapping.
pub fn get(conn: &Connection, org_id: &str) -> Result<Option<Mapping>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE org_id = ?1"))?
        .query_row([org_id], |row| read(row, 0))
        .optional()?)
}

/// Every mapping, by org id.
pub fn list(conn: &Connection) -> Result<Vec<Mapping>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY org_id"))?;
    let rows = stmt.query_map([], |row| read(row, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes an org's mapping (it stops syncing); true when it was mapped.
pub fn delete(conn: &Connection, org_id: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM mappings WHERE org_id = ?1", [org_id])? > 0)
}

/// Removes every mapping; returns how many.
pub fn clear(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("DELETE FROM mappings", [])?)
}

/// Every cached org by name, each with its mapping (if any) and the catalog's view of the
/// mapping's company, agreement and addition. One query, for thousands of rows.
pub fn org_rows(conn: &Connection) -> Result<Vec<OrgRow>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, o.missing_since, o.refreshed_at,
                m.org_id, m.company_id, m.company_name, m.agreement_id, m.agreement_name,
                m.addition_id, m.addition_name, m.created_at, m.updated_at,
                c.id, c.deleted,
                EXISTS (SELECT 1 FROM catalog_company_type_links l
                        JOIN company_type_selection s ON s.type_id = l.type_id
                        WHERE l.company_id = c.id),
                a.id, a.company_id, a.cancelled, a.status,
                d.id, d.agreement_id, d.cancelled_at
         FROM organizations o
         LEFT JOIN mappings m ON m.org_id = o.id
         LEFT JOIN catalog_companies c ON c.id = m.company_id
         LEFT JOIN catalog_agreements a ON a.id = m.agreement_id
         LEFT JOIN catalog_additions d ON d.id = m.addition_id
         ORDER BY o.name COLLATE NOCASE, o.id",
    )?;
    let rows = stmt.query_map([], |row| {
        let org = organizations::read(row, 0)?;
        let mapping = match row.get::<_, Option<String>>(4)? {
            None => None,
            Some(_) => Some((read(row, 4)?, target_state(row)?)),
        };
        Ok(OrgRow { org, mapping })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn target_state(row: &Row<'_>) -> rusqlite::Result<TargetState> {
    let company = match row.get::<_, Option<i64>>(13)? {
        None => None,
        Some(_) => Some(CompanyState {
            deleted: row.get(14)?,
            has_selected_type: row.get(15)?,
        }),
    };
    let agreement = match row.get::<_, Option<i64>>(16)? {
        None => None,
        Some(_) => Some(AgreementState {
            company_id: row.get(17)?,
            cancelled: row.get(18)?,
            status: row.get(19)?,
        }),
    };
    let addition = match row.get::<_, Option<i64>>(20)? {
        None => None,
        Some(_) => Some(AdditionState {
            agreement_id: row.get(21)?,
            cancelled_at: timestamp::read_opt(row, 22)?,
        }),
    };
    Ok(TargetState {
        company,
        agreement,
        addition,
    })
}
