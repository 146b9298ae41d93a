//! A ConnectWise cloud upgrade moving the codebase (`v2024_1/` → `v2024_2/`) after Verify and
//! Save: engine operations keep working and the saved connection follows, against the sandbox
//! over loopback with a real SQLite file.

mod support;

use highwater_sandbox::connectwise::LoggedRequest;
use highwater_store::audit_journal;
use highwater_store::connection::{self, ConnectWiseConnection};
use support::*;

/// A world whose ConnectWise plays a cloud instance, connected on `v2024_1/`.
async fn connected_cloud() -> World {
    let world = World::new().await;
    world.cw.control().set_cloud(true);
    let connected = world
        .engine
        .connect_connectwise(world.cw_input())
        .await
        .unwrap();
    assert_eq!(connected.codebase, "v2024_1/");
    world
}

fn saved(world: &World) -> ConnectWiseConnection {
    connection::connectwise(world.store().conn())
        .unwrap()
        .unwrap()
}

fn lookups(log: &[LoggedRequest]) -> usize {
    log.iter()
        .filter(|r| r.path.starts_with("/login/companyinfo/"))
        .count()
}

fn api_moved_entries(world: &World) -> Vec<audit_journal::JournalRecord> {
    audit_journal::list_page(world.store().conn(), None, 100)
        .unwrap()
        .into_iter()
        .filter(|r| r.entry.action == "connectwise.api_moved")
        .collect()
}

#[tokio::test]
async fn after_an_upgrade_operations_work_and_the_new_codebase_is_saved() {
    let world = connected_cloud().await;
    let before = saved(&world);
    world
        .cw
        .control()
        .upgrade_cloud_codebase("v2024_2")
        .unwrap();
    world.cw.control().clear_requests();

    let types = world.engine.company_types(true).await.unwrap();
    assert!(types.iter().any(|t| t.id == CUSTOMER && t.selected));
    assert_eq!(lookups(&world.cw.control().requests()), 1);

    let after = saved(&world);
    assert_eq!(after.codebase, "v2024_2/");
    assert_eq!(after.api_host, world.cw.site());
    assert_eq!(
        (
            &after.site,
            &after.company_id,
            &after.client_id,
            after.created_at
        ),
        (
            &before.site,
            &before.company_id,
            &before.client_id,
            before.created_at
        )
    );
    assert!(after.updated_at >= before.updated_at);
    assert_eq!(
        world
            .engine
            .status()
            .unwrap()
            .connectwise
            .codebase
            .as_deref(),
        Some("v2024_2/")
    );
    let journaled = api_moved_entries(&world);
    assert_eq!(journaled.len(), 1);
    assert_eq!(journaled[0].entry.actor, "test");
    assert_eq!(
        journaled[0].entry.before.as_ref().unwrap()["codebase"],
        "v2024_1/"
    );

    // The next operation's client starts on the saved base: no look-up, nothing sent to the old
    // codebase, and nothing saved again.
    world.cw.control().clear_requests();
    let refreshed = world.engine.refresh_catalog().await.unwrap();
    assert!(refreshed.companies > 0);
    let log = world.cw.control().requests();
    assert_eq!(lookups(&log), 0);
    assert!(
        log.iter().all(|r| r.path.starts_with("/v2024_2/")),
        "{log:?}"
    );
    assert_eq!(api_moved_entries(&world).len(), 1);
}

#[tokio::test]
async fn a_record_not_found_leaves_the_saved_connection_alone() {
    let world = connected_cloud().await;
    let before = saved(&world);
    world.cw.control().clear_requests();

    let err = world.engine.agreements(123_456, false).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("ConnectWise has no company with ID 123456"),
        "{err}"
    );
    // One look-up found the same codebase; the row and the journal are untouched.
    assert_eq!(lookups(&world.cw.control().requests()), 1);
    assert_eq!(saved(&world), before);
    assert!(api_moved_entries(&world).is_empty());

    // Another operation inside the cool-down (one shared by the engine's clients) does not
    // look up again.
    world.cw.control().clear_requests();
    world.engine.agreements(123_457, false).await.unwrap_err();
    assert_eq!(lookups(&world.cw.control().requests()), 0);
}
