//! "Disable & Clear" removes exactly the ConnectWise-derived rows and journals it.

mod support;

use std::collections::BTreeMap;

use highwater_store::alert_events::{self, AlertEvent};
use highwater_store::alert_settings::{self, AlertSettings};
use highwater_store::catalog::{
    self, additions::Addition, agreements::Agreement, companies::Company,
    company_types::CompanyType,
};
use highwater_store::connection::{self, ConnectWiseConnection, JumpCloudConnection, Region};
use highwater_store::mappings::{self, Mapping};
use highwater_store::organizations::{self, ListedOrganization};
use highwater_store::sync_items::{ItemStatus, SyncItem};
use highwater_store::ticket_outbox::{self, NewTicket, OutboxState};
use highwater_store::user_count_samples::{self, Sample};
use highwater_store::{
    audit_journal, company_type_selection, connectwise_clear, cost_per_seat, settings, sync_items,
    sync_runs, AlertType, Amount, Store,
};
use serde_json::json;
use support::{at, temp_store};

fn row_counts(store: &Store) -> BTreeMap<String, i64> {
    let tables: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = store
                .conn()
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

fn populate(store: &mut Store) {
    let t = at("2026-03-01T00:00:00Z");
    let c = store.conn();
    connection::save_connectwise(
        c,
        &ConnectWiseConnection {
            site: "na.myconnectwise.net".into(),
            company_id: "acme".into(),
            codebase: "v2025_1/".into(),
            api_host: "api-na.myconnectwise.net".into(),
            client_id: "client".into(),
            created_at: t,
            updated_at: t,
        },
    )
    .unwrap();
    connection::save_jumpcloud(
        c,
        &JumpCloudConnection {
            provider_id: "prov".into(),
            provider_name: None,
            region: Region::Us,
            console_url: None,
            insights_url: None,
            created_at: t,
            updated_at: t,
        },
    )
    .unwrap();
    settings::set(c, "connectwise.pinned_version", "2025.1", t).unwrap();
    settings::set(c, "ui.theme", "dark", t).unwrap();
    store
        .write(|tx| {
            catalog::company_types::replace_all(
                tx,
                &[CompanyType {
                    id: 1,
                    name: "Customer".into(),
                    company_count: Some(1),
                    refreshed_at: t,
                }],
                t,
            )?;
            catalog::companies::replace_all(
                tx,
                &[Company {
                    id: 10,
                    identifier: "Acme".into(),
                    name: "Acme".into(),
                    deleted: false,
                    type_ids: vec![1],
                    refreshed_at: t,
                }],
                t,
            )?;
            catalog::agreements::replace_for_company(
                tx,
                10,
                &[Agreement {
                    id: 20,
                    company_id: 10,
                    name: "MSP".into(),
                    type_name: None,
                    cancelled: false,
                    status: None,
                    refreshed_at: t,
                }],
            )?;
            catalog::additions::replace_for_agreement(
                tx,
                20,
                &[Addition {
                    id: 30,
                    agreement_id: 20,
                    product_identifier: "JC-SEAT".into(),
                    description: None,
                    quantity: Amount::from_whole(5)?,
                    unit_price: None,
                    unit_cost: None,
                    cancelled_at: None,
                    effective_at: None,
                    refreshed_at: t,
                }],
            )?;
            company_type_selection::set(tx, &[1], t)?;
            organizations::replace_all(
                tx,
                &[
                    ListedOrganization {
                        id: "o1".into(),
                        name: "Acme".into(),
                    },
                    ListedOrganization {
                        id: "o2".into(),
                        name: "Beta".into(),
                    },
                ],
                t,
            )
            .map(|_| ())
        })
        .unwrap();
    let c = store.conn();
    mappings::upsert(
        c,
        &Mapping {
            org_id: "o1".into(),
            company_id: 10,
            company_name: "Acme".into(),
            agreement_id: 20,
            agreement_name: "MSP".into(),
            addition_id: 30,
            addition_name: "JC-SEAT".into(),
            created_at: t,
            updated_at: t,
        },
    )
    .unwrap();
    cost_per_seat::set_default(c, "3.5".parse().unwrap(), t).unwrap();
    cost_per_seat::set_for_org(c, "o2", "2".parse().unwrap(), t).unwrap();
    user_count_samples::insert(
        c,
        &Sample {
            org_id: "o1".into(),
            sampled_at: t,
            user_count: 5,
        },
    )
    .unwrap();
    let run = sync_runs::start(c, "schedule", false, t).unwrap();
    sync_items::insert(
        c,
        &SyncItem {
            run_id: run,
            org_id: "o1".into(),
            addition_id: Some(30),
            quantity_before: None,
            quantity_after: Some(Amount::from_whole(5).unwrap()),
            unit_cost_before: None,
            unit_cost_after: None,
            status: ItemStatus::Updated,
            error: None,
            recorded_at: t,
        },
    )
    .unwrap();
    sync_runs::finish(c, run, t, None).unwrap();
    audit_journal::append(
        c,
        &audit_journal::JournalEntry {
            at: t,
            actor: "schedule".into(),
            action: "addition.update".into(),
            run_id: Some(run),
            entity: Some("addition:30".into()),
            before: None,
            after: Some(json!({"quantity": 5})),
            message: "Set quantity to 5.".into(),
        },
    )
    .unwrap();
    let mut s = AlertSettings::default_for(AlertType::UserLockout);
    s.enabled = true;
    s.board_id = Some(1);
    alert_settings::save(c, &s, t).unwrap();
    alert_settings::set_auto_ticketing(c, true, t).unwrap();
    for (id, final_state) in [
        ("pending", OutboxState::Pending),
        ("sending", OutboxState::Sending),
        ("failed", OutboxState::Failed),
        ("created", OutboxState::Created),
        ("skipped", OutboxState::Skipped),
    ] {
        alert_events::insert_if_new(
            c,
            &AlertEvent {
                event_id: id.into(),
                org_id: "o1".into(),
                alert_type: AlertType::UserLockout,
                occurred_at: t,
                seen_at: t,
                payload: json!({}),
            },
        )
        .unwrap();
        let ticket = NewTicket {
            dedupe_key: id.into(),
            event_id: id.into(),
            org_id: "o1".into(),
            company_id: Some(10),
            alert_type: AlertType::UserLockout,
            next_attempt_at: t,
        };
        if final_state == OutboxState::Skipped {
            ticket_outbox::enqueue_skipped(c, &ticket, "type disabled", t).unwrap();
            continue;
        }
        ticket_outbox::enqueue(c, &ticket, t).unwrap();
        let row = ticket_outbox::get_by_dedupe_key(c, id).unwrap().unwrap().id;
        match final_state {
            OutboxState::Sending => assert!(ticket_outbox::claim(c, row, t).unwrap()),
            OutboxState::Failed => {
                ticket_outbox::claim(c, row, t).unwrap();
                ticket_outbox::mark_failed(c, row, "no", t).unwrap();
            }
            OutboxState::Created => {
                ticket_outbox::claim(c, row, t).unwrap();
                ticket_outbox::mark_created(c, row, 99, t).unwrap();
            }
            _ => {}
        }
    }
}

#[test]
fn disable_and_clear_removes_exactly_the_connectwise_rows() {
    let (_dir, mut store) = temp_store();
    populate(&mut store);
    let before = row_counts(&store);
    for (table, n) in &before {
        if table != "catalog_meta" {
            assert!(
                *n > 0,
                "fixture leaves {table} empty, so the test would prove nothing"
            );
        }
    }

    let report = store
        .disable_and_clear_connectwise("user", at("2026-03-05T00:00:00Z"))
        .unwrap();
    assert!(report.connection_removed);
    assert_eq!(report.mappings, 1);
    assert_eq!(report.unsent_tickets, 3);
    assert_eq!(report.settings, 1);
    assert_eq!(report.selected_types, 1);
    assert_eq!(report.alert_settings, 2);

    let after = row_counts(&store);
    let cleared = [
        "connectwise_connection",
        "catalog_company_types",
        "catalog_companies",
        "catalog_company_type_links",
        "catalog_agreements",
        "catalog_additions",
        "catalog_meta",
        "company_type_selection",
        "mappings",
        "alert_settings",
        "auto_ticketing",
    ];
    for (table, n_before) in &before {
        let n_after = after[table];
        let expected = match table.as_str() {
            t if cleared.contains(&t) => 0,
            "settings" => n_before - 1,
            "ticket_outbox" => 2,
            "audit_journal" => n_before + 1,
            _ => *n_before,
        };
        assert_eq!(n_after, expected, "{table}: {n_before} -> {n_after}");
    }

    let c = store.conn();
    assert!(connection::connectwise(c).unwrap().is_none());
    assert!(connection::jumpcloud(c).unwrap().is_some());
    assert_eq!(
        settings::get(c, "ui.theme").unwrap().as_deref(),
        Some("dark")
    );
    assert_eq!(
        cost_per_seat::effective(c, "o2")
            .unwrap()
            .unwrap()
            .to_string(),
        "2"
    );
    assert!(!alert_settings::auto_ticketing(c).unwrap().enabled);
    let states: Vec<OutboxState> = [OutboxState::Created, OutboxState::Skipped]
        .into_iter()
        .flat_map(|s| ticket_outbox::list_in_state(c, s, 10).unwrap())
        .map(|r| r.state)
        .collect();
    assert_eq!(states, [OutboxState::Created, OutboxState::Skipped]);

    let journal = audit_journal::list_page(c, None, 1).unwrap();
    let entry = &journal[0].entry;
    assert_eq!(journal[0].id, report.journal_id);
    assert_eq!(entry.action, connectwise_clear::ACTION);
    assert_eq!(entry.actor, "user");
    assert_eq!(
        entry.before.as_ref().unwrap()["site"],
        "na.myconnectwise.net"
    );
    assert!(entry.message.contains("1 mapping(s)"), "{}", entry.message);

    // Clearing again is harmless and still journaled.
    let again = store
        .disable_and_clear_connectwise("cli", at("2026-03-06T00:00:00Z"))
        .unwrap();
    assert!(!again.connection_removed);
    assert_eq!(again.mappings, 0);
    assert_eq!(
        row_counts(&store)["audit_journal"],
        after["audit_journal"] + 1
    );
}

#[test]
fn disable_and_clear_is_all_or_nothing() {
    let (_dir, mut store) = temp_store();
    populate(&mut store);
    let before = row_counts(&store);
    // Make the final step (the journal entry) fail: everything before it must roll back.
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse_journal BEFORE INSERT ON audit_journal
             BEGIN SELECT RAISE(ABORT, 'journal unavailable'); END;",
        )
        .unwrap();
    let err = store
        .disable_and_clear_connectwise("user", at("2026-03-05T00:00:00Z"))
        .unwrap_err();
    assert!(err.to_string().contains("journal unavailable"), "{err}");
    assert_eq!(row_counts(&store), before);
}
