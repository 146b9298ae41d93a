//! The simulated JumpCloud account (API doc §10): v1 `/api/...`, v2 `/api/v2/...` and Directory
//! Insights `/insights/directory/v1/...` on one port, with JumpCloud's auth errors, paging and
//! filters, provider billing, a seeded month of user churn and alert events, a movable clock, fault
//! injection and a request log. Any Host header is accepted, so a client's US/EU switch can point
//! here.

mod auth;
mod billing;
mod config;
mod control;
mod event_body;
mod faults;
mod insights;
mod list_params;
mod provider;
mod reply;
mod search_term;
mod state;
mod timeline;
mod users;
mod world;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::{middleware, Router};

pub use config::SandboxConfig;
pub use control::{JumpCloudControl, NewEvent, OrgSummary, SandboxKeys};
pub use faults::{Fault, FaultKind, LoggedRequest};
pub use world::{ChangeError, Transition, UserState};

use crate::RunningServer;
use reply::ApiError;
use state::Shared;

/// Where the HTTP control API lives.
pub const CONTROL_PREFIX: &str = "/_control/jumpcloud";

/// The full router: API routes, control routes, and the fault/logging middleware around them.
fn router(shared: Arc<Shared>) -> Router {
    let control = JumpCloudControl::new(shared.clone());
    Router::new()
        .route("/api/users/getSelf", get(provider::get_self))
        .route("/api/organizations", get(provider::list_organizations_v1))
        .route(
            "/api/v2/providers/{provider_id}",
            get(provider::get_provider),
        )
        .route(
            "/api/v2/providers/{provider_id}/organizations",
            get(provider::list_organizations),
        )
        .route(
            "/api/v2/providers/{provider_id}/invoices",
            get(billing::invoices),
        )
        .route(
            "/api/v2/providers/{provider_id}/billing/details",
            get(billing::details),
        )
        .route("/api/systemusers", get(users::list))
        .route("/insights/directory/v1/events", post(insights::events))
        .route("/insights/directory/v1/events/count", post(insights::count))
        .fallback(|| async { ApiError::not_found("Not Found") })
        .with_state(shared.clone())
        .nest(CONTROL_PREFIX, control::routes().with_state(control))
        .layer(middleware::from_fn_with_state(shared, faults::observe))
}

/// A running JumpCloud sandbox.
pub struct JumpCloudSandbox {
    server: RunningServer,
    control: JumpCloudControl,
}

/// Generates the account described by `config` and serves it on `addr` (port 0 = ephemeral).
pub async fn start(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<JumpCloudSandbox> {
    let shared = Arc::new(Shared::new(config));
    let control = JumpCloudControl::new(shared.clone());
    let server = RunningServer::start(addr, router(shared)).await?;
    Ok(JumpCloudSandbox { server, control })
}

impl JumpCloudSandbox {
    /// `http://127.0.0.1:PORT`: both the console base (`/api`, `/api/v2`) and the Directory
    /// Insights base (`/insights/directory/v1`).
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The provider (MSP) id that `getSelf` reports for [`Self::api_key`].
    pub fn provider_id(&self) -> String {
        self.control.provider_id()
    }

    /// A provider (MSP) administrator key.
    pub fn api_key(&self) -> String {
        self.control.keys().msp
    }

    /// A valid single-tenant administrator key: not an MSP key.
    pub fn single_tenant_api_key(&self) -> String {
        self.control.keys().single_tenant
    }

    /// A key whose role ("Command runner") is refused with 403.
    pub fn command_runner_api_key(&self) -> String {
        self.control.keys().command_runner
    }

    /// In-process control, with the same powers as the HTTP control API.
    pub fn control(&self) -> &JumpCloudControl {
        &self.control
    }

    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
