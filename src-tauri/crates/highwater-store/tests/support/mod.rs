//! Shared fixtures: a store in a fresh temp dir, and fixed instants.

#![allow(dead_code)] // each test binary uses a different subset

use chrono::{DateTime, Utc};
use highwater_store::Store;
use tempfile::TempDir;

/// A store backed by a real file in a fresh temp dir (kept alive by the returned guard).
pub fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("data").join("highwater.sqlite3")).expect("open");
    (dir, store)
}

/// Parses an RFC3339 instant.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid RFC3339")
        .with_timezone(&Utc)
}
