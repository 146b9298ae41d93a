//! `user_count_samples`: each org's user count as sampled over time, and the high-watermark query
//! (the month's maximum is the quantity billed). The caller computes the month's bounds in
//! America/New_York and passes them as a UTC `[start, end)` range.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::timestamp::{self, SqlTime};
use crate::Result;

/// One sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub org_id: String,
    pub sampled_at: DateTime<Utc>,
    pub user_count: u32,
}

/// An org's highest sample in a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighWatermark {
    pub org_id: String,
    pub user_count: u32,
    /// When the maximum was (first) sampled.
    pub peak_at: DateTime<Utc>,
    /// How many samples the range held for this org.
    pub samples: u32,
}

/// Records one sample.
pub fn insert(conn: &Connection, sample: &Sample) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO user_count_samples (org_id, sampled_at, user_count) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        sample.org_id,
        SqlTime(sample.sampled_at),
        sample.user_count
    ])?;
    Ok(())
}

/// An org's samples in `[start, end)`, oldest first.
pub fn list_for_org(
    conn: &Connection,
    org_id: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Sample>> {
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, sampled_at, user_count FROM user_count_samples
         WHERE org_id = ?1 AND sampled_at >= ?2 AND sampled_at < ?3 ORDER BY sampled_at, id",
    )?;
    let rows = stmt.query_map(params![org_id, SqlTime(start), SqlTime(end)], |row| {
        Ok(Sample {
            org_id: row.get(0)?,
            sampled_at: timestamp::read(row, 1)?,
            user_count: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The high watermark of every org matching `org_filter` in `[?1, ?2)`. `peak_at` is the first
/// time the maximum was reached; both parts are range scans of `user_count_samples_hwm`.
fn hwm_sql(org_filter: &str) -> String {
    format!(
        "WITH peak AS (
             SELECT org_id, max(user_count) AS hwm, count(*) AS samples FROM user_count_samples
             WHERE sampled_at >= ?1 AND sampled_at < ?2 {org_filter} GROUP BY org_id)
         SELECT p.org_id, p.hwm,
                (SELECT min(s.sampled_at) FROM user_count_samples s
                 WHERE s.org_id = p.org_id AND s.sampled_at >= ?1 AND s.sampled_at < ?2
                   AND s.user_count = p.hwm),
                p.samples
         FROM peak p ORDER BY p.org_id"
    )
}

fn read_hwm(row: &Row<'_>) -> rusqlite::Result<HighWatermark> {
    Ok(HighWatermark {
        org_id: row.get(0)?,
        user_count: row.get(1)?,
        peak_at: timestamp::read(row, 2)?,
        samples: row.get(3)?,
    })
}

/// Every org's high watermark in `[start, end)`, by org id. Orgs without samples are absent.
pub fn high_watermarks(
    conn: &Connection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<HighWatermark>> {
    let mut stmt = conn.prepare_cached(&hwm_sql(""))?;
    let rows = stmt.query_map(params![SqlTime(start), SqlTime(end)], read_hwm)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One org's high watermark in `[start, end)`; None without samples.
pub fn high_watermark(
    conn: &Connection,
    org_id: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Option<HighWatermark>> {
    Ok(conn
        .prepare_cached(&hwm_sql("AND org_id = ?3"))?
        .query_row(params![SqlTime(start), SqlTime(end), org_id], read_hwm)
        .optional()?)
}

/// Every org's most recent sample (one per org, by org id), for the mapping screen's Users column.
/// SQLite's `max()` with bare columns takes `user_count` from the max row, and the
/// `user_count_samples_hwm (org_id, sampled_at, user_count)` index covers the query: one index
/// scan in org order, never a sort of the whole sample history.
pub fn latest_per_org(conn: &Connection) -> Result<Vec<Sample>> {
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, max(sampled_at), user_count FROM user_count_samples
         GROUP BY org_id ORDER BY org_id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(Sample {
            org_id: row.get(0)?,
            sampled_at: timestamp::read(row, 1)?,
            user_count: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes samples older than `before` (retention); returns how many.
pub fn delete_before(conn: &Connection, before: DateTime<Utc>) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM user_count_samples WHERE sampled_at < ?1",
        [SqlTime(before)],
    )?)
}
