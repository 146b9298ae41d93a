//! Running the built `highwater-cli` against in-process sandboxes: a clean environment (secrets
//! only from the variables a test sets, no reachable keyring), a temp data folder, and the planted
//! ConnectWise tenant.

#![allow(dead_code)] // Each test file uses a different part.

pub mod header_proxy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use highwater_sandbox::connectwise::{self as cw, ConnectWiseSandbox};
use highwater_sandbox::jumpcloud::{self as jc, JumpCloudSandbox};
use serde_json::{json, Value};
use tempfile::TempDir;

pub const CUSTOMER: i64 = 1;
pub const PROSPECT: i64 = 2;
pub const PARTNER: i64 = 4;
pub const CONTOSO: i64 = 500;
pub const FABRIKAM: i64 = 501;
pub const GLOBEX: i64 = 502;
pub const CONTOSO_MSA: i64 = 800;
pub const CONTOSO_OLD: i64 = 801;
pub const FABRIKAM_MSA: i64 = 802;
pub const CONTOSO_JC: i64 = 900;
pub const CONTOSO_M365_CANCELLED: i64 = 901;
pub const FABRIKAM_JC: i64 = 902;
pub const CLIENT_ID: &str = "3f1c0c52-7d0e-4d8b-9a1e-5d5b8c1e2f3a";

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Self {
        Self {
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The one JSON document on stdout.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", self.stdout))
    }

    /// Asserts the exit code and, for failures, one sentence on stderr.
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code; stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        if code != 0 {
            assert_eq!(
                self.stderr.trim_end().lines().count(),
                1,
                "one line on stderr: {}",
                self.stderr
            );
            assert!(
                self.stderr.starts_with("highwater-cli: "),
                "{}",
                self.stderr
            );
        }
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

/// The sandboxes and a data folder.
pub struct Setup {
    pub dir: TempDir,
    pub cw: ConnectWiseSandbox,
    pub jc: JumpCloudSandbox,
    /// Environment variables given to every run.
    pub env: Vec<(String, String)>,
}

impl Setup {
    pub async fn new() -> Self {
        let cw = cw::start(loopback(), cw::SandboxConfig::default())
            .await
            .unwrap();
        plant_tenant(&cw);
        let jc = jc::start(loopback(), jc::SandboxConfig::default())
            .await
            .unwrap();
        let env = vec![
            (
                "HIGHWATER_CW_PUBLIC_KEY".to_owned(),
                cw.public_key().to_owned(),
            ),
            (
                "HIGHWATER_CW_PRIVATE_KEY".to_owned(),
                cw.private_key().to_owned(),
            ),
            ("HIGHWATER_JC_API_KEY".to_owned(), jc.api_key()),
        ];
        Self {
            dir: tempfile::tempdir().unwrap(),
            cw,
            jc,
            env,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs the binary with `args` after `--data-dir`.
    pub fn run(&self, args: &[&str]) -> Run {
        let data_dir = self.data_dir();
        let mut full = vec!["--data-dir", data_dir.to_str().unwrap()];
        full.extend_from_slice(args);
        run_with(&full, &self.env)
    }

    /// Connects ConnectWise (with the test clientId) and JumpCloud.
    pub fn connect_both(&self) {
        self.run(&[
            "connect",
            "connectwise",
            "--site",
            &self.cw.site(),
            "--company-id",
            self.cw.company_id(),
            "--client-id",
            CLIENT_ID,
        ])
        .expect(0);
        let base = self.jc.base_url();
        self.run(&[
            "connect",
            "jumpcloud",
            "--console-url",
            &base,
            "--insights-url",
            &base,
        ])
        .expect(0);
    }

    /// A second handle on the data file.
    pub fn count(&self, table: &str) -> i64 {
        let store =
            highwater_store::Store::open(&self.data_dir().join("highwater.sqlite3")).unwrap();
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    pub fn org_ids(&self) -> Vec<String> {
        self.jc
            .control()
            .organizations()
            .into_iter()
            .map(|o| o.id)
            .collect()
    }
}

/// Runs the built binary with only `env` (plus a D-Bus address that leads nowhere, so no OS
/// keyring is reachable).
pub fn run_with(args: &[&str], env: &[(String, String)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_highwater-cli"))
        .args(args)
        .env_clear()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/highwater-test-bus",
        )
        .env("HOME", std::env::temp_dir())
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("the highwater-cli binary runs");
    Run::from(output)
}

pub fn loopback() -> std::net::SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// Every file under `dir` with its bytes, to show a rejected command changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn type_ref(id: i64) -> Value {
    let name = match id {
        CUSTOMER => "Customer",
        PROSPECT => "Prospect",
        PARTNER => "Partner",
        _ => "Other",
    };
    json!({"id": id, "name": name})
}

fn company(id: i64, name: &str, types: &[i64], deleted: bool) -> Value {
    json!({"id": id, "identifier": format!("C{id}"), "name": name,
           "types": types.iter().map(|t| type_ref(*t)).collect::<Vec<_>>(), "deletedFlag": deleted})
}

fn agreement(id: i64, company_id: i64, name: &str, cancelled: bool) -> Value {
    json!({"id": id, "name": name, "type": {"id": 3, "name": "Managed Services"},
           "company": {"id": company_id, "identifier": format!("C{company_id}"), "name": "x"},
           "noEndingDateFlag": true, "cancelledFlag": cancelled,
           "agreementStatus": if cancelled { "Cancelled" } else { "Active" }})
}

pub fn addition(id: i64, agreement_id: i64, product: &str, cancelled: bool) -> Value {
    let mut row = json!({"id": id, "agreementId": agreement_id,
        "product": {"id": id + 10_000, "identifier": product},
        "quantity": 12.0, "unitPrice": 15.0, "unitCost": 11.5, "billCustomer": "Billable"});
    if cancelled {
        row["cancelledDate"] = json!("2026-08-31T00:00:00Z");
    }
    row
}

/// A small known tenant in place of the generated companies, agreements and additions.
fn plant_tenant(sandbox: &ConnectWiseSandbox) {
    let control = sandbox.control();
    let mut data = control.dataset();
    data.companies.clear();
    data.agreements.clear();
    data.additions.clear();
    control.load(data);
    control.put_company(company(CONTOSO, "Contoso Ltd", &[CUSTOMER], false));
    control.put_company(company(
        FABRIKAM,
        "Fabrikam Inc",
        &[CUSTOMER, PARTNER],
        false,
    ));
    control.put_company(company(GLOBEX, "Globex Corporation", &[PROSPECT], false));
    control.put_agreement(agreement(CONTOSO_MSA, CONTOSO, "Contoso MSA", false));
    control.put_agreement(agreement(CONTOSO_OLD, CONTOSO, "Contoso 2023", true));
    control.put_agreement(agreement(FABRIKAM_MSA, FABRIKAM, "Fabrikam MSA", false));
    control.put_addition(addition(CONTOSO_JC, CONTOSO_MSA, "JC-PLATFORM", false));
    control.put_addition(addition(
        CONTOSO_M365_CANCELLED,
        CONTOSO_MSA,
        "M365-BP",
        true,
    ));
    control.put_addition(addition(FABRIKAM_JC, FABRIKAM_MSA, "JC-SSO", false));
}
