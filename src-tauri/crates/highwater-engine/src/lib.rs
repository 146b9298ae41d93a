//! Highwater's domain engine: where the desktop shell, the CLI, the tests and the benches meet.
//! It has no tauri dependency, so every rule here is reachable headless.
//!
//! [`Engine`] is the one handle callers hold: open it on a data folder with a
//! [`secrets::SecretStore`], then call its methods (connection lifecycle, company types, the
//! catalog cache, organizations, mapping). They return the serialisable structs of [`views`] or
//! an [`Error`] whose [`Error::kind`] the UI and the CLI branch on.

pub mod calendar;
mod catalog;
mod company_types;
pub mod connection;
mod engine;
mod error;
pub mod mapping;
mod organizations;
pub mod paths;
pub mod secrets;
pub mod suggest;
pub mod views;

pub use connection::{ConnectWiseInput, JumpCloudInput, Region, DISABLE_CONFIRMATION};
pub use engine::{Engine, EngineOptions};
pub use error::{Error, ErrorKind, Result, Service, Transport};
pub use mapping::MappingTarget;
