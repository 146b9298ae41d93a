//! The one timestamp encoding: UTC, RFC3339 text with exactly three fractional digits and a `Z`
//! (`2026-03-01T05:00:00.000Z`). Fixed width, so SQL text comparison is time comparison.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Formats `at` the way every column stores it. Sub-millisecond precision is dropped.
pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Truncates `at` to what the store keeps, so a value read back compares equal to it.
pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at)
}

/// Column adapter: binds and reads a `DateTime<Utc>` in the store's encoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SqlTime(pub DateTime<Utc>);

impl ToSql for SqlTime {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(to_text(self.0)))
    }
}

impl FromSql for SqlTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        DateTime::parse_from_rfc3339(text)
            .map(|t| SqlTime(t.with_timezone(&Utc)))
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// Binds an optional timestamp.
pub(crate) fn opt(at: Option<DateTime<Utc>>) -> Option<SqlTime> {
    at.map(SqlTime)
}

/// Reads an optional timestamp column.
pub(crate) fn read_opt(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(row.get::<_, Option<SqlTime>>(idx)?.map(|t| t.0))
}

/// Reads a timestamp column.
pub(crate) fn read(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    Ok(row.get::<_, SqlTime>(idx)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn text_is_fixed_width_utc_with_z() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 5, 0, 0).unwrap();
        assert_eq!(to_text(at), "2026-03-01T05:00:00.000Z");
        let later = at + chrono::Duration::milliseconds(1_234);
        assert_eq!(to_text(later), "2026-03-01T05:00:01.234Z");
        assert!(to_text(at) < to_text(later));
    }

    #[test]
    fn truncate_drops_sub_millisecond_precision() {
        let at = Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap();
        let t = truncate(at);
        assert_eq!(t.timestamp_subsec_nanos(), 123_000_000);
        assert_eq!(to_text(t), to_text(at));
    }
}
