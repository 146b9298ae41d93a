//! Opening the data file: creation, migrations, re-open, refusing newer files, pragmas, foreign
//! keys. Every test uses a real file in a temp dir.

mod support;

use highwater_store::{
    catalog, connection, mappings, organizations, sync_items, Error, Store, SCHEMA_VERSION,
};
use rusqlite::Connection;
use support::{at, temp_store};

const TABLES: &[&str] = &[
    "settings",
    "connectwise_connection",
    "jumpcloud_connection",
    "catalog_company_types",
    "catalog_companies",
    "catalog_company_type_links",
    "catalog_agreements",
    "catalog_additions",
    "catalog_meta",
    "company_type_selection",
    "organizations",
    "mappings",
    "cost_per_seat",
    "user_count_samples",
    "sync_runs",
    "sync_items",
    "audit_journal",
    "alert_events",
    "ticket_outbox",
    "alert_settings",
    "auto_ticketing",
    "schema_migrations",
];

fn migration_rows(conn: &Connection) -> Vec<(u32, String, String)> {
    conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn migrates_an_empty_folder_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("nested")
        .join("deeper")
        .join("highwater.sqlite3");
    let store = Store::open(&path).unwrap();

    assert!(path.is_file());
    assert_eq!(store.path(), path.as_path());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    for table in TABLES {
        let exists: bool = store
            .conn()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(exists, "table {table} missing");
    }
    let rows = migration_rows(store.conn());
    assert_eq!(rows.len() as u32, SCHEMA_VERSION);
    for (_, _, applied_at) in &rows {
        assert!(
            applied_at.ends_with('Z') && applied_at.len() == 24,
            "{applied_at}"
        );
    }
}

#[test]
fn sets_wal_foreign_keys_and_busy_timeout() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fk);
    let timeout: i64 = conn
        .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
        .unwrap();
    assert!(timeout >= 1000, "busy timeout {timeout} ms");
}

#[test]
fn reopening_is_a_no_op_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("highwater.sqlite3");
    let before = {
        let store = Store::open(&path).unwrap();
        highwater_store::settings::set(
            store.conn(),
            "ui.theme",
            "dark",
            at("2026-02-01T00:00:00Z"),
        )
        .unwrap();
        migration_rows(store.conn())
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(
        migration_rows(store.conn()),
        before,
        "no migration re-applied"
    );
    assert_eq!(
        highwater_store::settings::get(store.conn(), "ui.theme")
            .unwrap()
            .as_deref(),
        Some("dark")
    );
}

#[test]
fn two_stores_can_share_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("highwater.sqlite3");
    let app = Store::open(&path).unwrap();
    let cli = Store::open(&path).unwrap();
    highwater_store::settings::set(app.conn(), "k", "v", at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!(
        highwater_store::settings::get(cli.conn(), "k")
            .unwrap()
            .as_deref(),
        Some("v")
    );
}

#[test]
fn refuses_a_newer_file_with_a_clear_message_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("highwater.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_at)
                 VALUES (7, 'from-the-future', '2030-01-01T00:00:00.000Z')",
                [],
            )
            .unwrap();
        // Fold the WAL into the main file so the bytes below are the whole database.
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let bytes_before = std::fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { found: 7, known } if known == SCHEMA_VERSION));
    assert_eq!(
        err.to_string(),
        format!(
            "This Highwater data file (schema 7) was written by a newer version of Highwater \
             (this one understands up to schema {SCHEMA_VERSION}). Update Highwater, or point it \
             at another data folder."
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes_before, "file changed");
    let journal_mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        journal_mode, "delete",
        "WAL must not be switched on for a refused file"
    );
}

#[test]
fn refuses_a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("highwater.sqlite3");
    std::fs::write(
        &path,
        b"this is not a sqlite file, just some text long enough ....",
    )
    .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("Could not open the Highwater data file"),
        "{err}"
    );
}

#[test]
fn reports_a_folder_that_cannot_be_created() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(&blocker.join("sub").join("highwater.sqlite3")).unwrap_err();
    assert!(matches!(err, Error::CreateDir { .. }), "{err:?}");
}

#[test]
fn enforces_foreign_keys() {
    let (_dir, mut store) = temp_store();
    let t = at("2026-02-01T00:00:00Z");

    // A mapping needs a cached organization.
    let mapping = mappings::Mapping {
        org_id: "ghost".into(),
        company_id: 1,
        company_name: "C".into(),
        agreement_id: 2,
        agreement_name: "A".into(),
        addition_id: 3,
        addition_name: "P".into(),
        created_at: t,
        updated_at: t,
    };
    let err = mappings::upsert(store.conn(), &mapping).unwrap_err();
    assert!(err.is_constraint_violation(), "{err}");

    // An agreement needs a cached company.
    let agreement = catalog::agreements::Agreement {
        id: 5,
        company_id: 999,
        name: "MSP".into(),
        type_name: None,
        cancelled: false,
        status: None,
        refreshed_at: t,
    };
    assert!(catalog::agreements::upsert(store.conn(), &agreement)
        .unwrap_err()
        .is_constraint_violation());

    // A sync item needs its run.
    let item = sync_items::SyncItem {
        run_id: 12345,
        org_id: "o".into(),
        addition_id: None,
        quantity_before: None,
        quantity_after: None,
        unit_cost_before: None,
        unit_cost_after: None,
        status: sync_items::ItemStatus::Skipped,
        error: None,
        recorded_at: t,
    };
    assert!(sync_items::insert(store.conn(), &item)
        .unwrap_err()
        .is_constraint_violation());

    // A mapped organization cannot be deleted out from under its mapping.
    store
        .write(|tx| {
            organizations::replace_all(
                tx,
                &[organizations::ListedOrganization {
                    id: "ghost".into(),
                    name: "Ghost".into(),
                }],
                t,
            )
        })
        .unwrap();
    mappings::upsert(store.conn(), &mapping).unwrap();
    let err = store
        .conn()
        .execute("DELETE FROM organizations WHERE id = 'ghost'", [])
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ConstraintViolation)
    );

    // Nothing secret-shaped can be stored: the connection table has no key column at all.
    let columns: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM pragma_table_info('connectwise_connection')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(columns
        .iter()
        .all(|c| !c.contains("key") && !c.contains("secret")));
    assert!(connection::connectwise(store.conn()).unwrap().is_none());
}
