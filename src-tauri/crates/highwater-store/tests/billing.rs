//! Settings, connections, cost per seat, user-count samples and the high watermark, sync runs
//! and items, and the audit journal.

mod support;

use chrono::Duration;
use highwater_store::audit_journal::{self, JournalEntry};
use highwater_store::connection::{self, ConnectWiseConnection, JumpCloudConnection, Region};
use highwater_store::organizations::{self, ListedOrganization};
use highwater_store::sync_items::{self, ItemStatus, SyncItem};
use highwater_store::user_count_samples::{self as samples, Sample};
use highwater_store::{cost_per_seat, settings, sync_runs, timestamp, Amount, Error};
use serde_json::json;
use support::{at, temp_store};

#[test]
fn settings_round_trip() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    settings::set(c, "ui.theme", "dark", at("2026-02-01T00:00:00Z")).unwrap();
    settings::set(c, "ui.theme", "light", at("2026-02-02T00:00:00Z")).unwrap();
    settings::set(
        c,
        "connectwise.pinned_version",
        "2025.1",
        at("2026-02-02T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(
        settings::get(c, "ui.theme").unwrap().as_deref(),
        Some("light")
    );
    assert_eq!(settings::get(c, "nope").unwrap(), None);
    let all = settings::list(c).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].key, "ui.theme");
    assert_eq!(all[1].updated_at, at("2026-02-02T00:00:00Z"));
    assert!(settings::delete(c, "ui.theme").unwrap());
    assert!(!settings::delete(c, "ui.theme").unwrap());
}

#[test]
fn connections_round_trip_and_keep_created_at() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    assert!(connection::connectwise(c).unwrap().is_none());
    let mut cw = ConnectWiseConnection {
        site: "na.myconnectwise.net".into(),
        company_id: "acme".into(),
        codebase: "v2025_1/".into(),
        api_host: "api-na.myconnectwise.net".into(),
        client_id: "00000000-0000-0000-0000-000000000001".into(),
        created_at: at("2026-02-01T00:00:00Z"),
        updated_at: at("2026-02-01T00:00:00Z"),
    };
    connection::save_connectwise(c, &cw).unwrap();
    assert_eq!(connection::connectwise(c).unwrap().unwrap(), cw);
    let first_created = cw.created_at;
    cw.codebase = "v2025_2/".into();
    cw.created_at = at("2026-03-01T00:00:00Z");
    cw.updated_at = at("2026-03-01T00:00:00Z");
    connection::save_connectwise(c, &cw).unwrap();
    let stored = connection::connectwise(c).unwrap().unwrap();
    assert_eq!(stored.codebase, "v2025_2/");
    assert_eq!(stored.created_at, first_created);
    assert_eq!(stored.updated_at, at("2026-03-01T00:00:00Z"));

    let jc = JumpCloudConnection {
        provider_id: "5f00aa".into(),
        provider_name: Some("Example MSP".into()),
        region: Region::Eu,
        console_url: Some("http://127.0.0.1:9000".into()),
        insights_url: None,
        created_at: at("2026-02-01T00:00:00Z"),
        updated_at: at("2026-02-01T00:00:00Z"),
    };
    connection::save_jumpcloud(c, &jc).unwrap();
    assert_eq!(connection::jumpcloud(c).unwrap().unwrap(), jc);
    assert!(connection::delete_jumpcloud(c).unwrap());
    assert!(connection::jumpcloud(c).unwrap().is_none());
    assert!(connection::delete_connectwise(c).unwrap());
    assert!(!connection::delete_connectwise(c).unwrap());
}

#[test]
fn cost_per_seat_default_and_overrides() {
    let (_dir, mut store) = temp_store();
    let t = at("2026-02-01T00:00:00Z");
    store
        .write(|tx| {
            organizations::replace_all(
                tx,
                &[
                    ListedOrganization {
                        id: "o1".into(),
                        name: "A".into(),
                    },
                    ListedOrganization {
                        id: "o2".into(),
                        name: "B".into(),
                    },
                ],
                t,
            )
        })
        .unwrap();
    let c = store.conn();
    assert_eq!(cost_per_seat::effective(c, "o1").unwrap(), None);
    cost_per_seat::set_default(c, "3.50".parse().unwrap(), t).unwrap();
    cost_per_seat::set_default(c, "4.25".parse().unwrap(), t).unwrap();
    cost_per_seat::set_for_org(c, "o2", "2.10".parse().unwrap(), t).unwrap();
    cost_per_seat::set_for_org(c, "o2", "2.2".parse().unwrap(), t).unwrap();
    assert_eq!(
        cost_per_seat::default_cost(c).unwrap().unwrap().to_string(),
        "4.25"
    );
    assert_eq!(
        cost_per_seat::effective(c, "o1")
            .unwrap()
            .unwrap()
            .to_string(),
        "4.25"
    );
    assert_eq!(
        cost_per_seat::effective(c, "o2")
            .unwrap()
            .unwrap()
            .to_string(),
        "2.2"
    );
    assert_eq!(cost_per_seat::override_for(c, "o1").unwrap(), None);
    let overrides = cost_per_seat::list_overrides(c).unwrap();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].cost, Amount::from_micros(2_200_000));

    let err = cost_per_seat::set_default(c, "-1".parse().unwrap(), t).unwrap_err();
    assert!(matches!(err, Error::InvalidAmount(_)), "{err}");
    assert!(cost_per_seat::set_for_org(c, "not-cached", Amount::ZERO, t)
        .unwrap_err()
        .is_constraint_violation());

    assert!(cost_per_seat::clear_override(c, "o2").unwrap());
    assert_eq!(
        cost_per_seat::effective(c, "o2")
            .unwrap()
            .unwrap()
            .to_string(),
        "4.25"
    );
    let rows: i64 = c
        .query_row("SELECT count(*) FROM cost_per_seat", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "one default row, however often it was set");
}

