//! The connection lifecycle against the sandboxes: Verify and Save, each failure class leaving
//! nothing saved, key rotation, JumpCloud connect, Disable & Clear, status.

mod support;

use highwater_engine::secrets::SecretName;
use highwater_engine::{Error, ErrorKind, Service, Transport, DISABLE_CONFIRMATION};
use highwater_sandbox::connectwise::{Fault, FaultKind, Right};
use highwater_secret::Secret;
use support::*;

/// Nothing of ConnectWise is in the store or the secret store.
fn assert_nothing_saved(world: &World) {
    for table in [
        "connectwise_connection",
        "catalog_company_types",
        "company_type_selection",
        "catalog_companies",
    ] {
        assert_eq!(world.count(table), 0, "{table} must stay empty");
    }
    assert_eq!(world.secret(SecretName::ConnectWisePublicKey), None);
    assert_eq!(world.secret(SecretName::ConnectWisePrivateKey), None);
}

#[tokio::test]
async fn verify_and_save_creates_the_integration() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.site = format!("https://{}/v4_6_release/apis/3.0/", world.cw.site());
    let connected = world.engine.connect_connectwise(input).await.unwrap();

    assert_eq!(connected.message, "Integration has been created");
    assert!(!connected.updated);
    assert_eq!(connected.site, world.cw.site());
    assert!(
        connected
            .site_changes
            .iter()
            .any(|c| c.contains("https://")),
        "{:?}",
        connected.site_changes
    );
    assert!(
        connected.site_changes.iter().any(|c| c.contains("path")),
        "{:?}",
        connected.site_changes
    );
    assert_eq!(connected.codebase.trim_matches('/'), "v4_6_release");
    assert_eq!(connected.client_id, CLIENT_ID);
    assert!(connected.permissions.iter().all(|p| p.status != "missing"));
    // "Customer" is preselected on the first connect.
    assert_eq!(connected.selected_type_ids, vec![CUSTOMER]);
    assert_eq!(
        world.secret(SecretName::ConnectWisePrivateKey).as_deref(),
        Some(world.cw.private_key())
    );
    let status = world.engine.status().unwrap();
    assert!(status.connectwise.connected);
    assert_eq!(
        status.connectwise.site.as_deref(),
        Some(world.cw.site().as_str())
    );
    assert_eq!(
        status.connectwise.company_id.as_deref(),
        Some(world.cw.company_id())
    );
    assert!(status.connectwise.keys.iter().all(|k| k.set));
    assert!(!status.jumpcloud.connected);

    // Every ConnectWise API request carried the clientId; discovery went to companyinfo.
    let requests = world.cw.control().requests();
    assert!(requests
        .iter()
        .any(|r| r.path.contains("/login/companyinfo/")));
    let api: Vec<_> = requests
        .iter()
        .filter(|r| r.path.contains("/apis/3.0/"))
        .collect();
    assert!(!api.is_empty());
    assert!(api
        .iter()
        .all(|r| r.client_id.as_deref() == Some(CLIENT_ID)));
}

#[tokio::test]
async fn bad_keys_save_nothing() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.private_key = Some(Secret::new("not-the-private-key"));
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                service: Service::ConnectWise,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_service_failure());
    assert!(!err.to_string().contains("not-the-private-key"));
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn unknown_company_id_saves_nothing() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.company_id = "nosuchmsp".into();
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownCompanyId, "{err:?}");
    assert_eq!(
        err.to_string(),
        "ConnectWise does not know the company ID \"nosuchmsp\" at this site."
    );
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn refused_connection_saves_nothing() {
    let world = World::new().await;
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut input = world.cw_input();
    input.site = format!("127.0.0.1:{port}");
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unreachable {
                service: Service::ConnectWise,
                transport: Transport::Refused,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("self-hosted"), "{err}");
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn unresolvable_host_saves_nothing() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.site = "cw.highwater-test.invalid".into();
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unreachable {
                transport: Transport::Dns,
                ..
            }
        ),
        "{err:?}"
    );
    assert_nothing_saved(&world);
}

