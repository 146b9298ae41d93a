//! `company_type_selection`: the ConnectWise company types the admin bills. Only companies with
//! one of these types are offered for mapping. The "at least one, and known" rule is the
//! engine's; the store keeps whatever it is given.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};

use crate::timestamp::SqlTime;
use crate::Result;

/// Replaces the selection with `type_ids` (duplicates ignored). A type that stays selected keeps
/// its original `selected_at`.
pub fn set(tx: &Transaction<'_>, type_ids: &[i64], at: DateTime<Utc>) -> Result<()> {
    let wanted: BTreeSet<i64> = type_ids.iter().copied().collect();
    let current = selected_ids(tx)?;
    let mut delete = tx.prepare("DELETE FROM company_type_selection WHERE type_id = ?1")?;
    for id in current.iter().filter(|id| !wanted.contains(id)) {
        delete.execute([id])?;
    }
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO company_type_selection (type_id, selected_at) VALUES (?1, ?2)",
    )?;
    for id in &wanted {
        insert.execute(params![id, SqlTime(at)])?;
    }
    Ok(())
}

/// The selected type ids, ascending.
pub fn selected_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT type_id FROM company_type_selection ORDER BY type_id")?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// True when `type_id` is selected.
pub fn is_selected(conn: &Connection, type_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM company_type_selection WHERE type_id = ?1)",
        [type_id],
        |row| row.get(0),
    )?)
}

/// Removes the whole selection; returns how many types were selected.
pub fn clear(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("DELETE FROM company_type_selection", [])?)
}
