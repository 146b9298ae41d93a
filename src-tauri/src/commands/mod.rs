//! IPC commands, one module per noun. Each is a few lines: parse, call the engine, map the error.

pub mod app;
