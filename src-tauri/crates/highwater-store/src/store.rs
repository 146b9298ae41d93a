//! `Store`: opens the data file (creating it and its folder), sets WAL, foreign keys and a busy
//! timeout, refuses a newer schema, and migrates an older one.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::migrate::{self, Migration, MIGRATIONS};
use crate::{Error, Result};

/// How long a statement waits for another process (the app vs. the CLI) to release a lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open Highwater data file. One connection; wrap it in a mutex to share it, or open one
/// `Store` per thread (WAL lets readers and one writer work at once).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the data file at `path` and brings its schema up to date.
    ///
    /// A file written by a newer Highwater is refused with [`Error::NewerSchema`] and left
    /// byte-for-byte untouched: the version is read before any pragma or write.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, MIGRATIONS)
    }

    pub(crate) fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let open_failed = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_failed)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_failed)?;
        // Reading the version is also what detects "not a database".
        let found = migrate::current_version(&conn).map_err(open_failed)?;
        migrate::refuse_newer(found, migrations)?;

        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_failed)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(%mode, "SQLite refused WAL mode; continuing in {mode} mode");
        }
        // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_failed)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_failed)?;
        migrate::apply(&mut conn, migrations)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file (equal to [`crate::SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(migrate::current_version(&self.conn)?)
    }

    /// The connection, for reads and single-statement writes through the table modules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: committed when it returns `Ok`, rolled back
    /// otherwise. IMMEDIATE takes the write lock up front, so a concurrent writer waits for the
    /// busy timeout instead of failing halfway.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    /// A file written by the previous release (schema 1 only) upgrades in place, keeping its rows.
    #[test]
    fn previous_release_file_upgrades_keeping_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highwater.sqlite3");
        {
            let old = Store::open_with(&path, &MIGRATIONS[..1]).unwrap();
            assert_eq!(old.schema_version().unwrap(), 1);
            let has_outbox: bool = old
                .conn()
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'ticket_outbox')",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            assert!(!has_outbox, "schema 1 must not have the alert tables yet");
            // Rows as release 1 wrote them, through its SQL, not this release's functions.
            old.conn()
                .execute_batch(
                    "INSERT INTO organizations (id, name, refreshed_at)
                         VALUES ('org-1', 'Acme', '2026-01-05T10:00:00.000Z');
                     INSERT INTO mappings VALUES ('org-1', 10, 'Acme Inc', 20, 'MSP', 30,
                         'JC-SEAT', '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z');
                     INSERT INTO cost_per_seat (org_id, cost_micros, updated_at)
                         VALUES (NULL, 3500000, '2026-01-05T10:00:00.000Z');
                     INSERT INTO user_count_samples (org_id, sampled_at, user_count)
                         VALUES ('org-1', '2026-01-05T10:00:00.000Z', 42);
                     INSERT INTO catalog_company_types (id, name, refreshed_at)
                         VALUES (1, 'Customer', '2026-01-05T10:00:00.000Z');",
                )
                .unwrap();
        }

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        let mapping = crate::mappings::get(store.conn(), "org-1")
            .unwrap()
            .unwrap();
        assert_eq!(mapping.addition_name, "JC-SEAT");
        assert_eq!(
            crate::cost_per_seat::default_cost(store.conn()).unwrap(),
            Some(crate::Amount::from_micros(3_500_000))
        );
        let samples: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM user_count_samples", [], |r| r.get(0))
            .unwrap();
        assert_eq!(samples, 1);
        // The new tables work on the upgraded file.
        let settings = crate::alert_settings::list(store.conn()).unwrap();
        assert_eq!(settings.len(), 4);
        let versions: Vec<(u32, String)> = store
            .conn()
            .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map(params![], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            versions,
            vec![
                (1, "initial".into()),
                (2, "alerts".into()),
                (3, "company_type_counts".into())
            ]
        );
        // A type cached before counts were kept reads as not counted.
        let customer = crate::catalog::company_types::get(store.conn(), 1)
            .unwrap()
            .unwrap();
        assert_eq!(customer.company_count, None);
    }

    /// A failing migration rolls back entirely: the file keeps its previous schema and rows.
    #[test]
    fn failed_migration_leaves_previous_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highwater.sqlite3");
        Store::open_with(&path, &MIGRATIONS[..1]).unwrap();
        let broken = [
            MIGRATIONS[0],
            Migration {
                version: 2,
                name: "broken",
                sql: "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);",
            },
        ];
        let err = Store::open_with(&path, &broken).unwrap_err();
        assert!(matches!(err, Error::Migration { version: 2, .. }), "{err}");
        let store = Store::open_with(&path, &MIGRATIONS[..1]).unwrap();
        assert_eq!(store.schema_version().unwrap(), 1);
        let half_done: bool = store
            .conn()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'half_done')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(!half_done);
    }
}