/// An IPv4-mapped IPv6 address is not a loopback name to the site rules, so https is spoken to
/// the sandbox's plain-http port: the TLS handshake fails.
#[tokio::test]
async fn tls_failure_saves_nothing() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.site = format!("[::ffff:127.0.0.1]:{}", world.cw.addr().port());
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unreachable {
                transport: Transport::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_service_failure());
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn timeout_saves_nothing() {
    let world = World::new().await;
    world
        .cw
        .control()
        .inject(Fault::new(FaultKind::Latency { millis: 2_000 }, 10).on_path("system/info"));
    let mut options = options();
    options.http_timeout = std::time::Duration::from_millis(400);
    let engine =
        highwater_engine::Engine::open(world.dir.path(), world.secrets.clone(), options).unwrap();
    let err = engine
        .connect_connectwise(world.cw_input())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unreachable {
                transport: Transport::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn missing_permissions_are_named_and_save_nothing() {
    let world = World::new().await;
    world
        .cw
        .control()
        .restrict(&[Right::AgreementsInquire, Right::TableSetupInquire]);
    let mut input = world.cw_input();
    input.public_key = Some(Secret::new(world.cw.restricted_public_key()));
    input.private_key = Some(Secret::new(world.cw.restricted_private_key()));
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    let Error::Forbidden {
        missing_permissions,
        ..
    } = &err
    else {
        panic!("expected Forbidden, got {err:?}");
    };
    assert_eq!(
        missing_permissions,
        &vec![
            "Finance → Agreements: Inquire Level = All".to_owned(),
            "System → Table Setup: Inquire Level = All".to_owned(),
        ]
    );
    assert_nothing_saved(&world);
}

#[tokio::test]
async fn invalid_site_and_empty_company_are_validation_errors() {
    let world = World::new().await;
    let mut input = world.cw_input();
    input.site = "   ".into();
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "site"),
        "{err:?}"
    );
    let mut input = world.cw_input();
    input.company_id = " ".into();
    let err = world.engine.connect_connectwise(input).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "company_id"),
        "{err:?}"
    );
    assert_nothing_saved(&world);
    assert!(
        world.cw.control().requests().is_empty(),
        "refused before any request"
    );
}

