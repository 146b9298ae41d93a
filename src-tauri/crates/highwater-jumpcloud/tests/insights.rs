//! Directory Insights reads over loopback: search_after paging across 25,000 events, multi-org
//! queries, type filtering, late-arriving events and a failure in the middle of paging.

mod support;

use std::collections::HashSet;

use chrono::Duration;
use highwater_jumpcloud::{EventKind, EventQuery, JumpCloudClient};
use highwater_sandbox::jumpcloud::{Fault, NewEvent, SandboxConfig};
use serde_json::json;
use support::{config_for, msp_client, requests_to, sandbox};

fn busy_month() -> SandboxConfig {
    // 10 orgs × ~19.5 days × 130 alerts ≈ 25,000 alert events.
    SandboxConfig {
        users_per_org: (20, 40),
        alerts_per_org_per_day: 130.0,
        noise_per_org_per_day: 5.0,
        ..SandboxConfig::default()
    }
    .with_orgs(10)
}

fn alert_types() -> Vec<&'static str> {
    EventKind::ALERTS.iter().map(|k| k.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_through_25000_events_with_search_after() {
    let sb = sandbox(busy_month()).await;
    let mut config = config_for(&sb, &sb.api_key());
    config.insights_page_size = 1000;
    let client = JumpCloudClient::new(config).unwrap();
    let control = sb.control();
    let ids: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let (start, end) = (control.config().period_start, control.clock());

    let events = client
        .events(EventQuery::alerts(ids.clone(), start, end))
        .await
        .unwrap();

    let expected = control.count_events(&ids, &alert_types(), start, end);
    assert!(
        expected >= 25_000,
        "the month holds {expected} alert events"
    );
    assert_eq!(events.len(), expected, "no gaps, no duplicates");
    assert_eq!(
        events.iter().map(|e| &e.id).collect::<HashSet<_>>().len(),
        expected
    );
    assert!(events
        .iter()
        .all(|e| e.kind().is_some_and(|k| EventKind::ALERTS.contains(&k))));
    assert!(events
        .iter()
        .all(|e| e.timestamp >= start && e.timestamp < end));
    let systems_lockouts = events
        .iter()
        .filter(|e| {
            e.kind() == Some(EventKind::UserLockout) && e.service.as_deref() == Some("systems")
        })
        .count();
    assert!(systems_lockouts > 0 && events.iter().any(|e| e.system.is_some()));

    let pages = requests_to(&sb, "/insights/directory/v1/events");
    assert_eq!(
        pages.len(),
        expected / 1000 + 1,
        "full pages plus the last, short one"
    );
    assert!(pages
        .iter()
        .all(|p| p.org_ids.len() == 10 && p.status == 200));
}

#[tokio::test]
async fn a_failure_mid_pagination_is_retried_at_the_same_page() {
    let sb = sandbox(busy_month().with_orgs(2)).await;
    let mut config = config_for(&sb, &sb.api_key());
    config.insights_page_size = 500;
    let client = JumpCloudClient::new(config).unwrap();
    let control = sb.control();
    let ids: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let (start, end) = (control.config().period_start, control.clock());
    control.inject(Fault::status(503, 2).on_path("/insights").after(3));

    let events = client
        .events(EventQuery::alerts(ids.clone(), start, end))
        .await
        .unwrap();

    assert_eq!(
        events.len(),
        control.count_events(&ids, &alert_types(), start, end)
    );
    let statuses: Vec<u16> = requests_to(&sb, "/insights")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(&statuses[..6], &[200, 200, 200, 503, 503, 200]);
}

#[tokio::test]
async fn one_request_reads_several_orgs_and_only_those() {
    let sb = sandbox(SandboxConfig::default().with_orgs(6)).await;
    let client = msp_client(&sb);
    let control = sb.control();
    let all: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let chosen = all[1..4].to_vec();
    let (start, end) = (control.config().period_start, control.clock());

    let mut kinds = EventKind::ALERTS.to_vec();
    kinds.extend(EventKind::LIFECYCLE);
    let events = client
        .events(EventQuery::new(chosen.clone(), start, end).with_kinds(&kinds))
        .await
        .unwrap();

    let types: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        events.len(),
        control.count_events(&chosen, &types, start, end)
    );
    let orgs_seen: HashSet<&str> = events
        .iter()
        .filter_map(|e| e.organization.as_deref())
        .collect();
    assert_eq!(orgs_seen, chosen.iter().map(String::as_str).collect());
    assert!(
        events.iter().all(|e| e.kind().is_some()),
        "noise events are filtered out by the server"
    );
    let log = requests_to(&sb, "/insights");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].org_ids, chosen, "one x-org-id header per org");
}

#[tokio::test]
async fn orgs_are_batched_per_request() {
    let sb = sandbox(SandboxConfig::default().with_orgs(7)).await;
    let mut config = config_for(&sb, &sb.api_key());
    config.insights_orgs_per_request = 3;
    let client = JumpCloudClient::new(config).unwrap();
    let control = sb.control();
    let ids: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let (start, end) = (control.config().period_start, control.clock());
    let events = client
        .events(EventQuery::alerts(ids.clone(), start, end))
        .await
        .unwrap();
    assert_eq!(
        events.len(),
        control.count_events(&ids, &alert_types(), start, end)
    );
    let sizes: Vec<usize> = requests_to(&sb, "/insights")
        .iter()
        .map(|r| r.org_ids.len())
        .collect();
    assert_eq!(sizes, vec![3, 3, 1]);
}

#[tokio::test]
async fn late_arriving_events_show_up_on_a_later_read_of_the_same_window() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = msp_client(&sb);
    let control = sb.control();
    let org = control.organizations()[0].id.clone();
    let end = control.clock();
    let start = end - Duration::days(2);
    let query = EventQuery::alerts(vec![org.clone()], start, end);
    let before = client.events(query.clone()).await.unwrap();

    let late_id = control
        .add_event(NewEvent {
            organization: Some(org.clone()),
            event_type: "system_fde_key_decrypt".into(),
            service: "systems".into(),
            timestamp: end - Duration::hours(30),
            fields: serde_json::from_value(json!({
                "system": {"id": "611f642091129216830cc2c6", "hostname": "ACME-LT-07"},
                "initiated_by": {"type": "admin", "email": "tech@msp.example"},
                "unexpected": {"nested": [1, 2, 3]}
            }))
            .unwrap(),
        })
        .unwrap();
    let after = client.events(query).await.unwrap();

    assert_eq!(after.len(), before.len() + 1);
    let late = after
        .iter()
        .find(|e| e.id == late_id)
        .expect("the late event");
    assert_eq!(late.kind(), Some(EventKind::SystemFdeKeyDecrypt));
    assert_eq!(
        late.system.as_ref().and_then(|s| s.hostname.as_deref()),
        Some("ACME-LT-07")
    );
    assert_eq!(late.timestamp, end - Duration::hours(30));
    assert!(after.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
}

#[tokio::test]
async fn events_past_retention_are_gone() {
    let sb = sandbox(SandboxConfig {
        retention_days: 10,
        ..SandboxConfig::default()
    })
    .await;
    let client = msp_client(&sb);
    let control = sb.control();
    let ids: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let (start, end) = (control.config().period_start, control.clock());
    let events = client
        .events(EventQuery::alerts(ids.clone(), start, end))
        .await
        .unwrap();
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|e| e.timestamp >= end - Duration::days(10)));
    assert_eq!(
        events.len(),
        control.count_events(&ids, &alert_types(), start, end)
    );
}
