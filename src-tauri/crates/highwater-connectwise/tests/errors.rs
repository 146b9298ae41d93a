//! Every error class, produced by the sandbox over loopback (faults injected through its control
//! handle), plus the retry behaviour each class gets.

mod fixture;

use std::time::{Duration, Instant};

use highwater_connectwise::{
    AdditionUpdate, ClientConfig, CompanyFilter, ConnectWiseClient, Error, ErrorKind, NewTicket,
    RetryPolicy, TransportKind,
};
use highwater_sandbox::connectwise::{CancelledAdditionPatch, Fault, FaultKind, SandboxConfig};
use highwater_secret::Secret;
use serde_json::json;

use fixture::{config, connected, sandbox};

fn ticket(summary: &str, company_id: i64) -> NewTicket {
    NewTicket {
        summary: summary.into(),
        company_id,
        board_id: 1,
        status_id: None,
        priority_id: None,
        source_id: None,
        required_date: None,
        initial_description: None,
        external_xref: Some(format!("hw-test:{summary}")),
    }
}

fn live_addition(
    sb: &highwater_sandbox::connectwise::ConnectWiseSandbox,
    cancelled: bool,
) -> (i64, i64) {
    let row = sb
        .control()
        .additions(None)
        .into_iter()
        .find(|a| a.get("cancelledDate").is_some() == cancelled)
        .unwrap();
    (
        row["agreementId"].as_i64().unwrap(),
        row["id"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn unauthorized_for_wrong_keys_and_the_key_never_shows() {
    let sb = sandbox(SandboxConfig::default()).await;
    let mut cfg = config(&sb);
    cfg.private_key = Secret::new("wrong-private-key-123456");
    let client = ConnectWiseClient::connect(&cfg).await.unwrap();
    sb.control().clear_requests();
    let err = client.system_info().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert!(!err.is_retryable());
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{cfg:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains("wrong-private-key"), "{text}");
        assert!(!text.contains(sb.public_key()), "{text}");
        assert!(!text.contains(sb.client_id()), "{text}");
    }
    // Exactly one request: 401 is not retried.
    assert_eq!(sb.control().requests().len(), 1);
}

#[tokio::test]
async fn client_id_is_sent_on_every_call() {
    let (sb, client) = connected().await;
    client.company_types().await.unwrap();
    client.boards().await.unwrap();
    let log = sb.control().requests();
    assert!(log.len() >= 3);
    assert!(
        log.iter()
            .all(|r| r.client_id.as_deref() == Some(sb.client_id())),
        "{log:#?}"
    );
    let mut cfg = config(&sb);
    cfg.client_id = "  ".into();
    let err = ConnectWiseClient::with_api_base(&cfg, &sb.api_base_url()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn unknown_company_id_is_its_own_error() {
    let sb = sandbox(SandboxConfig::default()).await;
    let mut cfg = config(&sb);
    cfg.company_id = "nosuchco".into();
    let err = ConnectWiseClient::connect(&cfg).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnknownCompany { company_id } if company_id == "nosuchco"),
        "{err}"
    );
}

#[tokio::test]
async fn forbidden_names_the_missing_right_and_the_self_test_reports_it() {
    use highwater_sandbox::connectwise::Right;
    let sb = sandbox(SandboxConfig::default()).await;
    let mut cfg = config(&sb);
    cfg.public_key = Secret::new(sb.restricted_public_key());
    cfg.private_key = Secret::new(sb.restricted_private_key());
    let client = ConnectWiseClient::connect(&cfg).await.unwrap();

    let full = client.permissions().await.unwrap();
    assert!(full.all_granted(), "{full:#?}");
    assert!(full.missing_rights().is_empty());

    sb.control()
        .restrict(&[Right::AgreementsInquire, Right::TableSetupInquire]);
    let err = client.active_agreements(250).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    assert!(
        err.to_string()
            .contains("Finance → Agreements: Inquire Level = All"),
        "{err}"
    );
    let report = client.permissions().await.unwrap();
    assert_eq!(
        report.missing_rights(),
        [
            "Finance → Agreements: Inquire Level = All",
            "System → Table Setup: Inquire Level = All"
        ]
    );
    assert!(!report.all_granted());

    sb.control().restrict(&[Right::TicketsInquire]);
    let report = client.permissions().await.unwrap();
    assert_eq!(
        report.missing_rights(),
        ["Service Desk → Service Tickets: Add Level = All (and Inquire)"]
    );
    assert!(
        sb.control().tickets().is_empty(),
        "the self-test never creates a ticket"
    );
}

#[tokio::test]
async fn not_found() {
    let (_sb, client) = connected().await;
    let err = client.company(99_999).await.unwrap_err();
    match &err {
        Error::NotFound { message, .. } => assert_eq!(message, "Company 99999 not found"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        client.additions(424_242).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn validation_lists_each_field_error() {
    let (sb, client) = connected().await;
    let err = client
        .create_ticket(&ticket("No such company", 1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| e.field.clone().unwrap())
        .collect();
    assert_eq!(fields, ["company"]);
    assert!(
        err.to_string().contains("ticket object is invalid"),
        "{err}"
    );

    let mut wrong_status = ticket("Status of another board", 250);
    wrong_status.status_id = Some(16);
    let err = client.create_ticket(&wrong_status).await.unwrap_err();
    assert_eq!(err.field_errors()[0].field.as_deref(), Some("status"));

    // Cancelled additions: rejected by default, accepted when the policy says so.
    let (agreement, id) = live_addition(&sb, true);
    let update = AdditionUpdate {
        quantity: Some(3.0),
        ..Default::default()
    };
    let err = client
        .update_addition(agreement, id, &update)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.field_errors()[0].code, "InvalidField");
    sb.control()
        .set_cancelled_addition_patch(CancelledAdditionPatch::Accept);
    assert_eq!(
        client
            .update_addition(agreement, id, &update)
            .await
            .unwrap()
            .quantity,
        Some(3.0)
    );
}

#[tokio::test]
async fn summary_over_100_characters_is_refused_before_sending() {
    let (sb, client) = connected().await;
    sb.control().clear_requests();
    let err = client
        .create_ticket(&ticket(&"x".repeat(101), 250))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sb.control().requests().is_empty());
}

#[tokio::test]
async fn rate_limited_then_success_honours_retry_after() {
    let (sb, client) = connected().await;
    sb.control().inject(Fault::new(
        FaultKind::RateLimited {
            retry_after_secs: Some(1),
        },
        1,
    ));
    let started = Instant::now();
    let types = client.company_types().await.unwrap();
    assert!(!types.is_empty());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    let statuses: Vec<_> = sb.control().requests().iter().map(|r| r.status).collect();
    assert_eq!(&statuses[statuses.len() - 2..], [Some(429), Some(200)]);
}

#[tokio::test]
async fn service_unavailable_with_retry_after_then_success() {
    let (sb, client) = connected().await;
    sb.control().inject(Fault::new(
        FaultKind::ServiceUnavailable {
            retry_after_secs: Some(1),
        },
        1,
    ));
    let started = Instant::now();
    assert!(!client.sources().await.unwrap().is_empty());
    assert!(started.elapsed() >= Duration::from_secs(1));
    let statuses: Vec<_> = sb.control().requests().iter().map(|r| r.status).collect();
    assert_eq!(&statuses[statuses.len() - 2..], [Some(503), Some(200)]);
}

#[tokio::test]
async fn concurrency_is_bounded() {
    let sb = sandbox(SandboxConfig::default()).await;
    let elapsed_for = |limit: usize| {
        let cfg = config(&sb).with_max_concurrency(limit);
        let control = sb.control().clone();
        async move {
            let client = ConnectWiseClient::connect(&cfg).await.unwrap();
            control.inject(Fault::new(FaultKind::Latency { millis: 150 }, 4));
            let started = Instant::now();
            let tasks: Vec<_> = (0..4)
                .map(|_| {
                    let c = client.clone();
                    tokio::spawn(async move { c.sources().await })
                })
                .collect();
            for t in tasks {
                t.await.unwrap().unwrap();
            }
            started.elapsed()
        }
    };
    // One at a time: four 150 ms answers cannot overlap; with four permits they do.
    let serial = elapsed_for(1).await;
    let parallel = elapsed_for(4).await;
    assert!(serial >= Duration::from_millis(600), "{serial:?}");
    assert!(parallel < serial, "{parallel:?} vs {serial:?}");
}

#[tokio::test]
async fn rate_limited_error_carries_retry_after_when_retries_run_out() {
    let sb = sandbox(SandboxConfig::default()).await;
    let cfg = config(&sb).with_retry(RetryPolicy::none());
    let client = ConnectWiseClient::connect(&cfg).await.unwrap();
    sb.control().inject(Fault::new(
        FaultKind::RateLimited {
            retry_after_secs: Some(7),
        },
        1,
    ));
    let err = client.sources().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(7)),
        "{err}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn server_errors_retried_for_get_never_for_post() {
    let (sb, client) = connected().await;
    sb.control().inject(Fault::new(FaultKind::ServerError, 2));
    assert_eq!(client.priorities().await.unwrap().len(), 5);
    sb.control().clear_requests();

    sb.control()
        .inject(Fault::new(FaultKind::ServerError, 1).on_method("POST"));
    let err = client
        .create_ticket(&ticket("Disk alert", 250))
        .await
        .unwrap_err();
    match &err {
        Error::Server {
            status: 500,
            message,
            ..
        } => assert!(message.contains("timeout"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(sb.control().requests().len(), 1, "POST was not re-sent");
}

#[tokio::test]
async fn gateway_timeout_and_non_json_bodies() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = ConnectWiseClient::connect(&config(&sb).with_retry(RetryPolicy::none()))
        .await
        .unwrap();
    sb.control()
        .inject(Fault::new(FaultKind::GatewayTimeout, 1));
    let err = client.boards().await.unwrap_err();
    assert!(
        matches!(&err, Error::NonJson { status: 504, snippet } if snippet.contains("Gateway")),
        "{err}"
    );
    assert!(err.is_retryable());

    sb.control()
        .inject(Fault::new(FaultKind::NonJson { status: 400 }, 1));
    let err = client.boards().await.unwrap_err();
    assert!(matches!(err, Error::NonJson { status: 400, .. }), "{err}");
    assert!(!err.is_retryable());

    let retrying = ConnectWiseClient::connect(&config(&sb)).await.unwrap();
    sb.control()
        .inject(Fault::new(FaultKind::GatewayTimeout, 1));
    assert!(!retrying.boards().await.unwrap().is_empty());
}

#[tokio::test]
async fn lost_response_on_patch_is_retried_safely() {
    let (sb, client) = connected().await;
    let (agreement, id) = live_addition(&sb, false);
    sb.control().clear_requests();
    sb.control()
        .inject(Fault::new(FaultKind::LoseResponse, 1).on_method("PATCH"));
    let update = AdditionUpdate {
        quantity: Some(41.0),
        unit_cost: Some(2.25),
        unit_price: None,
    };
    let after = client
        .update_addition(agreement, id, &update)
        .await
        .unwrap();
    assert_eq!((after.quantity, after.unit_cost), (Some(41.0), Some(2.25)));
    let log = sb.control().requests();
    assert_eq!(
        log.iter().map(|r| r.status).collect::<Vec<_>>(),
        [None, Some(200)]
    );
    assert_eq!(sb.control().addition(id).unwrap()["quantity"], json!(41.0));
}

#[tokio::test]
async fn lost_response_on_post_is_not_resent_and_the_ticket_is_found_by_xref() {
    let (sb, client) = connected().await;
    sb.control()
        .inject(Fault::new(FaultKind::LoseResponse, 1).on_method("POST"));
    let new = ticket("Lost answer", 250);
    let err = client.create_ticket(&new).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::ConnectionLost,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(sb.control().tickets().len(), 1, "applied once, not re-sent");
    let found = client
        .find_tickets_by_external_xref(new.external_xref.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn timeout_is_a_transport_error() {
    let sb = sandbox(SandboxConfig::default()).await;
    let cfg = config(&sb)
        .with_timeout(Duration::from_millis(250))
        .with_retry(RetryPolicy::none());
    let client = ConnectWiseClient::connect(&cfg).await.unwrap();
    sb.control()
        .inject(Fault::new(FaultKind::Latency { millis: 1500 }, 1));
    let err = client.sources().await.unwrap_err();
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
    // With retries, the next attempt (no latency left) succeeds.
    let retrying =
        ConnectWiseClient::connect(&config(&sb).with_timeout(Duration::from_millis(250)))
            .await
            .unwrap();
    sb.control()
        .inject(Fault::new(FaultKind::Latency { millis: 1500 }, 1));
    assert!(!retrying.sources().await.unwrap().is_empty());
}

#[tokio::test]
async fn connection_refused_tls_and_dns_are_distinguished() {
    let sb = sandbox(SandboxConfig::default()).await;
    let cfg = config(&sb)
        .with_retry(RetryPolicy::none())
        .with_timeout(Duration::from_secs(3));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = ConnectWiseClient::with_api_base(
        &cfg,
        &format!("http://127.0.0.1:{port}/v4_6_release/apis/3.0"),
    )
    .unwrap();
    let err = refused.system_info().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::ConnectionRefused,
                ..
            }
        ),
        "{err:?}"
    );

    // https to a plain-http port: the TLS handshake fails.
    let tls = ConnectWiseClient::with_api_base(
        &cfg,
        &format!("https://{}/v4_6_release/apis/3.0", sb.site()),
    )
    .unwrap();
    let err = tls.system_info().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );

    let mut dns = cfg.clone();
    dns.site = "cw.highwater-sandbox.invalid".into();
    let err = highwater_connectwise::discover(&dns).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Dns,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let (sb, client) = connected().await;
    let mut odd = sb
        .control()
        .companies()
        .into_iter()
        .find(|c| c["id"] == 251)
        .unwrap();
    odd["identifier"] = json!(12345);
    sb.control().put_company(odd);
    let err = client
        .companies(&CompanyFilter {
            type_ids: vec![],
            include_deleted: true,
        })
        .await
        .unwrap_err();
    match err {
        Error::Decode { json_path, .. } => assert_eq!(json_path, "[1].identifier"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn plain_http_is_refused_for_remote_hosts() {
    let cfg = ClientConfig::new(
        "cw.example.com",
        "acme",
        Secret::new("p"),
        Secret::new("q"),
        "id",
    );
    let err = ConnectWiseClient::with_api_base(&cfg, "http://cw.example.com/v4_6_release/apis/3.0")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = highwater_connectwise::discover(&ClientConfig {
        site: "ftp://x".into(),
        ..cfg
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Site);
}
