//! Store timings on a real file: loading 10,000 companies into the catalog cache, listing them,
//! listing 5,000 mapping rows, and the month's high watermark over 150,000 samples.
//! Run: `cargo bench -p highwater-store` (prints median and min of several runs, in ms).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use highwater_store::catalog::{
    self, additions::Addition, agreements::Agreement, companies::Company,
};
use highwater_store::mappings::{self, Mapping};
use highwater_store::organizations::{self, ListedOrganization};
use highwater_store::user_count_samples::{self, Sample};
use highwater_store::{company_type_selection, Amount, Store};

const COMPANIES: i64 = 10_000;
const MAPPED_ORGS: i64 = 5_000;
const SAMPLES_PER_ORG: i64 = 30;
const RUNS: usize = 7;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_772_341_200, 0).expect("valid instant") // 2026-03-01T05:00Z
}

fn companies() -> Vec<Company> {
    (1..=COMPANIES)
        .map(|id| Company {
            id,
            identifier: format!("CO{id:05}"),
            name: format!("Client Company {id:05} LLC"),
            deleted: id % 50 == 0,
            type_ids: if id % 3 == 0 {
                vec![1, 2]
            } else {
                vec![1 + id % 4]
            },
            refreshed_at: now(),
        })
        .collect()
}

fn fresh_store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name)).expect("open store")
}

/// Times `work` RUNS times (each on state from `setup`) and prints median and min.
fn measure<S>(label: &str, mut setup: impl FnMut(usize) -> S, mut work: impl FnMut(S)) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|run| {
            let state = setup(run);
            let start = Instant::now();
            work(state);
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<58} median {:>8.2} ms   min {:>8.2} ms",
        ms(times[RUNS / 2]),
        ms(times[0])
    );
}

/// A store with the catalog loaded and 5,000 orgs mapped to it, plus samples.
fn loaded_store(dir: &tempfile::TempDir) -> Store {
    let mut store = fresh_store(dir, "loaded.sqlite3");
    let list = companies();
    let t = now();
    store
        .write(|tx| {
            catalog::companies::replace_all(tx, &list, t)?;
            company_type_selection::set(tx, &[1, 3], t)?;
            let agreements: Vec<Agreement> = (1..=MAPPED_ORGS)
                .map(|i| Agreement {
                    id: 100_000 + i,
                    company_id: i,
                    name: format!("Managed Services {i}"),
                    type_name: Some("MSP".into()),
                    cancelled: i % 97 == 0,
                    status: Some("Active".into()),
                    refreshed_at: t,
                })
                .collect();
            catalog::agreements::replace_all(tx, &agreements, t)?;
            let additions: Vec<Addition> = (1..=MAPPED_ORGS)
                .map(|i| Addition {
                    id: 200_000 + i,
                    agreement_id: 100_000 + i,
                    product_identifier: "JC-SEAT".into(),
                    description: None,
                    quantity: Amount::from_micros(i * 1_000_000),
                    unit_price: Some(Amount::from_micros(9_990_000)),
                    unit_cost: Some(Amount::from_micros(3_500_000)),
                    cancelled_at: None,
                    effective_at: None,
                    refreshed_at: t,
                })
                .collect();
            catalog::additions::replace_all(tx, &additions, t)?;
            let orgs: Vec<ListedOrganization> = (1..=MAPPED_ORGS)
                .map(|i| ListedOrganization {
                    id: format!("org{i:05}"),
                    name: format!("Client Org {i:05}"),
                })
                .collect();
            organizations::replace_all(tx, &orgs, t)?;
            for i in 1..=MAPPED_ORGS {
                mappings::upsert(
                    tx,
                    &Mapping {
                        org_id: format!("org{i:05}"),
                        company_id: i,
                        company_name: format!("Client Company {i:05} LLC"),
                        agreement_id: 100_000 + i,
                        agreement_name: format!("Managed Services {i}"),
                        addition_id: 200_000 + i,
                        addition_name: "JC-SEAT".into(),
                        created_at: t,
                        updated_at: t,
                    },
                )?;
                for day in 0..SAMPLES_PER_ORG {
                    user_count_samples::insert(
                        tx,
                        &Sample {
                            org_id: format!("org{i:05}"),
                            sampled_at: t + chrono::Duration::days(day),
                            user_count: ((i + day * 7) % 250) as u32,
                        },
                    )?;
                }
            }
            Ok(())
        })
        .expect("load");
    store
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = companies();

    measure(
        "catalog: insert 10,000 companies (empty cache, one tx)",
        |run| fresh_store(&dir, &format!("insert-{run}.sqlite3")),
        |mut store| {
            store
                .write(|tx| catalog::companies::replace_all(tx, &list, now()))
                .expect("insert");
        },
    );

    let mut refreshed = fresh_store(&dir, "refresh.sqlite3");
    refreshed
        .write(|tx| catalog::companies::replace_all(tx, &list, now()))
        .expect("seed");
    measure(
        "catalog: refresh 10,000 cached companies (upsert, one tx)",
        |_| (),
        |()| {
            refreshed
                .write(|tx| catalog::companies::replace_all(tx, &list, now()))
                .expect("refresh");
        },
    );

    let store = loaded_store(&dir);
    let start = now();
    let end = start + chrono::Duration::days(31);
    let mut counts = (0, 0, 0, 0);
    measure(
        "catalog: list 10,000 companies",
        |_| (),
        |()| {
            counts.0 = catalog::companies::list(store.conn()).expect("list").len();
        },
    );
    measure(
        "catalog: list billable companies (selected types)",
        |_| (),
        |()| {
            counts.1 = catalog::companies::list_billable(store.conn())
                .expect("billable")
                .len();
        },
    );
    measure(
        "mappings: list 5,000 mapping rows",
        |_| (),
        |()| {
            counts.2 = mappings::list(store.conn()).expect("list").len();
        },
    );
    measure(
        "mappings: 5,000 org rows with catalog state (screen query)",
        |_| (),
        |()| {
            counts.3 = mappings::org_rows(store.conn()).expect("rows").len();
        },
    );
    let mut hwm = 0;
    measure(
        "samples: month high watermark, 5,000 orgs x 30 samples",
        |_| (),
        |()| {
            hwm = user_count_samples::high_watermarks(store.conn(), start, end)
                .expect("hwm")
                .len();
        },
    );
    assert_eq!(counts.0 as i64, COMPANIES);
    assert_eq!(counts.2 as i64, MAPPED_ORGS);
    assert_eq!(counts.3 as i64, MAPPED_ORGS);
    assert_eq!(hwm as i64, MAPPED_ORGS);
    println!("(billable companies: {} of {COMPANIES})", counts.1);
}
