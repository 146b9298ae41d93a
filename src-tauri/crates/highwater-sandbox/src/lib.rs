//! Simulated ConnectWise Manage and JumpCloud tenants over real loopback HTTP (axum), for the demo
//! mode, the client and engine tests, and the benches. Each half is a faithful server built from the
//! facts in `shared/docs/*-api.md`, plus a control API for tests (load/reset data, faults, request log).

pub mod connectwise;
pub mod jumpcloud;
mod server;

pub use server::RunningServer;
