//! Provider-level routes (no `x-org-id`): `GET /api/users/getSelf`, the v2 provider record and its
//! organization list, and the v1 `GET /api/organizations` list with the MTP usage fields.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::{DateTime, Datelike, Months, TimeZone, Utc};
use serde_json::{json, Value};

use super::auth::{self, Caller};
use super::list_params::{self, Filter, Pairs};
use super::reply::ApiError;
use super::state::Shared;
use super::world::{SimOrg, World};

/// Checks the key and the provider-route rules; returns the caller.
fn provider_caller(
    shared: &Shared,
    world: &World,
    headers: &HeaderMap,
) -> Result<Caller, ApiError> {
    let caller = auth::caller(world, headers)?;
    auth::reject_org_header(
        shared.config().reject_org_header_on_provider_routes,
        headers,
    )?;
    Ok(caller)
}

/// `GET /api/users/getSelf` — the admin behind the key; only provider admins carry `provider`.
pub async fn get_self(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let caller = provider_caller(&shared, &world, &headers)?;
    let body = match caller {
        Caller::Msp => json!({
            "_id": world.msp_admin_id,
            "email": world.msp_admin_email,
            "organization": world.provider_id,
            "provider": world.provider_id,
            "roleName": "Administrator With Billing",
        }),
        Caller::SingleTenant => json!({
            "_id": world.single_admin_id,
            "email": "admin@standalone.example",
            "organization": world.standalone_org.id,
            "roleName": "Administrator With Billing",
        }),
    };
    Ok(Json(list_params::project(
        body,
        &list_params::fields(&pairs),
        &["_id"],
    )))
}

/// The gate of every `/api/v2/providers/{id}/...` route: a known key, no `x-org-id` (when the
/// toggle asks for it), a well-formed id, and the caller's own provider.
pub(super) fn provider_route(
    shared: &Shared,
    world: &World,
    headers: &HeaderMap,
    provider_id: &str,
) -> Result<(), ApiError> {
    let caller = provider_caller(shared, world, headers)?;
    check_provider(world, caller, provider_id)
}

/// The provider id in the path must be the caller's.
fn check_provider(world: &World, caller: Caller, provider_id: &str) -> Result<(), ApiError> {
    if !auth::is_object_id(provider_id) {
        return Err(ApiError::bad_request(format!(
            "invalid provider id: {provider_id}"
        )));
    }
    if caller != Caller::Msp || provider_id != world.provider_id {
        return Err(ApiError::forbidden());
    }
    Ok(())
}

/// `GET /api/v2/providers/{provider_id}`.
pub async fn get_provider(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let caller = provider_caller(&shared, &world, &headers)?;
    check_provider(&world, caller, &provider_id)?;
    Ok(Json(
        json!({"id": world.provider_id, "disallowOrgCreation": false}),
    ))
}

/// `GET /api/v2/providers/{provider_id}/organizations` — `{results:[{id,name,maxSystemUsers}], totalCount}`.
pub async fn list_organizations(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(provider_id): Path<String>,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let caller = provider_caller(&shared, &world, &headers)?;
    check_provider(&world, caller, &provider_id)?;
    let limit = list_params::limit(&pairs, 10, 100)?;
    let skip = list_params::skip(&pairs)?;
    let filter = Filter::from_pairs(&pairs)?;
    let mut orgs: Vec<Value> = world
        .orgs
        .iter()
        .map(|o| {
            let mut v = json!({"id": o.id, "name": o.name});
            if let Some(max) = o.max_system_users {
                v["maxSystemUsers"] = json!(max);
            }
            v
        })
        .filter(|v| filter.matches(v))
        .collect();
    sort_orgs(&mut orgs, &pairs, "id");
    page(orgs, skip, limit, &list_params::fields(&pairs), &["id"])
}

fn sort_orgs(orgs: &mut [Value], pairs: &Pairs, id_key: &str) {
    let (sort, ignore_case) = match list_params::first(pairs, "sortIgnoreCase") {
        Some(s) if !s.is_empty() => (Some(s), true),
        _ => (list_params::first(pairs, "sort"), false),
    };
    list_params::sort(orgs, sort, ignore_case, id_key);
}

fn page(
    items: Vec<Value>,
    skip: usize,
    limit: usize,
    fields: &[String],
    id_keys: &[&str],
) -> Result<Json<Value>, ApiError> {
    let total = items.len();
    let results: Vec<Value> = items
        .into_iter()
        .skip(skip)
        .take(limit)
        .map(|v| list_params::project(v, fields, id_keys))
        .collect();
    Ok(Json(json!({"results": results, "totalCount": total})))
}

/// `GET /api/organizations` (v1) — with `systemUsersCount` and `highWaterMarkLastMonth`, whose
/// semantics are unconfirmed: here, users of every state now, and the most users at any instant of
/// the previous calendar month.
pub async fn list_organizations_v1(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let caller = provider_caller(&shared, &world, &headers)?;
    let limit = list_params::limit(&pairs, 10, 100)?;
    let skip = list_params::skip(&pairs)?;
    let filter = Filter::from_pairs(&pairs)?;
    let orgs: Vec<&SimOrg> = match caller {
        Caller::Msp => world.orgs.iter().collect(),
        Caller::SingleTenant => vec![&world.standalone_org],
    };
    let (month_start, prev_month_start) = month_bounds(world.clock);
    let mut items: Vec<Value> = orgs
        .into_iter()
        .map(|o| {
            json!({
                "_id": o.id,
                "id": o.id,
                "displayName": o.name,
                "systemsCount": o.systems.len(),
                "systemUsersCount": o.users_at(world.clock).count(),
                "highWaterMarkLastMonth": high_water_mark(o, prev_month_start, month_start),
                "maxSystemUsers": o.max_system_users,
            })
        })
        .filter(|v| filter.matches(v))
        .collect();
    sort_orgs(&mut items, &pairs, "_id");
    page(items, skip, limit, &list_params::fields(&pairs), &["_id"])
}

fn month_bounds(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = Utc
        .with_ymd_and_hms(at.year(), at.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(at);
    (
        start,
        start.checked_sub_months(Months::new(1)).unwrap_or(start),
    )
}

/// Most users that existed at any instant in `[from, to)`.
pub fn high_water_mark(org: &SimOrg, from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    let mut instants = vec![from];
    for user in &org.users {
        instants.extend(
            user.history
                .iter()
                .map(|(t, _)| *t)
                .filter(|t| *t >= from && *t < to),
        );
    }
    instants
        .into_iter()
        .map(|t| org.users_at(t).count())
        .max()
        .unwrap_or(0)
}
