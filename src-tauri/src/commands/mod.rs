//! IPC commands, one module per noun. Each is a few lines: parse, call the engine, map the error.

pub mod app;
pub mod company_types;
pub mod connections;
pub mod demo;
pub mod mapping;
