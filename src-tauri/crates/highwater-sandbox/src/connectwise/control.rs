//! The control surface for tests and the demo: an in-process [`Control`] handle, and the same
//! powers over HTTP under `/__control` (no auth; the sandbox only listens on loopback).
//!
//! HTTP routes: `POST /__control/reset` (optional body `{seed, companies, …}`),
//! `GET|PUT /__control/data`, `GET /__control/{companies|agreements|additions|tickets}`
//! (additions accept `?agreementId=`), `GET|PUT /__control/additions/{id}`,
//! `POST /__control/{companies|agreements|tickets}` (insert or replace by `id`),
//! `GET /__control/tickets/{id}/notes`,
//! `GET|DELETE /__control/requests`, `GET|POST|DELETE /__control/faults`,
//! `GET|PATCH /__control/settings` (`{"cloudCodebase": "v2024_2"}` plays a cloud upgrade; a
//! codebase that cannot be a path segment is a 400 and changes nothing).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::gate::codebase_segment;
use super::generate::{generate, DataSize};
use super::state::{lock, CancelledAdditionPatch, Fault, LoggedRequest, Right, Settings, Shared};
use super::store::{Collection, Dataset};

/// A codebase that cannot be a URL path segment (empty, or not letters, digits, `_` and `.`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" cannot be a codebase (use letters, digits, \"_\" and \".\", e.g. v2024_2)")]
pub struct InvalidCodebase(pub String);

/// In-process control of a running sandbox. Cheap to clone.
#[derive(Clone)]
pub struct Control {
    shared: Arc<Shared>,
}

impl Control {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// Regenerates the data from the current seed and sizes; clears faults and the log.
    pub fn reset(&self) {
        let size = lock(&self.shared.size).clone();
        self.reset_with(size);
    }

    /// Regenerates the data with new seed and sizes; clears faults and the log.
    pub fn reset_with(&self, size: DataSize) {
        *lock(&self.shared.data) = generate(&size);
        *lock(&self.shared.size) = size;
        lock(&self.shared.faults).clear();
        lock(&self.shared.log).clear();
    }

    /// Replaces all data.
    pub fn load(&self, data: Dataset) {
        *lock(&self.shared.data) = data;
    }

    /// A copy of all data.
    pub fn dataset(&self) -> Dataset {
        lock(&self.shared.data).clone()
    }

    /// All companies (raw stored JSON).
    pub fn companies(&self) -> Vec<Value> {
        lock(&self.shared.data)
            .companies
            .values()
            .cloned()
            .collect()
    }

    /// Inserts or replaces a company by its `id` (stored as given, so tests can plant odd data).
    pub fn put_company(&self, company: Value) -> Option<i64> {
        lock(&self.shared.data).put(Collection::Companies, company)
    }

    /// All agreements.
    pub fn agreements(&self) -> Vec<Value> {
        lock(&self.shared.data)
            .agreements
            .values()
            .cloned()
            .collect()
    }

    /// Inserts or replaces an agreement by its `id`.
    pub fn put_agreement(&self, agreement: Value) -> Option<i64> {
        lock(&self.shared.data).put(Collection::Agreements, agreement)
    }

    /// Additions, all or of one agreement.
    pub fn additions(&self, agreement_id: Option<i64>) -> Vec<Value> {
        let data = lock(&self.shared.data);
        data.additions
            .values()
            .filter(|a| agreement_id.is_none_or(|id| a["agreementId"].as_i64() == Some(id)))
            .cloned()
            .collect()
    }

    /// One addition by id.
    pub fn addition(&self, id: i64) -> Option<Value> {
        lock(&self.shared.data).additions.get(&id).cloned()
    }

    /// Inserts or replaces an addition by its `id` (it must carry `agreementId`).
    pub fn put_addition(&self, addition: Value) -> Option<i64> {
        let agreement = addition["agreementId"].as_i64()?;
        lock(&self.shared.data).put(Collection::Additions(agreement), addition)
    }

