//! Embedded, append-only schema migrations. Each runs in its own transaction and is recorded in
//! `schema_migrations` (version, name, applied_at); a file newer than the app is refused before
//! anything is written to it.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::timestamp::SqlTime;
use crate::{Error, Result};

/// One embedded migration. Versions run 1, 2, 3, … with no gaps.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration this build knows, oldest first. Append only: released files never change.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "alerts",
        sql: include_str!("../migrations/0002_alerts.sql"),
    },
    Migration {
        version: 3,
        name: "company_type_counts",
        sql: include_str!("../migrations/0003_company_type_counts.sql"),
    },
];

/// The newest schema this build understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT";

/// The schema version recorded in the file; 0 for a new, empty file. Only reads.
pub fn current_version(conn: &Connection) -> rusqlite::Result<u32> {
    let has_table = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !has_table {
        return Ok(0);
    }
    conn.query_row(
        "SELECT ifnull(max(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )
}

/// Refuses a file whose schema is newer than `migrations` reach. Call before writing anything.
pub(crate) fn refuse_newer(found: u32, migrations: &[Migration]) -> Result<()> {
    let known = migrations.last().map_or(0, |m| m.version);
    if found > known {
        return Err(Error::NewerSchema { found, known });
    }
    Ok(())
}

/// Applies every migration in `migrations` the file does not have yet, each in its own IMMEDIATE
/// transaction. The version is re-read inside the transaction, so two processes opening the same
/// new file (the app and the CLI) never apply one migration twice.
pub(crate) fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<()> {
    let latest = migrations.last().map_or(0, |m| m.version);
    // Up to date (the usual case): read only, so re-opening never takes the write lock.
    if current_version(conn)? >= latest {
        return Ok(());
    }
    for migration in migrations {
        let failed = |source| Error::Migration {
            version: migration.version,
            name: migration.name,
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        let found = current_version(&tx).map_err(failed)?;
        refuse_newer(found, migrations)?;
        if found >= migration.version {
            continue;
        }
        tx.execute_batch(VERSION_TABLE).map_err(failed)?;
        tx.execute_batch(migration.sql).map_err(failed)?;
        // A migration that rebuilt a table must not leave dangling references behind.
        let dangling: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
            .optional()
            .map_err(failed)?;
        if let Some(table) = dangling {
            return Err(Error::MigrationIntegrity {
                version: migration.version,
                table,
            });
        }
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![migration.version, migration.name, SqlTime(Utc::now())],
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1, "{}", migration.name);
        }
        assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
    }

    #[test]
    fn no_migration_opens_or_commits_its_own_transaction() {
        // The runner owns the transaction; a BEGIN/COMMIT inside a file would break atomicity.
        for migration in MIGRATIONS {
            let upper = migration.sql.to_uppercase();
            for word in ["BEGIN TRANSACTION", "COMMIT;", "ROLLBACK;"] {
                assert!(!upper.contains(word), "{} contains {word}", migration.name);
            }
        }
    }
}
