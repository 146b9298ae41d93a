//! The control surface for tests and the demo: an in-process handle ([`JumpCloudControl`]) and the
//! same powers over HTTP under `/_control/jumpcloud` — reload or reset the data, move the simulated
//! clock, add/suspend/remove users and add events at chosen (also past, late-arriving) times, read
//! the request log, and arm faults.
//!
//! HTTP: `POST /reset`; `POST /load` (a `SandboxConfig`, fields optional); `GET /state` (provider
//! id, keys, clock, orgs); `PUT /clock {now}`; `POST /advance {now}`; `POST /orgs/{org}/users
//! {username, state?, at?}`; `POST /orgs/{org}/users/{user}/{activate|suspend|unsuspend|delete}
//! {at?}`; `DELETE /orgs/{org}/users/{user}`; `POST /events` (a `NewEvent`); `GET|DELETE
//! /requests`; `POST /faults {kind: "status", status, retry_after_secs?} | {kind: "latency",
//! millis}` (+ `path_prefix`, `after`, `times`); `DELETE /faults`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::config::SandboxConfig;
use super::faults::{Fault, LoggedRequest};
use super::reply::ApiError;
use super::state::{lock, Shared};
use super::timeline;
use super::world::{ChangeError, Transition, UserState};

/// The API keys the sandbox accepts (test data, not secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SandboxKeys {
    /// Provider (MSP) administrator key.
    pub msp: String,
    /// Single-tenant administrator key: valid, but not a provider key.
    pub single_tenant: String,
    /// "Command runner" role key: refused with 403.
    pub command_runner: String,
}

/// A client org as the control API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgSummary {
    pub id: String,
    pub name: String,
}

/// An event to add: any type, any (also past) time. `fields` are merged into the body.
#[derive(Debug, Clone, Deserialize)]
pub struct NewEvent {
    /// `None` for an MTP-level event (visible through `x-provider-id`).
    pub organization: Option<String>,
    pub event_type: String,
    pub service: String,
    pub timestamp: DateTime<Utc>,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

/// In-process control of a running sandbox; cheap to clone.
#[derive(Clone)]
pub struct JumpCloudControl {
    shared: Arc<Shared>,
}

impl JumpCloudControl {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// Regenerates the data from the current config (clock back to `config.now`).
    pub fn reset(&self) {
        self.shared.load(self.shared.config());
    }

    /// Replaces the data with a world generated from `config`.
    pub fn load(&self, config: SandboxConfig) {
        self.shared.load(config);
    }

    pub fn config(&self) -> SandboxConfig {
        self.shared.config()
    }

    pub fn provider_id(&self) -> String {
        self.shared.world().provider_id.clone()
    }

    pub fn keys(&self) -> SandboxKeys {
        let world = self.shared.world();
        SandboxKeys {
            msp: world.keys.msp.clone(),
            single_tenant: world.keys.single_tenant.clone(),
            command_runner: world.keys.command_runner.clone(),
        }
    }

    /// The simulated "now": users are served as of it and later events are invisible.
    pub fn clock(&self) -> DateTime<Utc> {
        self.shared.world().clock
    }

    /// Moves the clock only: nothing new happens in between (for replaying "as of" an instant).
    pub fn set_clock(&self, now: DateTime<Utc>) {
        self.shared.world().clock = now;
    }

    /// Lets simulated time pass until `until`: past the generated timeline the seeded process
    /// goes on (hires, leavers, suspensions, alerts, with their events); then the clock moves.
    pub fn advance(&self, until: DateTime<Utc>) {
        let config = self.shared.config();
        timeline::advance(&mut self.shared.world(), &config, until);
    }

    /// The managed orgs in generation order.
    pub fn organizations(&self) -> Vec<OrgSummary> {
        self.shared
            .world()
            .orgs
            .iter()
            .map(|o| OrgSummary {
                id: o.id.clone(),
                name: o.name.clone(),
            })
            .collect()
    }

    /// Ground truth: `(all users, users excluding staged)` of an org at `at`.
    pub fn user_counts_at(&self, org_id: &str, at: DateTime<Utc>) -> Option<(u64, u64)> {
        self.shared.world().user_counts_at(org_id, at)
    }

    /// Users of an org at `at`, with their state then.
    pub fn users_at(&self, org_id: &str, at: DateTime<Utc>) -> Vec<(String, UserState)> {
        let world = self.shared.world();
        world
            .org(org_id)
            .map(|o| o.users_at(at).map(|(u, s)| (u.id.clone(), s)).collect())
            .unwrap_or_default()
    }

    /// Creates a user (and its lifecycle events) at `at`; returns the user id.
    pub fn add_user(
        &self,
        org_id: &str,
        username: &str,
        state: UserState,
        at: DateTime<Utc>,
    ) -> Result<String, ChangeError> {
        self.shared.world().add_user(org_id, username, state, at)
    }

    /// Applies a lifecycle change at `at` and records its event.
    pub fn change_user(
        &self,
        org_id: &str,
        user_id: &str,
        transition: Transition,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.shared
            .world()
            .change_user(org_id, user_id, transition, at)
    }

    pub fn suspend_user(
        &self,
        org_id: &str,
        user_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.change_user(org_id, user_id, Transition::Suspend, at)
    }

    pub fn remove_user(
        &self,
        org_id: &str,
        user_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.change_user(org_id, user_id, Transition::Delete, at)
    }

    /// Adds an event at its timestamp (which may be in the past: a late arrival); returns its id.
    pub fn add_event(&self, event: NewEvent) -> Result<String, ChangeError> {
        self.shared.world().add_event(
            event.organization.as_deref(),
            &event.event_type,
            &event.service,
            event.timestamp,
            event.fields,
        )
    }

