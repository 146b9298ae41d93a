//! The built `highwater-cli`: exit codes 2 and 3 with one sentence on stderr, `--help` everywhere,
//! and a rejected command leaving the data folder as it was.

mod support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authentication_and_connectivity_failures_exit_3_and_save_nothing() {
    let setup = Setup::new().await;
    let site = setup.cw.site();
    let company = setup.cw.company_id().to_owned();

    let mut wrong = setup.env.clone();
    wrong[1].1 = "wrongPrivateKey".into();
    let data_dir = setup.data_dir();
    let dir = data_dir.to_str().unwrap();
    let run = run_with(
        &[
            "connect",
            "connectwise",
            "--site",
            &site,
            "--company-id",
            &company,
            "--client-id",
            CLIENT_ID,
            "--data-dir",
            dir,
        ],
        &wrong,
    )
    .expect(3);
    assert!(
        run.stderr.contains("rejected the API keys"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("wrongPrivateKey"));
    assert!(
        !data_dir.exists(),
        "a rejected command leaves no data folder behind"
    );

    let run = setup
        .run(&[
            "connect",
            "connectwise",
            "--site",
            &site,
            "--company-id",
            "nobody",
            "--client-id",
            CLIENT_ID,
        ])
        .expect(3);
    assert!(
        run.stderr.contains("company ID \"nobody\""),
        "{}",
        run.stderr
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = setup
        .run(&[
            "connect",
            "connectwise",
            "--site",
            &format!("127.0.0.1:{port}"),
            "--company-id",
            &company,
            "--client-id",
            CLIENT_ID,
        ])
        .expect(3);
    assert!(
        run.stderr
            .contains("Cannot reach ConnectWise: the connection was refused."),
        "{}",
        run.stderr
    );
    assert!(!data_dir.exists());

    let mut bad_jc = setup.env.clone();
    bad_jc[2].1 = "not-a-jumpcloud-key-0000".into();
    let base = setup.jc.base_url();
    run_with(
        &[
            "--data-dir",
            dir,
            "connect",
            "jumpcloud",
            "--console-url",
            &base,
            "--insights-url",
            &base,
        ],
        &bad_jc,
    )
    .expect(3);
    assert!(!data_dir.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_command_changes_nothing_in_the_data_folder() {
    let setup = Setup::new().await;
    setup.connect_both();
    let org = setup.org_ids()[0].clone();
    let before = snapshot(&setup.data_dir());
    for (args, code) in [
        (vec!["company-types", "set", "77"], 2),
        (
            vec![
                "map",
                org.as_str(),
                "--company",
                "502",
                "--agreement",
                "800",
                "--addition",
                "900",
            ],
            2,
        ),
        (
            vec![
                "map",
                "5f0c1b2a3d4e5f6a7b8c9d0e",
                "--company",
                "500",
                "--agreement",
                "800",
                "--addition",
                "900",
            ],
            2,
        ),
        (vec!["agreements", "list", "--company", "502"], 2),
        (vec!["additions", "list", "--agreement", "801"], 2),
        (vec!["cost", "set", "abc"], 2),
        (vec!["cost", "set", "2", "--org", "no-such-org"], 2),
        (vec!["unmap", "no-such-org"], 2),
        (vec!["disable"], 2),
        (vec!["map", org.as_str(), "--company", "x"], 2),
    ] {
        setup.run(&args).expect(code);
        assert!(
            snapshot(&setup.data_dir()) == before,
            "{args:?} changed the data folder"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_with_one_sentence() {
    let setup = Setup::new().await;
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["status", "--bogus"],
        vec!["company-types", "set"],
        vec!["agreements", "list"],
        vec!["agreements", "list", "--company", "abc"],
        vec!["map", "org"],
        vec!["connect", "jumpcloud", "--region", "mars"],
        vec!["suggestions", "accept"],
    ] {
        let run = setup.run(&args).expect(2);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // Commands needing a service that is not connected.
    for args in [
        vec!["orgs", "list"],
        vec!["company-types", "list"],
        vec![
            "map",
            "o",
            "--company",
            "1",
            "--agreement",
            "2",
            "--addition",
            "3",
        ],
    ] {
        let run = setup.run(&args).expect(2);
        assert!(
            run.stderr.contains("is not connected"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_everywhere() {
    let setup = Setup::new().await;
    for args in [
        vec!["--help"],
        vec!["connect", "--help"],
        vec!["connect", "connectwise", "--help"],
        vec!["connect", "jumpcloud", "--help"],
        vec!["company-types", "list", "--help"],
        vec!["company-types", "set", "--help"],
        vec!["orgs", "list", "--help"],
        vec!["companies", "list", "--help"],
        vec!["agreements", "list", "--help"],
        vec!["additions", "list", "--help"],
        vec!["map", "--help"],
        vec!["unmap", "--help"],
        vec!["suggestions", "accept", "--help"],
        vec!["cost", "set", "--help"],
        vec!["status", "--help"],
        vec!["disable", "--help"],
    ] {
        let run = setup.run(&args).expect(0);
        assert!(
            run.stdout.contains("Usage: highwater-cli"),
            "{args:?}: {}",
            run.stdout
        );
    }
    assert!(!setup.data_dir().exists(), "help touches no data folder");
}
