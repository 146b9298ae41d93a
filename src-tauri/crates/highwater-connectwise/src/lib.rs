//! Typed ConnectWise Manage (PSA) REST client for Highwater: site normalisation, discovery via
//! `companyinfo`, authenticated calls with retries and bounded concurrency, paging, a safe
//! conditions builder, the endpoints Highwater uses, and a permission self-test. A codebase moved
//! by a cloud upgrade is followed: a 404 looks it up again (see [`Rediscovery`]).
//!
//! ```no_run
//! # async fn demo() -> highwater_connectwise::Result<()> {
//! use highwater_connectwise::{ClientConfig, CompanyFilter, ConnectWiseClient};
//! use highwater_secret::Secret;
//! let config = ClientConfig::new("na.myconnectwise.net", "acme", Secret::new("pub"), Secret::new("priv"), "client-guid");
//! let client = ConnectWiseClient::connect(&config).await?;
//! let customers = client.companies(&CompanyFilter::of_types([1])).await?;
//! # Ok(()) }
//! ```

mod classify;
mod client;
pub mod conditions;
mod config;
mod discovery;
mod endpoints;
mod error;
mod link;
mod models;
mod paging;
mod permissions;
mod rediscovery;
mod retry;
mod site;
mod target;
mod transport;

pub use client::ConnectWiseClient;
pub use config::{built_in_client_id, ClientConfig, API_VERSION};
pub use discovery::{discover, Discovery};
pub use endpoints::CompanyFilter;
pub use error::{Error, ErrorKind, FieldError, Result, TransportKind};
pub use models::*;
pub use paging::{Pages, PAGE_SIZE};
pub use permissions::{right_for, Capability, CheckOutcome, PermissionCheck, PermissionReport};
pub use rediscovery::{Rediscovery, DEFAULT_REDISCOVERY_COOLDOWN};
pub use retry::{Method, RetryPolicy};
pub use site::{ParsedSite, Scheme, Site, SiteError};
