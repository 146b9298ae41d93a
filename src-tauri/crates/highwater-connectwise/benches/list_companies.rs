//! Benchmark: listing 5,000 companies from the sandbox over loopback — wall time per full listing
//! and HTTP requests per listing (from the sandbox's request log). Run with
//! `cargo bench -p highwater-connectwise --bench list_companies`.

use std::time::{Duration, Instant};

use highwater_connectwise::{ClientConfig, CompanyFilter, ConnectWiseClient};
use highwater_sandbox::connectwise::{start, SandboxConfig};
use highwater_secret::Secret;

const COMPANIES: usize = 5000;
const ROUNDS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let mut cfg = SandboxConfig::with_companies(COMPANIES);
    cfg.size.max_agreements_per_company = 1;
    let sb = start("127.0.0.1:0".parse().expect("address"), cfg)
        .await
        .expect("sandbox starts");
    let config = ClientConfig::new(
        sb.site(),
        sb.company_id(),
        Secret::new(sb.public_key()),
        Secret::new(sb.private_key()),
        sb.client_id(),
    );
    let client = ConnectWiseClient::connect(&config)
        .await
        .expect("client connects");
    let filter = CompanyFilter {
        type_ids: vec![],
        include_deleted: true,
    };
    let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut requests = 0;
    for _ in 0..ROUNDS {
        sb.control().clear_requests();
        let started = Instant::now();
        let rows = client.companies(&filter).await.expect("listing succeeds");
        times.push(started.elapsed());
        assert_eq!(rows.len(), COMPANIES);
        requests = sb.control().requests().len();
    }
    times.sort();
    println!(
        "list {COMPANIES} companies: {requests} requests, min {:?}, median {:?}, max {:?} over {ROUNDS} rounds",
        times[0],
        times[ROUNDS / 2],
        times[ROUNDS - 1]
    );
    sb.shutdown().await;
}