fn sample(org: &str, t: &str, count: u32) -> Sample {
    Sample {
        org_id: org.into(),
        sampled_at: at(t),
        user_count: count,
    }
}

#[test]
fn high_watermark_per_org_per_month_respects_boundaries() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    // March 2026 in America/New_York: [2026-03-01T05:00Z, 2026-04-01T04:00Z) (DST starts 8 March).
    let start = at("2026-03-01T05:00:00Z");
    let end = at("2026-04-01T04:00:00Z");
    for s in [
        sample("o1", "2026-03-01T04:59:59.999Z", 500), // February in New York: excluded
        sample("o1", "2026-03-01T05:00:00Z", 10),      // first instant: included
        sample("o1", "2026-03-15T12:00:00Z", 14),
        sample("o1", "2026-03-20T12:00:00Z", 14), // tie: peak_at stays the first
        sample("o1", "2026-03-31T12:00:00Z", 12),
        sample("o1", "2026-04-01T04:00:00Z", 900), // April in New York: excluded
        sample("o2", "2026-04-01T03:59:59.999Z", 7), // last instant: included
        sample("o3", "2026-02-10T00:00:00Z", 3),   // no March samples at all
    ] {
        samples::insert(c, &s).unwrap();
    }

    let hwm = samples::high_watermarks(c, start, end).unwrap();
    assert_eq!(hwm.len(), 2, "{hwm:?}");
    assert_eq!(
        (hwm[0].org_id.as_str(), hwm[0].user_count, hwm[0].samples),
        ("o1", 14, 4)
    );
    assert_eq!(hwm[0].peak_at, at("2026-03-15T12:00:00Z"));
    assert_eq!(
        (hwm[1].org_id.as_str(), hwm[1].user_count, hwm[1].samples),
        ("o2", 7, 1)
    );

    let one = samples::high_watermark(c, "o1", start, end)
        .unwrap()
        .unwrap();
    assert_eq!(one, hwm[0]);
    assert!(samples::high_watermark(c, "o3", start, end)
        .unwrap()
        .is_none());
    assert_eq!(samples::list_for_org(c, "o1", start, end).unwrap().len(), 4);

    // The planner serves the range from the covering index.
    let plan: Vec<String> = c
        .prepare(
            "EXPLAIN QUERY PLAN SELECT max(user_count) FROM user_count_samples
             WHERE org_id = 'o1' AND sampled_at >= '2026-03' AND sampled_at < '2026-04'",
        )
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("user_count_samples_hwm")),
        "{plan:?}"
    );

    assert_eq!(samples::delete_before(c, start).unwrap(), 2);
    assert_eq!(samples::high_watermarks(c, start, end).unwrap(), hwm);
}

#[test]
fn latest_sample_per_org_takes_the_newest_not_the_highest() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    assert!(samples::latest_per_org(c).unwrap().is_empty());
    // Inserted out of time order: the newest sample wins even when an older one is higher.
    for s in [
        sample("o2", "2026-03-10T00:00:00Z", 8),
        sample("o1", "2026-03-20T12:00:00Z", 11),
        sample("o1", "2026-03-01T00:00:00Z", 40),
        sample("o1", "2026-03-15T00:00:00Z", 25),
        sample("o2", "2026-02-01T00:00:00Z", 90),
    ] {
        samples::insert(c, &s).unwrap();
    }
    assert_eq!(
        samples::latest_per_org(c).unwrap(),
        vec![
            sample("o1", "2026-03-20T12:00:00Z", 11),
            sample("o2", "2026-03-10T00:00:00Z", 8),
        ]
    );

    // The covering index serves it: no scan of the table, no sort.
    let plan: Vec<String> = c
        .prepare(
            "EXPLAIN QUERY PLAN SELECT org_id, max(sampled_at), user_count
             FROM user_count_samples GROUP BY org_id ORDER BY org_id",
        )
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("COVERING INDEX user_count_samples_hwm")),
        "{plan:?}"
    );
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
}

