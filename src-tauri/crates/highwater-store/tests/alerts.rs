//! Alert events, the ticket outbox (dedupe, due rows, state changes) and alert settings.

mod support;

use chrono::Duration;
use highwater_store::alert_events::{self, AlertEvent};
use highwater_store::alert_settings::{self, AlertSettings};
use highwater_store::ticket_outbox::{self, NewTicket, OutboxState};
use highwater_store::{AlertType, Error};
use rusqlite::Connection;
use serde_json::json;
use support::{at, temp_store};

fn event(id: &str, t: &str) -> AlertEvent {
    AlertEvent {
        event_id: id.into(),
        org_id: "o1".into(),
        alert_type: AlertType::UserLockout,
        occurred_at: at(t),
        seen_at: at(t) + Duration::minutes(2),
        payload: json!({"id": id, "event_type": "user_lockout", "username": "ada"}),
    }
}

fn ticket(id: &str, due: &str) -> NewTicket {
    NewTicket {
        dedupe_key: id.into(),
        event_id: id.into(),
        org_id: "o1".into(),
        company_id: Some(10),
        alert_type: AlertType::UserLockout,
        next_attempt_at: at(due),
    }
}

fn store_events(c: &Connection, ids: &[(&str, &str)]) {
    for (id, t) in ids {
        assert!(alert_events::insert_if_new(c, &event(id, t)).unwrap());
    }
}

#[test]
fn alert_events_are_stored_once() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    let e = event("ev-1", "2026-03-02T10:00:00.123Z");
    assert!(alert_events::insert_if_new(c, &e).unwrap());
    let mut again = e.clone();
    again.seen_at = at("2026-03-02T11:00:00Z");
    assert!(!alert_events::insert_if_new(c, &again).unwrap());
    assert_eq!(
        alert_events::get(c, "ev-1").unwrap().unwrap(),
        e,
        "first sighting kept"
    );
    store_events(
        c,
        &[
            ("ev-2", "2026-03-02T09:00:00Z"),
            ("ev-3", "2026-03-02T12:00:00Z"),
        ],
    );
    let since: Vec<String> = alert_events::list_since(c, at("2026-03-02T10:00:00Z"), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    assert_eq!(since, ["ev-1", "ev-3"]);
    assert_eq!(
        alert_events::latest_occurred_at(c).unwrap(),
        Some(at("2026-03-02T12:00:00Z"))
    );
}

#[test]
fn outbox_dedupe_key_is_unique() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    store_events(c, &[("ev-1", "2026-03-02T10:00:00Z")]);
    let now = at("2026-03-02T10:01:00Z");
    assert!(ticket_outbox::enqueue(c, &ticket("ev-1", "2026-03-02T10:01:00Z"), now).unwrap());
    assert!(!ticket_outbox::enqueue(c, &ticket("ev-1", "2026-03-02T10:05:00Z"), now).unwrap());
    assert!(
        !ticket_outbox::enqueue_skipped(c, &ticket("ev-1", "2026-03-02T10:05:00Z"), "x", now)
            .unwrap()
    );
    let rows: i64 = c
        .query_row("SELECT count(*) FROM ticket_outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
    let row = ticket_outbox::get_by_dedupe_key(c, "ev-1")
        .unwrap()
        .unwrap();
    assert_eq!(
        row.next_attempt_at,
        at("2026-03-02T10:01:00Z"),
        "first enqueue wins"
    );
    assert_eq!(row.state, OutboxState::Pending);

    // The schema itself refuses a second row, whatever SQL writes it.
    let err = c
        .execute(
            "INSERT INTO ticket_outbox (dedupe_key, event_id, org_id, alert_type, state,
                 next_attempt_at, created_at, updated_at)
             VALUES ('ev-1', 'ev-1', 'o1', 'user-lockout', 'pending', 'x', 'x', 'x')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    // And an outbox row needs its stored event.
    assert!(
        ticket_outbox::enqueue(c, &ticket("never-seen", "2026-03-02T10:01:00Z"), now)
            .unwrap_err()
            .is_constraint_violation()
    );
}

