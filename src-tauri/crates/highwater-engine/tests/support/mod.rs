//! Shared set-up for the engine's tests: both sandboxes on loopback, a real SQLite file in a temp
//! dir, the in-memory secret store, and a small planted ConnectWise tenant whose every row a test
//! can name.

#![allow(dead_code)] // Each test file uses a different part.

use std::sync::Arc;
use std::time::Duration;

use highwater_engine::secrets::{MemoryStore, SecretName, SecretStore};
use highwater_engine::{ConnectWiseInput, Engine, EngineOptions, JumpCloudInput, Region};
use highwater_sandbox::connectwise::{self as cw, ConnectWiseSandbox};
use highwater_sandbox::jumpcloud::{self as jc, JumpCloudSandbox};
use highwater_secret::Secret;
use highwater_store::Store;
use serde_json::{json, Value};
use tempfile::TempDir;

pub const CUSTOMER: i64 = 1;
pub const PROSPECT: i64 = 2;
pub const PARTNER: i64 = 4;

/// Planted companies.
pub const CONTOSO: i64 = 500; // Customer
pub const FABRIKAM: i64 = 501; // Customer + Partner (multi-type)
pub const GLOBEX: i64 = 502; // Prospect only
pub const INITECH: i64 = 503; // Customer, deleted
pub const UMBRELLA: i64 = 504; // Partner only

/// Planted agreements.
pub const CONTOSO_MSA: i64 = 800; // active
pub const CONTOSO_OLD: i64 = 801; // cancelled
pub const FABRIKAM_MSA: i64 = 802; // active
pub const CONTOSO_ENDED: i64 = 803; // ended
pub const GLOBEX_MSA: i64 = 804; // active, but Globex is not billable

/// Planted additions.
pub const CONTOSO_JC: i64 = 900; // of CONTOSO_MSA
pub const CONTOSO_M365_CANCELLED: i64 = 901; // of CONTOSO_MSA, cancelled
pub const FABRIKAM_JC: i64 = 902; // of FABRIKAM_MSA
pub const CONTOSO_OLD_JC: i64 = 903; // of CONTOSO_OLD
pub const CONTOSO_BACKUP: i64 = 904; // of CONTOSO_MSA

pub const CLIENT_ID: &str = "3f1c0c52-7d0e-4d8b-9a1e-5d5b8c1e2f3a";

pub struct World {
    pub dir: TempDir,
    pub cw: ConnectWiseSandbox,
    pub jc: JumpCloudSandbox,
    pub secrets: Arc<MemoryStore>,
    pub engine: Engine,
}

pub fn options() -> EngineOptions {
    EngineOptions {
        connectwise_client_id: Some(CLIENT_ID.to_owned()),
        http_timeout: Duration::from_secs(5),
        jumpcloud_base_url: None,
        actor: "test".to_owned(),
    }
}

impl World {
    /// Both sandboxes (the planted ConnectWise tenant), nothing connected yet.
    pub async fn new() -> Self {
        Self::with(jc::SandboxConfig::default()).await
    }

    pub async fn with(jc_config: jc::SandboxConfig) -> Self {
        let cw = cw::start(loopback(), cw::SandboxConfig::default())
            .await
            .unwrap();
        plant_tenant(&cw);
        let jc = jc::start(loopback(), jc_config).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(MemoryStore::new());
        let engine = Engine::open(dir.path(), secrets.clone(), options()).unwrap();
        Self {
            dir,
            cw,
            jc,
            secrets,
            engine,
        }
    }

    /// Both services connected.
    pub async fn connected() -> Self {
        let world = Self::new().await;
        world.connect_both().await;
        world
    }

    pub async fn connect_both(&self) {
        self.engine
            .connect_connectwise(self.cw_input())
            .await
            .unwrap();
        self.engine
            .connect_jumpcloud(self.jc_input())
            .await
            .unwrap();
    }

    pub fn cw_input(&self) -> ConnectWiseInput {
        ConnectWiseInput {
            site: self.cw.site(),
            company_id: self.cw.company_id().to_owned(),
            public_key: Some(Secret::new(self.cw.public_key())),
            private_key: Some(Secret::new(self.cw.private_key())),
            client_id: None,
        }
    }

    pub fn jc_input(&self) -> JumpCloudInput {
        JumpCloudInput {
            api_key: Some(Secret::new(self.jc.api_key())),
            provider_id: None,
            region: Region::Us,
            console_url: Some(self.jc.base_url()),
            insights_url: Some(self.jc.base_url()),
        }
    }