    /// All tickets.
    pub fn tickets(&self) -> Vec<Value> {
        lock(&self.shared.data).tickets.values().cloned().collect()
    }

    /// Inserts or replaces a ticket by its `id` (e.g. to close one behind the client's back).
    pub fn put_ticket(&self, ticket: Value) -> Option<i64> {
        lock(&self.shared.data).put(Collection::Tickets, ticket)
    }

    /// Notes of a ticket.
    pub fn ticket_notes(&self, ticket_id: i64) -> Vec<Value> {
        lock(&self.shared.data)
            .rows(Collection::Notes(ticket_id))
            .cloned()
            .collect()
    }

    /// Every API request received since the last reset or clear.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.shared.log).clone()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Queues a fault.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Faults still queued.
    pub fn faults(&self) -> Vec<Fault> {
        lock(&self.shared.faults).clone()
    }

    /// Drops all queued faults.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        lock(&self.shared.settings).clone()
    }

    /// Chooses what PATCH does to cancelled additions.
    pub fn set_cancelled_addition_patch(&self, policy: CancelledAdditionPatch) {
        lock(&self.shared.settings).cancelled_addition_patch = policy;
    }

    /// Requires (or not) the clientId header.
    pub fn set_require_client_id(&self, required: bool) {
        lock(&self.shared.settings).require_client_id = required;
    }

    /// Sets the rights the restricted member lacks.
    pub fn restrict(&self, denied: &[Right]) {
        lock(&self.shared.settings).restricted_denied = denied.to_vec();
    }

    /// Sends (or strips) the `Link` header on lists.
    pub fn set_link_header(&self, enabled: bool) {
        lock(&self.shared.settings).link_header = enabled;
    }

    /// Plays a cloud instance (versioned codebase) or a self-hosted one.
    pub fn set_cloud(&self, cloud: bool) {
        lock(&self.shared.settings).cloud = cloud;
    }

    /// Plays a ConnectWise upgrade of a cloud instance: companyinfo reports `codebase` from now
    /// on, the previous versioned codebase answers 404 like any wrong one, and `v4_6_release`
    /// keeps working. A trailing `/` is accepted (`v2024_2/`).
    pub fn upgrade_cloud_codebase(&self, codebase: &str) -> Result<(), InvalidCodebase> {
        let segment =
            codebase_segment(codebase).ok_or_else(|| InvalidCodebase(codebase.to_owned()))?;
        lock(&self.shared.settings).cloud_codebase = segment;
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResetBody {
    seed: Option<u64>,
    companies: Option<usize>,
    max_agreements_per_company: Option<usize>,
    max_additions_per_agreement: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsPatch {
    require_client_id: Option<bool>,
    restricted_denied: Option<Vec<Right>>,
    cancelled_addition_patch: Option<CancelledAdditionPatch>,
    cloud: Option<bool>,
    cloud_codebase: Option<String>,
    link_header: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdditionFilter {
    agreement_id: Option<i64>,
}

async fn reset(State(c): State<Control>, body: Option<Json<ResetBody>>) -> StatusCode {
    match body {
        None => c.reset(),
        Some(Json(b)) => {
            let mut size = lock(&c.shared.size).clone();
            size.seed = b.seed.unwrap_or(size.seed);
            size.companies = b.companies.unwrap_or(size.companies);
            size.max_agreements_per_company = b
                .max_agreements_per_company
                .unwrap_or(size.max_agreements_per_company);
            size.max_additions_per_agreement = b
                .max_additions_per_agreement
                .unwrap_or(size.max_additions_per_agreement);
            c.reset_with(size);
        }
    }
    StatusCode::NO_CONTENT
}

async fn put_addition(
    State(c): State<Control>,
    Path(id): Path<i64>,
    Json(mut row): Json<Value>,
) -> Response {
    row["id"] = id.into();
    match c.put_addition(row) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            "an addition needs a numeric agreementId",
        )
            .into_response(),
    }
}

async fn patch_settings(State(c): State<Control>, Json(p): Json<SettingsPatch>) -> Response {
    // Checked before anything is applied, so a refused patch changes nothing.
    let codebase = match p.cloud_codebase.as_deref() {
        None => None,
        Some(raw) => match codebase_segment(raw) {
            Some(segment) => Some(segment),
            None => {
                let refused = InvalidCodebase(raw.to_owned()).to_string();
                return (StatusCode::BAD_REQUEST, refused).into_response();
            }
        },
    };
    {
        let mut s = lock(&c.shared.settings);
        if let Some(v) = p.require_client_id {
            s.require_client_id = v;
        }
        if let Some(v) = p.restricted_denied {
            s.restricted_denied = v;
        }
        if let Some(v) = p.cancelled_addition_patch {
            s.cancelled_addition_patch = v;
        }
        if let Some(v) = p.cloud {
            s.cloud = v;
        }
        if let Some(v) = codebase {
            s.cloud_codebase = v;
        }
        if let Some(v) = p.link_header {
            s.link_header = v;
        }
    }
    Json(c.settings()).into_response()
}

/// 204 when a row was stored, 400 when it had no numeric `id`.
fn status_of(stored: Option<i64>) -> StatusCode {
    match stored {
        Some(_) => StatusCode::NO_CONTENT,
        None => StatusCode::BAD_REQUEST,
    }
}

/// The `/__control` router.
pub(crate) fn router(control: Control) -> Router {
    Router::new()
        .route("/__control/reset", axum::routing::post(reset))
        .route(
            "/__control/data",
            get(|State(c): State<Control>| async move { Json(c.dataset()) }).put(
                |State(c): State<Control>, Json(d): Json<Dataset>| async move {
                    c.load(d);
                    StatusCode::NO_CONTENT
                },
            ),
        )
        .route(
            "/__control/companies",
            get(|State(c): State<Control>| async move { Json(c.companies()) }).post(
                |State(c): State<Control>, Json(v): Json<Value>| async move {
                    status_of(c.put_company(v))
                },
            ),
        )
        .route(
            "/__control/agreements",
            get(|State(c): State<Control>| async move { Json(c.agreements()) })
                .post(|State(c): State<Control>, Json(v): Json<Value>| async move {
                    status_of(c.put_agreement(v))
                }),
        )
        .route(
            "/__control/additions",
            get(
                |State(c): State<Control>, Query(f): Query<AdditionFilter>| async move {
                    Json(c.additions(f.agreement_id))
                },
            ),
        )
        .route(
            "/__control/additions/{id}",
            get(
                |State(c): State<Control>, Path(id): Path<i64>| async move {
                    match c.addition(id) {
                        Some(a) => Json(a).into_response(),
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                },
            )
            .put(put_addition),
        )
        .route(
            "/__control/tickets",
            get(|State(c): State<Control>| async move { Json(c.tickets()) }).post(
                |State(c): State<Control>, Json(v): Json<Value>| async move {
                    status_of(c.put_ticket(v))
                },
            ),
        )
        .route(
            "/__control/tickets/{id}/notes",
            get(
                |State(c): State<Control>, Path(id): Path<i64>| async move {
                    Json(c.ticket_notes(id))
                },
            ),
        )
        .route(
            "/__control/requests",
            get(|State(c): State<Control>| async move { Json(c.requests()) }).delete(
                |State(c): State<Control>| async move {
                    c.clear_requests();
                    StatusCode::NO_CONTENT
                },
            ),
        )
        .route(
            "/__control/faults",
            get(|State(c): State<Control>| async move { Json(c.faults()) })
                .post(
                    |State(c): State<Control>, Json(f): Json<Fault>| async move {
                        c.inject(f);
                        StatusCode::NO_CONTENT
                    },
                )
                .delete(|State(c): State<Control>| async move {
                    c.clear_faults();
                    StatusCode::NO_CONTENT
                }),
        )
        .route(
            "/__control/settings",
            get(|State(c): State<Control>| async move { Json(c.settings()) }).patch(patch_settings),
        )
        .with_state(control)
}
