//! Typed client for the JumpCloud APIs an MSP needs: provider discovery (`getSelf`), the provider's
//! client orgs, per-org user counts, and Directory Insights events across many orgs. Base URLs are
//! injectable (plain http only for loopback), errors are typed and say whether a retry may help,
//! and 429/5xx are retried with capped, jittered exponential backoff honouring `Retry-After`.

mod client;
mod config;
mod error;
mod event;
mod http;
mod insights;
mod lenient;
mod model;
mod retry;

pub use client::JumpCloudClient;
pub use config::{ClientConfig, Region};
pub use error::{Error, Result, TransportKind};
pub use event::{Actor, Change, Event, EventKind, SystemRef};
pub use highwater_secret::Secret;
pub use insights::{EventPage, EventPages, EventQuery};
pub use model::{BillableUsers, Organization, ProviderIdentity};
pub use retry::RetryPolicy;