    /// A second handle on the engine's data file, to check what was written.
    pub fn store(&self) -> Store {
        Store::open(&highwater_engine::paths::database_path(self.dir.path())).unwrap()
    }

    /// A table's row count.
    pub fn count(&self, table: &str) -> i64 {
        self.store()
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    pub fn secret(&self, name: SecretName) -> Option<String> {
        self.secrets
            .get(name)
            .unwrap()
            .map(|s| s.expose().to_owned())
    }

    /// The JumpCloud sandbox's organizations, in generation order.
    pub fn orgs(&self) -> Vec<jc::OrgSummary> {
        self.jc.control().organizations()
    }
}

pub fn loopback() -> std::net::SocketAddr {
    "127.0.0.1:0".parse().unwrap()
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

pub fn company(id: i64, name: &str, types: &[i64], deleted: bool) -> Value {
    json!({
        "id": id, "identifier": format!("C{id}"), "name": name,
        "types": types.iter().map(|t| type_ref(*t)).collect::<Vec<_>>(),
        "deletedFlag": deleted,
    })
}

pub fn agreement(id: i64, company_id: i64, name: &str, state: &str) -> Value {
    let mut row = json!({
        "id": id, "name": name,
        "type": {"id": 3, "name": "Managed Services"},
        "company": {"id": company_id, "identifier": format!("C{company_id}"), "name": "x"},
        "startDate": "2023-07-01T00:00:00Z",
        "noEndingDateFlag": state != "ended",
        "cancelledFlag": state == "cancelled",
        "agreementStatus": match state { "cancelled" => "Cancelled", "ended" => "Expired", _ => "Active" },
    });
    if state == "ended" {
        row["endDate"] = json!("2024-03-31T00:00:00Z");
    }
    row
}

pub fn addition(id: i64, agreement_id: i64, product: &str, cancelled: bool) -> Value {
    let mut row = json!({
        "id": id, "agreementId": agreement_id,
        "product": {"id": id + 10_000, "identifier": product},
        "quantity": 12.0, "unitPrice": 15.0, "unitCost": 11.0,
        "billCustomer": "Billable", "description": format!("{product} seats"),
        "effectiveDate": "2024-01-01T00:00:00Z",
    });
    if cancelled {
        row["cancelledDate"] = json!("2026-08-31T00:00:00Z");
    }
    row
}

/// Replaces the generated companies, agreements and additions with the planted ones (types,
/// products and service tables stay as generated).
pub fn plant_tenant(sandbox: &ConnectWiseSandbox) {
    let control = sandbox.control();
    let mut data = control.dataset();
    data.companies.clear();
    data.agreements.clear();
    data.additions.clear();
    control.load(data);
    for c in [
        company(CONTOSO, "Contoso Ltd", &[CUSTOMER], false),
        company(FABRIKAM, "Fabrikam Inc", &[CUSTOMER, PARTNER], false),
        company(GLOBEX, "Globex Corporation", &[PROSPECT], false),
        company(INITECH, "Initech LLC", &[CUSTOMER], true),
        company(UMBRELLA, "Umbrella Partners", &[PARTNER], false),
    ] {
        control.put_company(c);
    }
    for a in [
        agreement(CONTOSO_MSA, CONTOSO, "Contoso MSA", "active"),
        agreement(CONTOSO_OLD, CONTOSO, "Contoso 2023", "cancelled"),
        agreement(FABRIKAM_MSA, FABRIKAM, "Fabrikam MSA", "active"),
        agreement(CONTOSO_ENDED, CONTOSO, "Contoso Pilot", "ended"),
        agreement(GLOBEX_MSA, GLOBEX, "Globex MSA", "active"),
    ] {
        control.put_agreement(a);
    }
    for a in [
        addition(CONTOSO_JC, CONTOSO_MSA, "JC-PLATFORM", false),
        addition(CONTOSO_M365_CANCELLED, CONTOSO_MSA, "M365-BP", true),
        addition(FABRIKAM_JC, FABRIKAM_MSA, "JC-SSO", false),
        addition(CONTOSO_OLD_JC, CONTOSO_OLD, "JC-PLATFORM", false),
        addition(CONTOSO_BACKUP, CONTOSO_MSA, "BACKUP-365", false),
    ] {
        control.put_addition(a);
    }
}
