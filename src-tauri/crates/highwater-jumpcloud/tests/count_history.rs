//! The simulator's consistency: rebuild every org's user-count history from its lifecycle events
//! (read through the client) and compare it, instant by instant, with the counts the simulator
//! serves when its clock is moved to that instant (including days simulated after start-up).

mod support;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use highwater_jumpcloud::{BillableUsers, Event, EventKind, EventQuery};
use highwater_sandbox::jumpcloud::SandboxConfig;
use support::{msp_client, sandbox};

/// Counts `(all, excluding staged)` of one org at `at`, replaying its events from the beginning.
/// New users start STAGED; activation leaves staging; suspension keeps the user billable.
fn replay(events: &[&Event], at: DateTime<Utc>) -> (u64, u64) {
    let mut staged: HashMap<&str, bool> = HashMap::new();
    for event in events.iter().take_while(|e| e.timestamp <= at) {
        let user = event
            .resource
            .as_ref()
            .and_then(|r| r.id.as_deref())
            .expect("lifecycle events name the user");
        match event.kind() {
            Some(EventKind::UserCreate) => {
                staged.insert(user, true);
            }
            Some(EventKind::UserActivated) => {
                staged.insert(user, false);
            }
            Some(EventKind::UserDelete) => {
                staged.remove(user);
            }
            _ => {}
        }
    }
    let all = staged.len() as u64;
    (all, all - staged.values().filter(|s| **s).count() as u64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_rebuilt_from_lifecycle_events_match_served_counts() {
    let config = SandboxConfig {
        churn_per_org_per_day: 1.5,
        // Long enough to keep the creation events of users who joined before the period.
        retention_days: 400,
        ..SandboxConfig::default()
    }
    .with_orgs(8);
    let sb = sandbox(config).await;
    let client = msp_client(&sb);
    let control = sb.control();
    let ids: Vec<String> = control.organizations().into_iter().map(|o| o.id).collect();
    let period_start = control.config().period_start;
    // Let three more simulated days happen, so the check covers the live simulation too.
    control.advance(control.clock() + Duration::days(3));
    let now = control.clock();

    let events = client
        .events(EventQuery::lifecycle(
            ids.clone(),
            now - Duration::days(399),
            now,
        ))
        .await
        .unwrap();
    let mut by_org: HashMap<&str, Vec<&Event>> = HashMap::new();
    for event in &events {
        by_org
            .entry(event.organization.as_deref().unwrap())
            .or_default()
            .push(event);
    }
    let changes_in_period = events
        .iter()
        .filter(|e| e.timestamp >= period_start)
        .count();
    assert!(
        changes_in_period > 100,
        "the month must move counts: {changes_in_period} changes"
    );

    // Every 6 hours through the period, plus the exact instants of some changes and just before them.
    let mut instants: Vec<DateTime<Utc>> = (0..)
        .map(|i| period_start + Duration::hours(6 * i))
        .take_while(|t| *t <= now)
        .collect();
    for e in events
        .iter()
        .filter(|e| e.timestamp >= period_start)
        .step_by(7)
    {
        instants.push(e.timestamp);
        instants.push(e.timestamp - Duration::milliseconds(1));
    }
    instants.push(now);

    for at in instants {
        control.set_clock(at);
        let all = client.user_counts(&ids, BillableUsers::All).await;
        let unstaged = client.user_counts(&ids, BillableUsers::ExcludeStaged).await;
        for ((org, all), (_, unstaged)) in all.into_iter().zip(unstaged) {
            let rebuilt = replay(by_org.get(org.as_str()).map_or(&[][..], Vec::as_slice), at);
            assert_eq!(
                (all.unwrap(), unstaged.unwrap()),
                rebuilt,
                "org {org} at {at}"
            );
        }
    }
}
