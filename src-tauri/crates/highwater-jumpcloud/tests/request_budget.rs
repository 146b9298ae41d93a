//! The request cost of the two daily reads for 1,000 orgs, measured with the sandbox's request log:
//! user counts (one request per org) and one day of alert events (one request per 50 orgs while no
//! batch fills a 10,000-event page).

mod support;

use chrono::Duration;
use highwater_jumpcloud::{BillableUsers, EventKind, EventQuery};
use highwater_sandbox::jumpcloud::SandboxConfig;
use support::{msp_client, requests_to, sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_thousand_orgs() {
    let config = SandboxConfig {
        users_per_org: (1, 6),
        churn_per_org_per_day: 0.2,
        noise_per_org_per_day: 0.5,
        alerts_per_org_per_day: 1.5,
        ..SandboxConfig::default()
    }
    .with_orgs(1000);
    let sb = sandbox(config).await;
    let client = msp_client(&sb);
    let control = sb.control();

    let orgs = client.organizations(&sb.provider_id()).await.unwrap();
    assert_eq!(orgs.len(), 1000);
    assert_eq!(
        requests_to(&sb, "/api/v2/providers/").len(),
        10,
        "org list: 10 pages of 100"
    );

    let ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let counts = client.user_counts(&ids, BillableUsers::All).await;
    let clock = control.clock();
    for (id, count) in &counts {
        assert_eq!(
            *count.as_ref().unwrap(),
            control.user_counts_at(id, clock).unwrap().0
        );
    }
    assert_eq!(
        requests_to(&sb, "/api/systemusers").len(),
        1000,
        "counts: one request per org"
    );

    let end = clock;
    let start = end - Duration::days(1);
    let events = client
        .events(EventQuery::alerts(ids.clone(), start, end))
        .await
        .unwrap();
    let types: Vec<&str> = EventKind::ALERTS.iter().map(|k| k.as_str()).collect();
    assert_eq!(events.len(), control.count_events(&ids, &types, start, end));
    assert!(
        events.len() > 1000,
        "about 1.5 alerts per org per day: {}",
        events.len()
    );
    let di = requests_to(&sb, "/insights/");
    assert_eq!(
        di.len(),
        20,
        "one day of alerts: 1,000 orgs / 50 per request"
    );
    assert!(di.iter().all(|r| r.org_ids.len() == 50));
    println!(
        "1,000 orgs: org list {} requests, user counts {} requests, one day of alerts ({} events) {} requests",
        10,
        1000,
        events.len(),
        di.len()
    );
}
