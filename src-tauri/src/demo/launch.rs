//! `highwater --demo` (what `make run` passes when no credentials are given): open straight into
//! the demo tenant, unless the admin's own services are connected — a real setup always wins.

use tauri::{AppHandle, Manager, Runtime};

use super::DemoSession;
use crate::notify;
use crate::state::AppState;

/// The command-line flag that asks for the demo tenant at start.
pub const DEMO_FLAG: &str = "--demo";

/// Starts the demo in the background once the window exists; the UI follows through the
/// `status-changed` event. A failure is logged and raised as one desktop notification.
pub fn start_if_requested<R: Runtime>(app: &AppHandle<R>) {
    if !std::env::args_os().skip(1).any(|arg| arg == DEMO_FLAG) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let status = state.status();
        if status.connectwise_connected || status.jumpcloud_connected || status.demo {
            return;
        }
        match DemoSession::start(state.data_dir()).await {
            Ok(session) => {
                state.enter_demo(session);
            }
            Err(err) => {
                log::error!("the demo tenant could not start: {err}");
                notify::error_notice(&app, "The demo tenant could not start", &err.to_string());
            }
        }
    });
}
