//! Highwater's domain engine: where the desktop shell, the CLI, the tests and the benches meet.
//! It has no tauri dependency, so every rule here is reachable headless.

pub mod calendar;
pub mod paths;
pub mod suggest;