#[test]
fn sync_runs_and_items_round_trip_with_counts() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    let t0 = at("2026-03-02T17:00:00Z");
    assert!(sync_runs::last_finished(c).unwrap().is_none());
    let run = sync_runs::start(c, "schedule", false, t0).unwrap();
    let running = sync_runs::get(c, run).unwrap().unwrap();
    assert_eq!(running.finished_at, None);
    assert_eq!(running.trigger, "schedule");

    let item = |org: &str, status: ItemStatus, error: Option<&str>| SyncItem {
        run_id: run,
        org_id: org.into(),
        addition_id: Some(30),
        quantity_before: Some(Amount::from_whole(10).unwrap()),
        quantity_after: Some(Amount::from_whole(14).unwrap()),
        unit_cost_before: Some("3.5".parse().unwrap()),
        unit_cost_after: Some("3.5".parse().unwrap()),
        status,
        error: error.map(Into::into),
        recorded_at: t0 + Duration::seconds(1),
    };
    let items = [
        item("o1", ItemStatus::Updated, None),
        item("o2", ItemStatus::Updated, None),
        item("o3", ItemStatus::Failed, Some("ConnectWise answered 500")),
        item("o4", ItemStatus::Held, None),
        item("o5", ItemStatus::Unchanged, None),
    ];
    for i in &items {
        sync_items::insert(c, i).unwrap();
    }
    assert_eq!(sync_items::list_for_run(c, run).unwrap(), items);

    let finished = sync_runs::finish(c, run, t0 + Duration::seconds(5), None).unwrap();
    assert_eq!(finished.finished_at, Some(t0 + Duration::seconds(5)));
    assert_eq!(
        (
            finished.counts.updated,
            finished.counts.failed,
            finished.counts.held
        ),
        (2, 1, 1)
    );
    assert_eq!((finished.counts.unchanged, finished.counts.skipped), (1, 0));

    // A later dry run does not become "last sync".
    let dry = sync_runs::start(c, "cli", true, t0 + Duration::hours(1)).unwrap();
    sync_runs::finish(c, dry, t0 + Duration::hours(1), None).unwrap();
    assert_eq!(sync_runs::last_finished(c).unwrap().unwrap().id, run);
    assert_eq!(sync_runs::list_recent(c, 10).unwrap()[0].id, dry);

    let missing = sync_runs::finish(c, 9999, t0, Some("x")).unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing}");
}

#[test]
fn audit_journal_round_trips_and_is_append_only() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    let run = sync_runs::start(c, "manual", false, at("2026-03-02T17:00:00Z")).unwrap();
    let entry = JournalEntry {
        at: timestamp::truncate(chrono::Utc::now()),
        actor: "schedule".into(),
        action: "addition.update".into(),
        run_id: Some(run),
        entity: Some("addition:30".into()),
        before: Some(json!({"quantity": 10.0, "unitCost": 3.5})),
        after: Some(json!({"quantity": 14.0, "unitCost": 3.5})),
        message: "Set Acme's JC-SEAT quantity from 10 to 14.".into(),
    };
    let id = audit_journal::append(c, &entry).unwrap();
    let lifecycle = JournalEntry {
        at: at("2026-03-03T00:00:00Z"),
        actor: "user".into(),
        action: "mapping.disabled".into(),
        run_id: None,
        entity: Some("mapping:o1".into()),
        before: None,
        after: None,
        message: "Stopped syncing Acme.".into(),
    };
    let id2 = audit_journal::append(c, &lifecycle).unwrap();
    assert!(id2 > id);

    let for_run = audit_journal::list_for_run(c, run).unwrap();
    assert_eq!(for_run.len(), 1);
    assert_eq!(for_run[0].entry, entry);
    let page = audit_journal::list_page(c, None, 10).unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [id2, id]);
    let older = audit_journal::list_page(c, Some(id2), 10).unwrap();
    assert_eq!(older.len(), 1);
    assert_eq!(older[0].entry, entry);

    for sql in [
        "UPDATE audit_journal SET message = 'x'",
        "DELETE FROM audit_journal",
    ] {
        let err = c.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    // The run a journal entry names cannot be deleted either.
    assert!(c
        .execute("DELETE FROM sync_runs WHERE id = ?1", [run])
        .is_err());
    assert_eq!(audit_journal::list_page(c, None, 10).unwrap().len(), 2);
}
