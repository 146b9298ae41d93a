//! `GET /api/systemusers` for one org (`x-org-id`): users as of the simulated clock, with
//! `totalCount` of all matches, v1 filters (e.g. `state:$eq:STAGED`), sort, fields and paging.
//! A JSON body on the GET (which JumpCloud's own scripts send) is ignored.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::auth;
use super::event_body::timestamp;
use super::list_params::{self, Filter, Pairs};
use super::reply::ApiError;
use super::state::Shared;
use super::world::{SimUser, UserState};

pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let caller = auth::caller(&world, &headers)?;
    let orgs = auth::orgs_in_scope(&world, caller, &headers, false)?;
    let org = orgs[0];
    let limit = list_params::limit(&pairs, 10, 100)?;
    let skip = list_params::skip(&pairs)?;
    let filter = Filter::from_pairs(&pairs)?;
    let mut users: Vec<Value> = org
        .users_at(world.clock)
        .map(|(user, state)| user_json(user, state, &org.id))
        .filter(|u| filter.matches(u))
        .collect();
    let total = users.len();
    list_params::sort(&mut users, list_params::first(&pairs, "sort"), false, "_id");
    let fields = list_params::fields(&pairs);
    let results: Vec<Value> = users
        .into_iter()
        .skip(skip)
        .take(limit)
        .map(|u| list_params::project(u, &fields, &["_id"]))
        .collect();
    Ok(Json(json!({"totalCount": total, "results": results})))
}

fn user_json(user: &SimUser, state: UserState, org_id: &str) -> Value {
    json!({
        "_id": user.id,
        "username": user.username,
        "email": user.email,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "displayname": format!("{} {}", user.firstname, user.lastname),
        "organization": org_id,
        "created": timestamp(user.created()),
        "state": state.as_str(),
        "activated": state != UserState::Staged,
        "suspended": state == UserState::Suspended,
        "account_locked": false,
        "account_locked_date": null,
        "password_expired": false,
        "password_expiration_date": null,
        "password_never_expires": false,
        "sudo": user.sudo,
        "passwordless_sudo": false,
        "externally_managed": false,
        "totp_enabled": false,
        "badLoginAttempts": 0,
        "mfa": {"configured": false, "exclusion": false},
    })
}
