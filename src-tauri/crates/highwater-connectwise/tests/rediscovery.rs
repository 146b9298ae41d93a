//! Following a cloud codebase upgrade over real loopback HTTP: a client on the old codebase looks
//! `companyinfo` up again after a 404 and carries on; genuine record 404s look up at most once
//! per cool-down and come back unchanged.

mod fixture;

use std::time::Duration;

use highwater_connectwise::{ConnectWiseClient, Error, NewTicket, Rediscovery};
use highwater_sandbox::connectwise::{ConnectWiseSandbox, LoggedRequest, SandboxConfig};

use fixture::{config, sandbox};

async fn cloud() -> ConnectWiseSandbox {
    sandbox(SandboxConfig {
        cloud: true,
        ..SandboxConfig::default()
    })
    .await
}

fn lookups(log: &[LoggedRequest]) -> usize {
    log.iter()
        .filter(|r| r.path.starts_with("/login/companyinfo/"))
        .count()
}

/// `(method, path, status)` of each logged request.
fn trail(log: &[LoggedRequest]) -> Vec<(String, String, Option<u16>)> {
    log.iter()
        .map(|r| (r.method.clone(), r.path.clone(), r.status))
        .collect()
}

fn not_found(err: Error) -> (String, String) {
    match err {
        Error::NotFound { path, message } => (path, message),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_on_the_old_cloud_codebase_follows_the_upgrade() {
    let sb = cloud().await;
    let client = ConnectWiseClient::connect(&config(&sb)).await.unwrap();
    let clone = client.clone();
    assert_eq!(
        client.api_base(),
        format!("{}/v2024_1/apis/3.0/", sb.base_url())
    );
    sb.control().upgrade_cloud_codebase("v2024_2").unwrap();
    sb.control().clear_requests();

    let types = client.company_types().await.unwrap();
    assert!(!types.is_empty());
    let log = sb.control().requests();
    let expected = [
        ("GET", "/v2024_1/apis/3.0/company/companies/types", 404),
        ("GET", "/login/companyinfo/highwater", 200),
        ("GET", "/v2024_2/apis/3.0/company/companies/types", 200),
    ]
    .map(|(m, p, s)| (m.to_owned(), p.to_owned(), Some(s)));
    assert_eq!(trail(&log), expected);
    assert_eq!(lookups(&log), 1, "exactly one extra companyinfo request");

    // Clones share the new base: no second look-up, nothing sent to the old codebase.
    let new_base = format!("{}/v2024_2/apis/3.0/", sb.base_url());
    assert_eq!(client.api_base(), new_base);
    assert_eq!(clone.api_base(), new_base);
    sb.control().clear_requests();
    clone.boards().await.unwrap();
    client.system_info().await.unwrap();
    let log = sb.control().requests();
    assert_eq!(lookups(&log), 0);
    assert!(
        log.iter().all(|r| r.path.starts_with("/v2024_2/")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_post_after_an_upgrade_is_sent_once_more_and_creates_one_ticket() {
    let sb = cloud().await;
    let shared = Rediscovery::default();
    let cfg = config(&sb).with_rediscovery(shared.clone());
    // Built as the engine builds it: from a saved API base, without discovery.
    let old_base = format!("{}/v2024_1/apis/3.0", sb.base_url());
    let client = ConnectWiseClient::with_api_base(&cfg, &old_base).unwrap();
    sb.control().upgrade_cloud_codebase("v2024_2").unwrap();
    sb.control().clear_requests();

    let company = sb.control().companies()[0]["id"].as_i64().unwrap();
    let ticket = client
        .create_ticket(&NewTicket {
            summary: "After the upgrade".into(),
            company_id: company,
            board_id: 1,
            status_id: None,
            priority_id: None,
            source_id: None,
            required_date: None,
            initial_description: None,
            external_xref: Some("hw-test:after-upgrade".into()),
        })
        .await
        .unwrap();
    assert_eq!(ticket.summary, "After the upgrade");
    assert_eq!(sb.control().tickets().len(), 1, "exactly one ticket");
    let log = sb.control().requests();
    let posts: Vec<(String, Option<u16>)> = log
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| (r.path.clone(), r.status))
        .collect();
    assert_eq!(
        posts,
        vec![
            ("/v2024_1/apis/3.0/service/tickets".to_owned(), Some(404)),
            ("/v2024_2/apis/3.0/service/tickets".to_owned(), Some(201)),
        ]
    );
    assert_eq!(lookups(&log), 1);

    // A second client on the old saved base, sharing the look-up state (as the engine's clients
    // do), adopts the new base without asking companyinfo again.
    sb.control().clear_requests();
    let second = ConnectWiseClient::with_api_base(&cfg, &old_base).unwrap();
    second.priorities().await.unwrap();
    assert_eq!(lookups(&sb.control().requests()), 0);
    assert_eq!(
        second.api_base(),
        format!("{}/v2024_2/apis/3.0/", sb.base_url())
    );
}

#[tokio::test]
async fn record_not_found_looks_up_once_per_cooldown_and_comes_back_unchanged() {
    let sb = cloud().await;
    let cooldown = Duration::from_secs(1);
    let cfg = config(&sb).with_rediscovery_cooldown(cooldown);
    let client = ConnectWiseClient::connect(&cfg).await.unwrap();
    let base = client.api_base();
    sb.control().clear_requests();

    // A deleted company: one look-up, the base is unchanged, the 404 comes back as it was.
    let first = not_found(client.company(99_999).await.unwrap_err());
    assert_eq!(
        first,
        (
            "company/companies/99999".to_owned(),
            "Company 99999 not found".to_owned()
        )
    );
    assert_eq!(lookups(&sb.control().requests()), 1);
    assert_eq!(sb.control().requests().len(), 2, "the 404 was not re-sent");

    // More 404s inside the cool-down: no look-up at all.
    for id in [99_998, 99_997] {
        not_found(client.company(id).await.unwrap_err());
    }
    assert_eq!(lookups(&sb.control().requests()), 1);

    // After the cool-down: one more look-up; the codebase did not move, so the same NotFound.
    tokio::time::sleep(cooldown + Duration::from_millis(100)).await;
    sb.control().clear_requests();
    let again = not_found(client.company(99_999).await.unwrap_err());
    assert_eq!(again, first);
    let log = sb.control().requests();
    assert_eq!(lookups(&log), 1);
    assert_eq!(log.len(), 2, "{:?}", trail(&log));
    assert_eq!(client.api_base(), base);
}
