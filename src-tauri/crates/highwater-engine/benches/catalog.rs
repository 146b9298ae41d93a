//! Timings for the closing note, against the sandboxes over loopback HTTP and a real
//! SQLite file: loading 10,000 ConnectWise companies into the catalog cache, and listing 5,000
//! mapping rows (half mapped, half ranked for suggestions). Run with
//! `cargo bench -p highwater-engine --bench catalog`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use highwater_engine::secrets::MemoryStore;
use highwater_engine::views::RowState;
use highwater_engine::{ConnectWiseInput, Engine, EngineOptions, JumpCloudInput, Region};
use highwater_sandbox::{connectwise as cw, jumpcloud as jc};
use highwater_secret::Secret;
use highwater_store::catalog::{additions, agreements};
use highwater_store::mappings::{self, Mapping};
use highwater_store::{Amount, Store};

const COMPANIES: usize = 10_000;
const ORGS: usize = 5_000;
const ROUNDS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let loopback = "127.0.0.1:0".parse().unwrap();
    let started = Instant::now();
    let cw = cw::start(loopback, cw::SandboxConfig::with_companies(COMPANIES))
        .await
        .expect("ConnectWise sandbox");
    // A quiet month: the bench is about the org list, not user churn or alerts.
    let jc_config = jc::SandboxConfig {
        users_per_org: (1, 3),
        alerts_per_org_per_day: 0.0,
        churn_per_org_per_day: 0.0,
        noise_per_org_per_day: 0.0,
        ..jc::SandboxConfig::default()
    }
    .with_orgs(ORGS);
    let jc = jc::start(loopback, jc_config)
        .await
        .expect("JumpCloud sandbox");
    println!("sandboxes up in {:.1?}", started.elapsed());

    let dir = tempfile::tempdir().expect("a temp dir");
    let options = EngineOptions {
        connectwise_client_id: Some(cw.client_id().to_owned()),
        http_timeout: Duration::from_secs(60),
        ..EngineOptions::default()
    };
    let engine = Engine::open(dir.path(), Arc::new(MemoryStore::new()), options).expect("engine");
    engine
        .connect_connectwise(ConnectWiseInput {
            site: cw.site(),
            company_id: cw.company_id().to_owned(),
            public_key: Some(Secret::new(cw.public_key())),
            private_key: Some(Secret::new(cw.private_key())),
            client_id: None,
        })
        .await
        .expect("ConnectWise connects");
    let t = Instant::now();
    let connected = engine
        .connect_jumpcloud(JumpCloudInput {
            api_key: Some(Secret::new(jc.api_key())),
            provider_id: None,
            region: Region::Us,
            console_url: Some(jc.base_url()),
            insights_url: Some(jc.base_url()),
        })
        .await
        .expect("JumpCloud connects");
    println!(
        "connect JumpCloud, listing and caching {} orgs: {:.1?}",
        connected.organizations,
        t.elapsed()
    );

    let mut loads = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let listing = engine.companies(true).await.expect("companies load");
        loads.push(t.elapsed());
        assert!(
            listing.items.len() > COMPANIES / 2,
            "most companies are billable"
        );
    }
    report(
        "load 10,000 companies into the cache (10 pages + write)",
        &loads,
    );

    plant_mappings(dir.path(), &cw, ORGS / 2);
    let mut lists = Vec::new();
    let mut counts = (0, 0, 0);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let rows = engine.mapping_rows().expect("mapping rows");
        lists.push(t.elapsed());
        counts = (
            rows.rows.len(),
            rows.rows
                .iter()
                .filter(|r| matches!(r.state, RowState::Mapped | RowState::Broken))
                .count(),
            rows.rows
                .iter()
                .filter(|r| r.state == RowState::Suggested)
                .count(),
        );
    }
    report(
        &format!(
            "list {} mapping rows ({} mapped, {} with a suggestion)",
            counts.0, counts.1, counts.2
        ),
        &lists,
    );
}

/// Maps `n` orgs straight in the store to real agreements and additions of the sandbox, and
/// caches those agreements and additions, as a tenant that has been in use would have them.
fn plant_mappings(data_dir: &std::path::Path, sandbox: &cw::ConnectWiseSandbox, n: usize) {
    let data = sandbox.control().dataset();
    let now = Utc::now();
    let mut store = Store::open(&highwater_engine::paths::database_path(data_dir)).expect("store");
    let orgs = highwater_store::organizations::list(store.conn()).expect("orgs");
    let live_additions: Vec<&serde_json::Value> = data
        .additions
        .values()
        .filter(|a| a["cancelledDate"].is_null())
        .collect();
    store
        .write(|tx| {
            for a in data.agreements.values() {
                let company_id = a["company"]["id"].as_i64().unwrap_or_default();
                if highwater_store::catalog::companies::get(tx, company_id)?.is_none() {
                    continue;
                }
                agreements::upsert(
                    tx,
                    &agreements::Agreement {
                        id: a["id"].as_i64().unwrap_or_default(),
                        company_id,
                        name: a["name"].as_str().unwrap_or_default().to_owned(),
                        type_name: a["type"]["name"].as_str().map(str::to_owned),
                        cancelled: a["cancelledFlag"].as_bool().unwrap_or(false),
                        status: a["agreementStatus"].as_str().map(str::to_owned),
                        refreshed_at: now,
                    },
                )?;
            }
            for a in data.additions.values() {
                let agreement_id = a["agreementId"].as_i64().unwrap_or_default();
                if agreements::get(tx, agreement_id)?.is_none() {
                    continue;
                }
                additions::upsert(
                    tx,
                    &additions::Addition {
                        id: a["id"].as_i64().unwrap_or_default(),
                        agreement_id,
                        product_identifier: a["product"]["identifier"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        description: a["description"].as_str().map(str::to_owned),
                        quantity: Amount::from_f64(a["quantity"].as_f64().unwrap_or_default())?,
                        unit_price: None,
                        unit_cost: None,
                        cancelled_at: a["cancelledDate"].as_str().and_then(|t| t.parse().ok()),
                        effective_at: None,
                        refreshed_at: now,
                    },
                )?;
            }
            for (org, addition) in orgs.iter().zip(live_additions.iter().cycle()).take(n) {
                let agreement_id = addition["agreementId"].as_i64().unwrap_or_default();
                let Some(agreement) = agreements::get(tx, agreement_id)? else {
                    continue;
                };
                mappings::upsert(
                    tx,
                    &Mapping {
                        org_id: org.id.clone(),
                        company_id: agreement.company_id,
                        company_name: "planted".into(),
                        agreement_id,
                        agreement_name: agreement.name,
                        addition_id: addition["id"].as_i64().unwrap_or_default(),
                        addition_name: "planted".into(),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
            }
            Ok(())
        })
        .expect("planted mappings");
}

fn report(what: &str, samples: &[Duration]) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    println!(
        "{what}: min {:.1?}, median {:.1?}, max {:.1?} ({} rounds)",
        sorted[0],
        sorted[sorted.len() / 2],
        sorted[sorted.len() - 1],
        sorted.len()
    );
}
