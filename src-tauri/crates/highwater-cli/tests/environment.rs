//! The built `highwater-cli` and its environment: secrets from variables with no keyring reachable
//! (never written), the data folder from `--data-dir` or HIGHWATER_DATA_DIR, and the headers every
//! ConnectWise request carries.

mod support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_from_the_environment_work_without_a_keyring_and_are_never_written() {
    let setup = Setup::new().await;
    setup.connect_both();
    setup.run(&["companies", "list"]).expect(0);
    setup.run(&["orgs", "list"]).expect(0);
    setup.run(&["disable", "--yes"]).expect(0);
    // No key reached the data folder.
    for (path, bytes) in snapshot(&setup.data_dir()) {
        let text = String::from_utf8_lossy(&bytes);
        for (_, secret) in &setup.env {
            assert!(
                !text.contains(secret.as_str()),
                "{} holds a key",
                path.display()
            );
        }
    }
    // Without the variables the keyring is needed, and its absence is explained.
    let data_dir = setup.data_dir();
    let run = run_with(
        &[
            "--data-dir",
            data_dir.to_str().unwrap(),
            "connect",
            "connectwise",
            "--site",
            &setup.cw.site(),
            "--company-id",
            setup.cw.company_id(),
            "--client-id",
            CLIENT_ID,
        ],
        &[],
    )
    .expect(2);
    assert!(
        run.stderr.contains("No OS keyring is available"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("HIGHWATER_CW_PUBLIC_KEY"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_dir_from_the_environment_or_after_the_subcommand() {
    let setup = Setup::new().await;
    let data_dir = setup.data_dir();
    let mut env = setup.env.clone();
    env.push((
        "HIGHWATER_DATA_DIR".into(),
        data_dir.to_str().unwrap().into(),
    ));
    run_with(&["cost", "set", "2.5"], &env).expect(0);
    assert_eq!(setup.count("cost_per_seat"), 1);
    let other = setup.dir.path().join("other");
    run_with(
        &["cost", "set", "1", "--data-dir", other.to_str().unwrap()],
        &env,
    )
    .expect(0);
    assert!(other.join("highwater.sqlite3").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_connectwise_request_carries_client_id_and_the_pinned_accept() {
    let setup = Setup::new().await;
    let (site, seen) = support::header_proxy::start(setup.cw.base_url()).await;
    setup
        .run(&[
            "connect",
            "connectwise",
            "--site",
            &site,
            "--company-id",
            setup.cw.company_id(),
            "--client-id",
            CLIENT_ID,
        ])
        .expect(0);
    setup.run(&["companies", "list", "--refresh"]).expect(0);
    setup
        .run(&["agreements", "list", "--company", "500"])
        .expect(0);
    let seen = seen.lock().unwrap().clone();
    let api: Vec<_> = seen
        .iter()
        .filter(|s| s.path.contains("/apis/3.0/"))
        .collect();
    assert!(api.len() >= 8, "{seen:?}");
    let accept = format!(
        "application/vnd.connectwise.com+json; version={}",
        highwater_connectwise::API_VERSION
    );
    for request in &api {
        assert_eq!(
            request
                .headers
                .get("clientid")
                .and_then(|v| v.to_str().ok()),
            Some(CLIENT_ID),
            "{}",
            request.path
        );
        assert_eq!(
            request.headers.get("accept").and_then(|v| v.to_str().ok()),
            Some(accept.as_str()),
            "{}",
            request.path
        );
    }
    // The sandbox's own log agrees on the clientId.
    assert!(setup
        .cw
        .control()
        .requests()
        .iter()
        .filter(|r| r.path.contains("/apis/3.0/"))
        .all(|r| r.client_id.as_deref() == Some(CLIENT_ID)));
}