#[tokio::test]
async fn rotating_to_bad_keys_keeps_the_old_ones() {
    let world = World::new().await;
    world
        .engine
        .connect_connectwise(world.cw_input())
        .await
        .unwrap();
    let before = world
        .store()
        .conn()
        .query_row("SELECT updated_at FROM connectwise_connection", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();

    let mut rotated = world.cw_input();
    rotated.public_key = Some(Secret::new("rotatedPublic99"));
    rotated.private_key = Some(Secret::new("rotatedPrivate99"));
    let err = world.engine.connect_connectwise(rotated).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(
        world.secret(SecretName::ConnectWisePublicKey).as_deref(),
        Some(world.cw.public_key())
    );
    let after = world
        .store()
        .conn()
        .query_row("SELECT updated_at FROM connectwise_connection", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();
    assert_eq!(before, after);
    // The old keys still work.
    let companies = world.engine.companies(true).await.unwrap();
    assert!(!companies.items.is_empty());

    // Good new keys (the restricted member with every right) replace them: Verify and Update.
    world.cw.control().restrict(&[]);
    let mut good = world.cw_input();
    good.public_key = Some(Secret::new(world.cw.restricted_public_key()));
    good.private_key = Some(Secret::new(world.cw.restricted_private_key()));
    let updated = world.engine.connect_connectwise(good).await.unwrap();
    assert!(updated.updated);
    assert_eq!(updated.message, "Integration has been updated");
    assert_eq!(
        world.secret(SecretName::ConnectWisePublicKey).as_deref(),
        Some(world.cw.restricted_public_key())
    );
}

#[tokio::test]
async fn another_company_id_needs_disable_and_clear_first() {
    let world = World::new().await;
    world
        .engine
        .connect_connectwise(world.cw_input())
        .await
        .unwrap();
    let mut other = world.cw_input();
    other.company_id = "another-msp".to_owned();
    let err = world.engine.connect_connectwise(other).await.unwrap_err();
    match &err {
        Error::Validation { field, message } => {
            assert_eq!(field, "company_id");
            assert!(message.contains("Disable & Clear"), "{message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // The existing integration is untouched.
    assert_eq!(world.count("connectwise_connection"), 1);
    assert!(!world
        .engine
        .companies(false)
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn jumpcloud_connect_discovers_the_provider_and_caches_orgs() {
    let world = World::new().await;
    let connected = world
        .engine
        .connect_jumpcloud(world.jc_input())
        .await
        .unwrap();
    assert_eq!(connected.provider_id, world.jc.provider_id());
    assert!(connected.provider_discovered);
    assert_eq!(connected.organizations, world.orgs().len());
    assert_eq!(world.count("organizations"), world.orgs().len() as i64);
    assert_eq!(
        world.secret(SecretName::JumpCloudApiKey).as_deref(),
        Some(world.jc.api_key().as_str())
    );
    let status = world.engine.status().unwrap();
    assert!(status.jumpcloud.connected);
    assert_eq!(status.jumpcloud.provider_id, Some(world.jc.provider_id()));

    // A given provider id is used as is (no getSelf).
    world.jc.control().clear_requests();
    let mut input = world.jc_input();
    input.provider_id = Some(world.jc.provider_id());
    let again = world.engine.connect_jumpcloud(input).await.unwrap();
    assert!(!again.provider_discovered);
    assert!(world
        .jc
        .control()
        .requests()
        .iter()
        .all(|r| !r.path.contains("getSelf")));
}

#[tokio::test]
async fn finding_the_jumpcloud_provider_saves_nothing() {
    let world = World::new().await;
    let found = world
        .engine
        .find_jumpcloud_provider(world.jc_input())
        .await
        .unwrap();
    assert_eq!(found.provider_id, world.jc.provider_id());
    assert_eq!(found.organizations, world.orgs().len());
    assert_eq!(found.region, "us");
    assert!(found.admin_email.is_some(), "getSelf names the admin");
    // JumpCloud returns no provider name; the engine must not invent one.
    assert_eq!(found.provider_name, None);
    for table in ["jumpcloud_connection", "organizations", "audit_journal"] {
        assert_eq!(world.count(table), 0, "{table} must stay empty");
    }
    assert_eq!(world.secret(SecretName::JumpCloudApiKey), None);
    assert!(!world.engine.status().unwrap().jumpcloud.connected);

    // A bad key fails the same way connecting does, and still saves nothing.
    let mut input = world.jc_input();
    input.api_key = Some(Secret::new("wrong-key-000000000000"));
    let err = world
        .engine
        .find_jumpcloud_provider(input)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                service: Service::JumpCloud,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(world.secret(SecretName::JumpCloudApiKey), None);

    // The confirmed id then connects as is, without discovering again.
    world.jc.control().clear_requests();
    let mut input = world.jc_input();
    input.provider_id = Some(found.provider_id.clone());
    let connected = world.engine.connect_jumpcloud(input).await.unwrap();
    assert_eq!(connected.provider_id, found.provider_id);
    assert_eq!(connected.organizations, found.organizations);
    assert!(world
        .jc
        .control()
        .requests()
        .iter()
        .all(|r| !r.path.contains("getSelf")));
}

#[tokio::test]
async fn a_typed_client_id_is_sent_on_every_request_and_saved() {
    // No engine-wide override here: the typed id must be what every later request sends too.
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = highwater_engine::Engine::open(
        dir.path(),
        world.secrets.clone(),
        highwater_engine::EngineOptions {
            connectwise_client_id: None,
            ..options()
        },
    )
    .unwrap();
    const CUSTOM: &str = "7d9e2b1a-custom-client-id";
    let mut input = world.cw_input();
    input.client_id = Some(format!("  {CUSTOM} "));
    world.cw.control().clear_requests();
    let connected = engine.connect_connectwise(input).await.unwrap();
    assert_eq!(connected.client_id, CUSTOM);
    assert_eq!(
        engine.status().unwrap().connectwise.client_id.as_deref(),
        Some(CUSTOM)
    );
    // Requests after connecting use the saved id.
    engine.company_types(true).await.unwrap();
    engine.companies(true).await.unwrap();
    let requests = world.cw.control().requests();
    assert!(requests.len() > 3, "{requests:?}");
    for r in &requests {
        assert_eq!(
            r.client_id.as_deref(),
            Some(CUSTOM),
            "{} {}",
            r.method,
            r.path
        );
    }

    // A blank field on Verify and Update keeps the saved id.
    let mut input = world.cw_input();
    input.client_id = Some("   ".to_owned());
    let updated = engine.connect_connectwise(input).await.unwrap();
    assert_eq!(updated.client_id, CUSTOM);
}

#[tokio::test]
async fn jumpcloud_bad_or_single_tenant_keys_save_nothing() {
    let world = World::new().await;
    for key in [
        "wrong-key-000000000000".to_owned(),
        world.jc.single_tenant_api_key(),
    ] {
        let mut input = world.jc_input();
        input.api_key = Some(Secret::new(key));
        let err = world.engine.connect_jumpcloud(input).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Unauthorized {
                    service: Service::JumpCloud,
                    ..
                }
            ),
            "{err:?}"
        );
    }
    assert_eq!(world.count("jumpcloud_connection"), 0);
    assert_eq!(world.count("organizations"), 0);
    assert_eq!(world.secret(SecretName::JumpCloudApiKey), None);
}

#[tokio::test]
async fn disable_and_clear_leaves_no_connectwise_data_and_no_keys() {
    let world = World::connected().await;
    let org = world.orgs()[0].id.clone();
    world
        .engine
        .set_mapping(
            &org,
            highwater_engine::MappingTarget {
                company_id: CONTOSO,
                agreement_id: CONTOSO_MSA,
                addition_id: CONTOSO_JC,
            },
        )
        .await
        .unwrap();
    world.engine.set_cost_per_seat("4.25", None).await.unwrap();

    let err = world
        .engine
        .disable_and_clear_connectwise("yes")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConfirmationRequired);
    assert_eq!(world.count("mappings"), 1, "refused without the token");

    let cleared = world
        .engine
        .disable_and_clear_connectwise(DISABLE_CONFIRMATION)
        .unwrap();
    assert!(cleared.connection_removed);
    assert_eq!(cleared.mappings_removed, 1);
    for table in [
        "connectwise_connection",
        "company_type_selection",
        "catalog_company_types",
        "catalog_companies",
        "catalog_agreements",
        "catalog_additions",
        "mappings",
    ] {
        assert_eq!(world.count(table), 0, "{table}");
    }
    assert_eq!(world.secret(SecretName::ConnectWisePublicKey), None);
    assert_eq!(world.secret(SecretName::ConnectWisePrivateKey), None);
    // JumpCloud and the cost per seat stay; the journal records the clear.
    assert_eq!(world.count("jumpcloud_connection"), 1);
    assert!(world.secret(SecretName::JumpCloudApiKey).is_some());
    assert_eq!(world.count("cost_per_seat"), 1);
    let journaled: i64 = world
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_journal WHERE action = 'connectwise.disabled_and_cleared'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journaled, 1);
    // Afterwards ConnectWise commands say it is not connected.
    let err = world.engine.companies(false).await.unwrap_err();
    assert_eq!(
        err,
        Error::NotConnected {
            service: Service::ConnectWise
        }
    );
    assert!(!world.engine.status().unwrap().connectwise.connected);
}
