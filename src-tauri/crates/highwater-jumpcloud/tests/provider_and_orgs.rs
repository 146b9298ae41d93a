//! Provider discovery and the client-org list, over loopback HTTP against the sandbox.

mod support;

use std::collections::HashSet;

use highwater_jumpcloud::{ClientConfig, Error, JumpCloudClient, Region, Secret};
use highwater_sandbox::jumpcloud::SandboxConfig;
use support::{client_for, msp_client, requests_to, sandbox};

#[tokio::test]
async fn discovers_the_provider_without_an_org_header() {
    let sb = sandbox(SandboxConfig::default()).await;
    let me = msp_client(&sb).discover_provider().await.unwrap();
    assert_eq!(me.provider_id, sb.provider_id());
    assert_eq!(me.admin_email.as_deref(), Some("tech@msp.example"));
    let log = requests_to(&sb, "/api/users/getSelf");
    assert_eq!(log.len(), 1);
    assert!(log[0].org_ids.is_empty());
    assert!(log[0]
        .query
        .as_deref()
        .unwrap_or_default()
        .contains("provider"));
}

#[tokio::test]
async fn a_single_tenant_key_is_not_a_provider_key() {
    let sb = sandbox(SandboxConfig::default()).await;
    let err = client_for(&sb, &sb.single_tenant_api_key())
        .discover_provider()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotProviderKey), "{err:?}");
    assert!(err.to_string().contains("not a JumpCloud MSP"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn pages_250_orgs_sorted_by_name() {
    let sb = sandbox(SandboxConfig::default().with_orgs(250)).await;
    let client = msp_client(&sb);
    let orgs = client.organizations(&sb.provider_id()).await.unwrap();

    assert_eq!(orgs.len(), 250);
    let expected: HashSet<String> = sb
        .control()
        .organizations()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let got: HashSet<String> = orgs.iter().map(|o| o.id.clone()).collect();
    assert_eq!(got, expected);
    assert!(orgs
        .windows(2)
        .all(|w| w[0].name.to_lowercase() <= w[1].name.to_lowercase()));
    assert!(orgs.iter().any(|o| o.max_system_users.is_some()));
    assert!(orgs.iter().any(|o| o.max_system_users.is_none()));

    let pages = requests_to(&sb, "/api/v2/providers/");
    assert_eq!(pages.len(), 3, "250 orgs at 100 per page");
    for (page, skip) in pages.iter().zip(["skip=0", "skip=100", "skip=200"]) {
        let query = page.query.as_deref().unwrap_or_default();
        assert!(
            query.contains("limit=100") && query.contains(skip),
            "{query}"
        );
        assert!(page.org_ids.is_empty(), "provider routes carry no x-org-id");
    }
}

#[tokio::test]
async fn an_org_list_of_exactly_one_page_takes_one_request() {
    let sb = sandbox(SandboxConfig::default().with_orgs(100)).await;
    let orgs = msp_client(&sb)
        .organizations(&sb.provider_id())
        .await
        .unwrap();
    assert_eq!(orgs.len(), 100);
    assert_eq!(requests_to(&sb, "/api/v2/providers/").len(), 1);
}

#[tokio::test]
async fn another_providers_id_is_forbidden() {
    let sb = sandbox(SandboxConfig::default()).await;
    let err = msp_client(&sb)
        .organizations("0123456789abcdef01234567")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
}

#[tokio::test]
async fn console_and_insights_urls_are_set_separately() {
    let sb = sandbox(SandboxConfig::default()).await;
    // The console at the sandbox, Directory Insights at a closed port: org calls work, DI fails.
    let mut config = ClientConfig::new(Secret::new(sb.api_key()), Region::Eu);
    config.console_base_url = Some(sb.base_url());
    config.insights_base_url = Some("http://127.0.0.1:9".to_owned());
    config.retry = highwater_jumpcloud::RetryPolicy::none();
    let client = JumpCloudClient::new(config).unwrap();
    assert_eq!(
        client.organizations(&sb.provider_id()).await.unwrap().len(),
        5
    );
    let org = sb.control().organizations()[0].id.clone();
    let clock = sb.control().clock();
    let err = client
        .events(highwater_jumpcloud::EventQuery::alerts(
            vec![org],
            clock - chrono::Duration::days(1),
            clock,
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let config = ClientConfig::new(Secret::new("key"), Region::Us)
        .with_base_url("http://console.jumpcloud.com");
    assert!(matches!(
        JumpCloudClient::new(config),
        Err(Error::Config(_))
    ));
    let empty = ClientConfig::new(Secret::new("  "), Region::Us);
    assert!(matches!(JumpCloudClient::new(empty), Err(Error::Config(_))));
}
