//! Provider billing routes (API doc §2.3, §10.10): `GET /api/v2/providers/{id}/invoices` (amounts
//! as strings) and `.../billing/details` (licence counts). Like JumpCloud, neither carries a cost
//! per seat, so a client cannot come to depend on one.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::{Datelike, Duration, Months, TimeZone, Utc};
use serde_json::{json, Value};

use super::list_params::{self, Pairs};
use super::provider::{high_water_mark, provider_route};
use super::reply::ApiError;
use super::state::Shared;

/// The invented list price behind the simulated invoices (per user per month).
const PRICE_PER_USER: f64 = 9.0;

/// `GET /api/v2/providers/{id}/invoices` — one invoice per month for the three months before the
/// clock's month, billed at the provider-wide high-water mark of that month.
pub async fn invoices(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    provider_route(&shared, &world, &headers, &provider_id)?;
    let limit = list_params::limit(&pairs, 10, 100)?;
    let skip = list_params::skip(&pairs)?;
    let month = Utc
        .with_ymd_and_hms(world.clock.year(), world.clock.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(world.clock);
    let records: Vec<Value> = (1..=3u32)
        .filter_map(|back| {
            let start = month.checked_sub_months(Months::new(back))?;
            let end = start.checked_add_months(Months::new(1))?;
            let users: usize = world
                .orgs
                .iter()
                .map(|o| high_water_mark(o, start, end))
                .sum();
            let billed = format!("{:.1}", users as f64 * PRICE_PER_USER);
            let paid = back > 1;
            Some(json!({
                "id": format!("in_{}", start.format("%Y%m")),
                "amountBilled": billed,
                "amountPaid": if paid { billed.clone() } else { "0.0".to_owned() },
                "amountRemaining": if paid { "0.0".to_owned() } else { billed },
                "currency": "USD",
                "dueDate": (end + Duration::days(7)).format("%Y-%m-%d").to_string(),
                "status": if paid { "paid" } else { "open" },
            }))
        })
        .collect();
    let total = records.len();
    let page: Vec<Value> = records.into_iter().skip(skip).take(limit).collect();
    Ok(Json(json!({"records": page, "totalCount": total})))
}

/// `GET /api/v2/providers/{id}/billing/details` — licences assigned (users now, all orgs).
pub async fn details(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    provider_route(&shared, &world, &headers, &provider_id)?;
    let assigned: usize = world
        .orgs
        .iter()
        .map(|o| o.users_at(world.clock).count())
        .sum();
    Ok(Json(json!({
        "hasContract": true,
        "contractType": "annual",
        "assignedLicenses": assigned,
        "products": [{
            "name": "JumpCloud Platform",
            "includedLicenses": 0,
            "purchasedLicenses": assigned.div_ceil(100) * 100,
            "capabilities": ["directory", "sso", "mdm"],
        }],
    })))
}
