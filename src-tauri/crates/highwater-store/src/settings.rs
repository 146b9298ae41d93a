//! `settings`: small non-secret key/value settings. Keys starting with [`CONNECTWISE_PREFIX`] are
//! ConnectWise-derived and go away with "Disable & Clear".

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::timestamp::{self, SqlTime};
use crate::Result;

/// Prefix of keys that hold ConnectWise-derived values.
pub const CONNECTWISE_PREFIX: &str = "connectwise.";

/// One stored setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

/// Inserts or replaces `key`.
pub fn set(conn: &Connection, key: &str, value: &str, at: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )?
    .execute(params![key, value, SqlTime(at)])?;
    Ok(())
}

/// The value of `key`, if set.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

/// Removes `key`; true when it existed.
pub fn delete(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0)
}

/// Every setting, by key.
pub fn list(conn: &Connection) -> Result<Vec<Setting>> {
    let mut stmt = conn.prepare("SELECT key, value, updated_at FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |row| {
        Ok(Setting {
            key: row.get(0)?,
            value: row.get(1)?,
            updated_at: timestamp::read(row, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes every ConnectWise-derived setting; returns how many.
pub(crate) fn delete_connectwise(conn: &Connection) -> Result<usize> {
    // substr avoids LIKE treating `_` or `%` in the prefix as wildcards.
    Ok(conn.execute(
        "DELETE FROM settings WHERE substr(key, 1, ?2) = ?1",
        params![CONNECTWISE_PREFIX, CONNECTWISE_PREFIX.len() as i64],
    )?)
}
