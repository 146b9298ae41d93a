//! Every error class the client reports, produced by real answers over loopback, and the retry
//! behaviour (429 with and without `Retry-After`, 5xx, timeouts).

mod support;

use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use highwater_jumpcloud::{
    BillableUsers, Error, EventQuery, JumpCloudClient, RetryPolicy, TransportKind,
};
use highwater_sandbox::jumpcloud::{Fault, SandboxConfig};
use highwater_sandbox::RunningServer;
use serde_json::json;
use support::{client_for, config_for, msp_client, requests_to, sandbox};

async fn first_org(sb: &highwater_sandbox::jumpcloud::JumpCloudSandbox) -> String {
    sb.control().organizations()[0].id.clone()
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_not_retried() {
    let sb = sandbox(SandboxConfig::default()).await;
    let err = client_for(&sb, "0000000000000000000000000000000000000000")
        .user_count(&first_org(&sb).await, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unauthorized { ref message } if message.contains("api key user not found")),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert!(
        !format!("{err:?} {err}").contains("0000000000"),
        "the key never shows"
    );
    assert_eq!(requests_to(&sb, "/api").len(), 1);
}

#[tokio::test]
async fn a_command_runner_role_is_forbidden() {
    let sb = sandbox(SandboxConfig::default()).await;
    let err = client_for(&sb, &sb.command_runner_api_key())
        .user_count(&first_org(&sb).await, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
}

#[tokio::test]
async fn an_org_the_provider_does_not_manage_is_not_found_and_a_bad_id_is_rejected() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = msp_client(&sb);
    let err = client
        .user_count("0123456789abcdef01234567", BillableUsers::All)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let err = client
        .user_count("not-an-org-id", BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Rejected { status: 400, .. }),
        "{err:?}"
    );
    let clock = sb.control().clock();
    let err = client
        .events(EventQuery::alerts(
            vec!["0123456789abcdef01234567".into()],
            clock - chrono::Duration::days(1),
            clock,
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn retries_after_429_honouring_retry_after() {
    let sb = sandbox(SandboxConfig::default()).await;
    let org = first_org(&sb).await;
    sb.control().inject(Fault::rate_limited(1, Some(1)));
    sb.control().inject(Fault::rate_limited(1, None));
    let started = Instant::now();
    let count = msp_client(&sb)
        .user_count(&org, BillableUsers::All)
        .await
        .unwrap();
    let waited = started.elapsed();

    let clock = sb.control().clock();
    assert_eq!(count, sb.control().user_counts_at(&org, clock).unwrap().0);
    let statuses: Vec<u16> = requests_to(&sb, "/api/systemusers")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![429, 429, 200]);
    assert!(
        waited >= Duration::from_secs(1),
        "Retry-After: 1 was honoured ({waited:?})"
    );
    assert!(
        waited < Duration::from_secs(3),
        "the second 429 used the short backoff ({waited:?})"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_slept() {
    let sb = sandbox(SandboxConfig::default()).await;
    sb.control().inject(Fault::rate_limited(1, Some(120)));
    let err = msp_client(&sb)
        .user_count(&first_org(&sb).await, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(120)),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(requests_to(&sb, "/api").len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let sb = sandbox(SandboxConfig::default()).await;
    let org = first_org(&sb).await;
    sb.control().inject(Fault::status(502, 2));
    msp_client(&sb)
        .user_count(&org, BillableUsers::All)
        .await
        .unwrap();
    sb.control().clear_requests();

    sb.control().inject(Fault::status(500, 10));
    let err = msp_client(&sb)
        .user_count(&org, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server { status: 500, .. }), "{err:?}");
    assert_eq!(
        requests_to(&sb, "/api").len(),
        4,
        "first try plus three retries"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let sb = sandbox(SandboxConfig::default()).await;
    sb.control()
        .inject(Fault::latency(Duration::from_millis(1500), 1));
    let config = config_for(&sb, &sb.api_key())
        .with_timeout(Duration::from_millis(300))
        .with_retry(RetryPolicy::none());
    let err = JumpCloudClient::new(config)
        .unwrap()
        .user_count(&first_org(&sb).await, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_closed_port_is_a_connect_failure() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = msp_client(&sb);
    let org = first_org(&sb).await;
    sb.shutdown().await;
    let err = client
        .user_count(&org, BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A server that answers 200 with bodies that break the documented shapes.
async fn broken_jumpcloud() -> RunningServer {
    let router = Router::new()
        .route("/api/systemusers", get(|| async { Json(json!({"totalCount": "many", "results": []})) }))
        .route("/api/users/getSelf", get(|| async { "<html>login</html>" }))
        .route(
            "/insights/directory/v1/events",
            post(|| async {
                // A full page (count == limit) without the cursor header.
                let mut headers = HeaderMap::new();
                headers.insert("x-result-count", "1".parse().unwrap());
                headers.insert("x-limit", "1".parse().unwrap());
                (headers, Json(json!([{"id": "a", "event_type": "user_lockout", "timestamp": "2026-09-01T00:00:00Z"}])))
            }),
        );
    RunningServer::start("127.0.0.1:0".parse().unwrap(), router)
        .await
        .unwrap()
}

#[tokio::test]
async fn malformed_answers_are_decode_errors_naming_the_spot() {
    let server = broken_jumpcloud().await;
    let config = highwater_jumpcloud::ClientConfig::new(
        "key-for-a-broken-server".into(),
        highwater_jumpcloud::Region::Us,
    )
    .with_base_url(server.base_url());
    let client = JumpCloudClient::new(config).unwrap();

    let err = client
        .user_count("624d9eae6849cf3b3f93dc56", BillableUsers::All)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "totalCount"),
        "{err:?}"
    );
    let err = client.discover_provider().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let now = chrono::Utc::now();
    let err = client
        .events(EventQuery::alerts(
            vec!["624d9eae6849cf3b3f93dc56".into()],
            now - chrono::Duration::days(1),
            now,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "X-Search_after"),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    server.shutdown().await;
}
