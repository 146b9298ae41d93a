//! The simulated ConnectWise Manage server (see shared/docs/connectwise-api.md §13): auth gate with
//! clientId, companyinfo, self-hosted and cloud codebases, navigable and forward-only paging with
//! ConnectWise's exact `Link` format, the conditions language, JSON Patch, validation envelopes,
//! seeded realistic data, and a control API (data, request log, faults, policies).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use highwater_sandbox::connectwise::{start, SandboxConfig};
//! let sandbox = start("127.0.0.1:0".parse().unwrap(), SandboxConfig::default()).await?;
//! println!("site {} company {}", sandbox.site(), sandbox.company_id());
//! # Ok(()) }
//! ```

mod api;
mod conditions;
mod control;
mod envelope;
mod front;
mod gate;
mod generate;
mod listing;
mod patch;
mod schema;
mod state;
mod store;
mod writes;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub use control::{Control, InvalidCodebase};
pub use gate::{CLOUD_CODEBASE, SELF_HOSTED_CODEBASE};
pub use generate::{
    DataSize, FIRST_COMPANY_ID, TYPE_CUSTOMER, TYPE_PARTNER, TYPE_PROSPECT, TYPE_VENDOR,
};
pub use state::{CancelledAdditionPatch, Fault, FaultKind, LoggedRequest, Right, Settings};
pub use store::{Dataset, Table};

use crate::RunningServer;

/// How to start the simulator. `Default` is a small deterministic tenant (30 companies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Seed and sizes of the generated data.
    pub size: DataSize,
    /// Login company id.
    pub company_id: String,
    /// Full-rights member public key.
    pub public_key: String,
    /// Full-rights member private key.
    pub private_key: String,
    /// clientId handed to clients (any non-empty one is accepted).
    pub client_id: String,
    /// Restricted member public key.
    pub restricted_public_key: String,
    /// Restricted member private key.
    pub restricted_private_key: String,
    /// Play a cloud instance (versioned codebase in companyinfo).
    pub cloud: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            size: DataSize {
                seed: 42,
                companies: 30,
                max_agreements_per_company: 3,
                max_additions_per_agreement: 4,
            },
            company_id: "highwater".into(),
            public_key: "sandboxPublicKey01".into(),
            private_key: "sandboxPrivateKey01".into(),
            client_id: "00000000-0000-4000-8000-00000000c11d".into(),
            restricted_public_key: "restrictedPublic01".into(),
            restricted_private_key: "restrictedPrivate01".into(),
            cloud: false,
        }
    }
}

impl SandboxConfig {
    /// The demo tenant: about 400 companies.
    pub fn demo() -> Self {
        let mut c = Self::default();
        c.size.companies = 400;
        c
    }

    /// The default config with `n` companies.
    pub fn with_companies(n: usize) -> Self {
        let mut c = Self::default();
        c.size.companies = n;
        c
    }
}

/// A running simulator. Dropping it stops the server.
pub struct ConnectWiseSandbox {
    server: RunningServer,
    config: SandboxConfig,
    control: Control,
}

/// Starts the simulator on `addr` (port 0 for an ephemeral port).
pub async fn start(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<ConnectWiseSandbox> {
    let settings = Settings {
        company_id: config.company_id.clone(),
        public_key: config.public_key.clone(),
        private_key: config.private_key.clone(),
        client_id: config.client_id.clone(),
        require_client_id: true,
        restricted_public_key: config.restricted_public_key.clone(),
        restricted_private_key: config.restricted_private_key.clone(),
        restricted_denied: Vec::new(),
        cancelled_addition_patch: CancelledAdditionPatch::Reject,
        cloud: config.cloud,
        cloud_codebase: CLOUD_CODEBASE.to_owned(),
        company_name: "Highwater Sandbox MSP".into(),
        link_header: true,
    };
    let shared = Arc::new(state::Shared {
        data: Mutex::new(generate::generate(&config.size)),
        settings: Mutex::new(settings),
        size: Mutex::new(config.size.clone()),
        faults: Mutex::new(Vec::new()),
        log: Mutex::new(Vec::new()),
    });
    let control = Control::new(shared.clone());
    let router = front::router(
        shared.clone(),
        api::router(shared),
        control::router(control.clone()),
    );
    let server = RunningServer::start(addr, router).await?;
    Ok(ConnectWiseSandbox {
        server,
        config,
        control,
    })
}

impl ConnectWiseSandbox {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// `127.0.0.1:PORT` — what a user would type as the site.
    pub fn site(&self) -> String {
        self.server.addr().to_string()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The API base for the current codebase, e.g. `http://127.0.0.1:PORT/v4_6_release/apis/3.0`
    /// (a cloud instance's versioned one, as upgraded).
    pub fn api_base_url(&self) -> String {
        let settings = self.control.settings();
        let codebase = if settings.cloud {
            settings.cloud_codebase.as_str()
        } else {
            SELF_HOSTED_CODEBASE
        };
        format!("{}/{codebase}/apis/3.0", self.base_url())
    }

    /// Login company id.
    pub fn company_id(&self) -> &str {
        &self.config.company_id
    }

    /// Full-rights public key.
    pub fn public_key(&self) -> &str {
        &self.config.public_key
    }

    /// Full-rights private key.
    pub fn private_key(&self) -> &str {
        &self.config.private_key
    }

    /// A clientId the sandbox accepts.
    pub fn client_id(&self) -> &str {
        &self.config.client_id
    }

    /// The restricted member's public key (its missing rights are set with [`Control::restrict`]).
    pub fn restricted_public_key(&self) -> &str {
        &self.config.restricted_public_key
    }

    /// The restricted member's private key.
    pub fn restricted_private_key(&self) -> &str {
        &self.config.restricted_private_key
    }

    /// The in-process control handle.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Stops the server and waits for it.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
