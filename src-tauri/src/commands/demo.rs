//! Demo commands: explore the built-in demo tenant, and leave it (its data is deleted).

use tauri::State;

use crate::demo::DemoSession;
use crate::error::IpcError;
use crate::state::{AppState, AppStatus};

/// Starts both simulators in-process, connects a demo engine to them and switches to it.
#[tauri::command]
#[specta::specta]
pub async fn start_demo(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    if state.demo_active() {
        return Ok(state.status());
    }
    let session = DemoSession::start(state.data_dir()).await?;
    Ok(state.enter_demo(session))
}

/// Stops the demo and deletes its data; the admin's own connections show again.
#[tauri::command]
#[specta::specta]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.leave_demo()
}