    /// Ground truth for tests: events of `org_ids` whose type is one of `event_types` (any type
    /// when empty) in `[start, end)`, counting only what the clock and retention let a query see.
    pub fn count_events(
        &self,
        org_ids: &[String],
        event_types: &[&str],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> usize {
        let world = self.shared.world();
        let from = start.max(world.retention_floor()).timestamp_millis();
        let to = end
            .timestamp_millis()
            .min(world.clock.timestamp_millis() + 1);
        world
            .events
            .iter()
            .filter(|e| e.millis >= from && e.millis < to)
            .filter(|e| e.organization.as_ref().is_some_and(|o| org_ids.contains(o)))
            .filter(|e| {
                event_types.is_empty()
                    || e.body["event_type"]
                        .as_str()
                        .is_some_and(|t| event_types.contains(&t))
            })
            .count()
    }

    /// Number of stored events (visible or not).
    pub fn stored_event_count(&self) -> usize {
        self.shared.world().events.len()
    }

    /// Every API request answered so far (control requests excluded).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.shared.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Arms a fault; faults apply in the order they were armed.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }
}

impl From<ChangeError> for ApiError {
    fn from(err: ChangeError) -> Self {
        match err {
            ChangeError::UnknownOrg(_) | ChangeError::UnknownUser(_) => {
                ApiError::not_found(err.to_string())
            }
            _ => ApiError::conflict(err.to_string()),
        }
    }
}

#[derive(Deserialize)]
struct NewUserBody {
    username: String,
    #[serde(default = "activated")]
    state: UserState,
    at: Option<DateTime<Utc>>,
}

fn activated() -> UserState {
    UserState::Activated
}

#[derive(Deserialize, Default)]
struct AtBody {
    at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct ClockBody {
    now: DateTime<Utc>,
}

/// The HTTP control routes (nested under the control prefix by the caller).
pub fn routes() -> Router<JumpCloudControl> {
    Router::new()
        .route(
            "/reset",
            post(|State(c): State<JumpCloudControl>| async move {
                c.reset();
                Json(json!({"ok": true}))
            }),
        )
        .route(
            "/load",
            post(
                |State(c): State<JumpCloudControl>, Json(config): Json<SandboxConfig>| async move {
                    c.load(config);
                    Json(json!({"ok": true}))
                },
            ),
        )
        .route(
            "/state",
            get(|State(c): State<JumpCloudControl>| async move {
                Json(json!({
                    "provider_id": c.provider_id(),
                    "keys": c.keys(),
                    "clock": c.clock(),
                    "organizations": c.organizations(),
                }))
            }),
        )
        .route(
            "/clock",
            put(
                |State(c): State<JumpCloudControl>, Json(body): Json<ClockBody>| async move {
                    c.set_clock(body.now);
                    Json(json!({"now": body.now}))
                },
            ),
        )
        .route(
            "/advance",
            post(
                |State(c): State<JumpCloudControl>, Json(body): Json<ClockBody>| async move {
                    c.advance(body.now);
                    Json(json!({"now": body.now}))
                },
            ),
        )
        .route("/orgs/{org}/users", post(add_user))
        .route("/orgs/{org}/users/{user}", delete(remove_user))
        .route("/orgs/{org}/users/{user}/{transition}", post(change_user))
        .route(
            "/events",
            post(
                |State(c): State<JumpCloudControl>, Json(event): Json<NewEvent>| async move {
                    c.add_event(event)
                        .map(|id| Json(json!({"id": id})))
                        .map_err(ApiError::from)
                },
            ),
        )
        .route(
            "/requests",
            get(|State(c): State<JumpCloudControl>| async move { Json(c.requests()) }).delete(
                |State(c): State<JumpCloudControl>| async move {
                    c.clear_requests();
                    Json(json!({"ok": true}))
                },
            ),
        )
        .route(
            "/faults",
            post(
                |State(c): State<JumpCloudControl>, Json(fault): Json<Fault>| async move {
                    c.inject(fault);
                    Json(json!({"ok": true}))
                },
            )
            .delete(|State(c): State<JumpCloudControl>| async move {
                c.clear_faults();
                Json(json!({"ok": true}))
            }),
        )
}

async fn add_user(
    State(c): State<JumpCloudControl>,
    Path(org): Path<String>,
    Json(body): Json<NewUserBody>,
) -> Result<Json<Value>, ApiError> {
    let at = body.at.unwrap_or_else(|| c.clock());
    let id = c.add_user(&org, &body.username, body.state, at)?;
    Ok(Json(json!({"id": id})))
}

async fn remove_user(
    State(c): State<JumpCloudControl>,
    Path((org, user)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    c.remove_user(&org, &user, c.clock())?;
    Ok(Json(json!({"ok": true})))
}

async fn change_user(
    State(c): State<JumpCloudControl>,
    Path((org, user, transition)): Path<(String, String, String)>,
    body: Option<Json<AtBody>>,
) -> Result<Json<Value>, ApiError> {
    let transition = match transition.as_str() {
        "activate" => Transition::Activate,
        "suspend" => Transition::Suspend,
        "unsuspend" => Transition::Unsuspend,
        "delete" => Transition::Delete,
        other => return Err(ApiError::not_found(format!("unknown transition {other}"))),
    };
    let at = body.and_then(|Json(b)| b.at).unwrap_or_else(|| c.clock());
    c.change_user(&org, &user, transition, at)?;
    Ok(Json(json!({"ok": true})))
}
