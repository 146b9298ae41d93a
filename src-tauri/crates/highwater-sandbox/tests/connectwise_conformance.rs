//! Conformance: a third-party client (pyconnectwise 0.6.1.2, see
//! tests/conformance/pyconnectwise_check.py) drives the in-process ConnectWise sandbox, and its
//! results are compared with the sandbox's own data. Fails (never skips) when Python or
//! pyconnectwise is missing, saying how to install it.

use std::path::PathBuf;
use std::process::Command;

use highwater_sandbox::connectwise::{start, SandboxConfig};
use serde_json::Value;

const INSTALL: &str =
    "python3 -m pip install -r tests/conformance/requirements.txt (pyconnectwise==0.6.1.2)";

fn script() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    root.join("tests/conformance/pyconnectwise_check.py")
}

fn require_pyconnectwise() {
    let probe = Command::new("python3")
        .args(["-c", "import pyconnectwise, sys; sys.stdout.write(pyconnectwise.__name__)"])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for the conformance test ({e}); install Python 3, then: {INSTALL}"));
    assert!(
        probe.status.success(),
        "pyconnectwise is not importable by python3; install it with: {INSTALL}\n{}",
        String::from_utf8_lossy(&probe.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pyconnectwise_drives_the_sandbox() {
    require_pyconnectwise();
    let sb = start("127.0.0.1:0".parse().unwrap(), SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let args = [
        sb.base_url(),
        sb.company_id().to_owned(),
        sb.public_key().to_owned(),
        sb.private_key().to_owned(),
        sb.client_id().to_owned(),
    ];
    let path = script();
    // The Python client blocks; run it off the async workers so the server keeps serving.
    let out =
        tokio::task::spawn_blocking(move || Command::new("python3").arg(path).args(args).output())
            .await
            .unwrap()
            .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pyconnectwise_check.py failed ({}):\n{stderr}\n{stdout}",
        out.status
    );
    let summary: Value =
        serde_json::from_str(stdout.trim()).expect("the script prints a JSON summary");

    let control = sb.control();
    let all: Vec<i64> = control
        .companies()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let listed: Vec<i64> = serde_json::from_value(summary["all_company_ids"].clone()).unwrap();
    assert_eq!(listed, all, "every company, once, in order");

    let customers: Vec<i64> = control
        .companies()
        .iter()
        .filter(|c| c["deletedFlag"] == false)
        .filter(|c| c["types"].as_array().unwrap().iter().any(|t| t["id"] == 1))
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(summary["customer_ids"], serde_json::json!(customers));

    let patched = &summary["patched_addition"];
    let stored = control.addition(patched["id"].as_i64().unwrap()).unwrap();
    assert_eq!(stored["quantity"], serde_json::json!(33.0));
    assert_eq!(stored["agreementId"], patched["agreement"]);

    let tickets = control.tickets();
    assert_eq!(tickets.len(), 1, "only the valid ticket was created");
    assert_eq!(
        tickets[0]["externalXRef"],
        summary["ticket"]["externalXRef"]
    );
    let notes = control.ticket_notes(tickets[0]["id"].as_i64().unwrap());
    assert_eq!(notes.len(), 2, "initialDescription note + the posted note");

    // What pyconnectwise sent, as recorded by the sandbox: it followed Link page numbers.
    let log = control.requests();
    assert!(log.iter().any(|r| r.path == "/login/companyinfo/highwater"));
    assert!(log
        .iter()
        .filter(|r| r.path.ends_with("/company/companies") && r.method == "GET")
        .any(|r| r.query.as_deref().is_some_and(|q| q.contains("page=5"))));
    assert!(log
        .iter()
        .filter(|r| r.path.contains("/apis/3.0/"))
        .all(|r| r.member.as_deref() == Some("api")));
}