#[test]
fn outbox_serves_due_rows_and_walks_the_states() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    store_events(
        c,
        &[
            ("a", "2026-03-02T10:00:00Z"),
            ("b", "2026-03-02T10:00:00Z"),
            ("c", "2026-03-02T10:00:00Z"),
            ("d", "2026-03-02T10:00:00Z"),
        ],
    );
    let t = at("2026-03-02T10:00:00Z");
    ticket_outbox::enqueue(c, &ticket("a", "2026-03-02T10:02:00Z"), t).unwrap();
    ticket_outbox::enqueue(c, &ticket("b", "2026-03-02T10:01:00Z"), t).unwrap();
    ticket_outbox::enqueue(c, &ticket("c", "2026-03-02T11:00:00Z"), t).unwrap();
    ticket_outbox::enqueue_skipped(
        c,
        &ticket("d", "2026-03-02T10:00:00Z"),
        "organization not mapped",
        t,
    )
    .unwrap();

    let now = at("2026-03-02T10:05:00Z");
    let due = ticket_outbox::due(c, now, 10).unwrap();
    assert_eq!(
        due.iter()
            .map(|r| r.dedupe_key.as_str())
            .collect::<Vec<_>>(),
        ["b", "a"]
    );
    assert_eq!(ticket_outbox::due(c, now, 1).unwrap().len(), 1);

    // Claim is single-flight.
    let b = due[0].id;
    assert!(ticket_outbox::claim(c, b, now).unwrap());
    assert!(!ticket_outbox::claim(c, b, now).unwrap());
    assert_eq!(ticket_outbox::due(c, now, 10).unwrap().len(), 1);
    assert_eq!(
        ticket_outbox::list_in_state(c, OutboxState::Sending, 10).unwrap()[0].id,
        b
    );

    // Transient failure: back to pending, later, with the error and one attempt counted.
    ticket_outbox::retry_later(
        c,
        b,
        "ConnectWise answered 503",
        at("2026-03-02T10:10:00Z"),
        now,
    )
    .unwrap();
    let row = ticket_outbox::get(c, b).unwrap().unwrap();
    assert_eq!((row.state, row.attempts), (OutboxState::Pending, 1));
    assert_eq!(row.last_error.as_deref(), Some("ConnectWise answered 503"));
    assert!(ticket_outbox::due(c, now, 10)
        .unwrap()
        .iter()
        .all(|r| r.id != b));

    let later = at("2026-03-02T10:10:00Z");
    assert!(ticket_outbox::claim(c, b, later).unwrap());
    ticket_outbox::mark_created(c, b, 4711, later).unwrap();
    let row = ticket_outbox::get(c, b).unwrap().unwrap();
    assert_eq!(
        (row.state, row.ticket_id, row.attempts),
        (OutboxState::Created, Some(4711), 2)
    );
    assert_eq!(row.last_error, None);
    assert_eq!(row.updated_at, later);

    // A created row cannot be sent, failed or skipped again.
    let err = ticket_outbox::mark_created(c, b, 1, later).unwrap_err();
    assert!(
        matches!(err, Error::InvalidTransition { to: "created", .. }),
        "{err}"
    );
    assert!(ticket_outbox::mark_skipped(c, b, "x", later).is_err());

    let a = ticket_outbox::get_by_dedupe_key(c, "a")
        .unwrap()
        .unwrap()
        .id;
    assert!(ticket_outbox::claim(c, a, later).unwrap());
    ticket_outbox::mark_failed(c, a, "board 7 does not exist", later).unwrap();
    assert_eq!(
        ticket_outbox::get(c, a).unwrap().unwrap().state,
        OutboxState::Failed
    );

    let cid = ticket_outbox::get_by_dedupe_key(c, "c")
        .unwrap()
        .unwrap()
        .id;
    ticket_outbox::mark_skipped(c, cid, "alert type disabled", later).unwrap();
    let skipped = ticket_outbox::list_in_state(c, OutboxState::Skipped, 10).unwrap();
    assert_eq!(skipped.len(), 2);
    let reasons: Vec<_> = skipped.iter().map(|r| r.reason.as_deref()).collect();
    assert_eq!(
        reasons,
        [Some("alert type disabled"), Some("organization not mapped")]
    );

    let plan: Vec<String> = c
        .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM ticket_outbox
             WHERE state = 'pending' AND next_attempt_at <= '2026' ORDER BY next_attempt_at",
        )
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("ticket_outbox_due")),
        "{plan:?}"
    );
}

#[test]
fn alert_settings_default_save_and_need_a_board_to_enable() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    let all = alert_settings::list(c).unwrap();
    assert_eq!(all.len(), 4);
    for (s, t) in all.iter().zip(AlertType::ALL) {
        assert_eq!(*s, AlertSettings::default_for(*t));
        assert!(!s.enabled && s.due_days == 1 && s.priority_id.is_none() && s.source_id.is_none());
    }
    let t = at("2026-03-01T00:00:00Z");
    let mut s = AlertSettings::default_for(AlertType::UserPasswordExpired);
    s.enabled = true;
    let err = alert_settings::save(c, &s, t).unwrap_err();
    assert!(err.is_constraint_violation(), "{err}");
    s.board_id = Some(1);
    s.priority_id = Some(8);
    s.status_id = Some(16);
    s.due_days = 3;
    alert_settings::save(c, &s, t).unwrap();
    let stored = alert_settings::get(c, AlertType::UserPasswordExpired).unwrap();
    s.updated_at = Some(t);
    assert_eq!(stored, s);
    assert_eq!(
        alert_settings::get(c, AlertType::UserLockout)
            .unwrap()
            .updated_at,
        None
    );
    assert_eq!(
        "user-password-expired".parse::<AlertType>().unwrap(),
        AlertType::UserPasswordExpired
    );
    assert!("user_lockout".parse::<AlertType>().is_err());
}

#[test]
fn auto_ticketing_records_when_it_was_switched_on() {
    let (_dir, store) = temp_store();
    let c = store.conn();
    assert_eq!(
        alert_settings::auto_ticketing(c).unwrap().switched_on_at,
        None
    );
    let on = at("2026-03-01T12:00:00Z");
    let s = alert_settings::set_auto_ticketing(c, true, on).unwrap();
    assert!(s.enabled);
    assert_eq!(s.switched_on_at, Some(on));
    // Already on: the start stays.
    let s = alert_settings::set_auto_ticketing(c, true, at("2026-03-02T00:00:00Z")).unwrap();
    assert_eq!(s.switched_on_at, Some(on));
    let s = alert_settings::set_auto_ticketing(c, false, at("2026-03-03T00:00:00Z")).unwrap();
    assert!(!s.enabled);
    assert_eq!(s.switched_on_at, Some(on));
    let again = at("2026-03-04T00:00:00Z");
    let s = alert_settings::set_auto_ticketing(c, true, again).unwrap();
    assert_eq!(
        s.switched_on_at,
        Some(again),
        "switching on again starts afresh"
    );
}
