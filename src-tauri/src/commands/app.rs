//! App-level commands: status and the background-work switch.

use tauri::State;

use crate::error::IpcError;
use crate::state::{AppState, AppStatus};

/// The app's current status (versions, connections, pause state, store health).
#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    state.status()
}

/// Pauses or resumes background work (scheduled sync and alert polling).
#[tauri::command]
#[specta::specta]
pub fn set_background_paused(
    state: State<'_, AppState>,
    paused: bool,
) -> Result<AppStatus, IpcError> {
    state.set_background_paused(paused)
}
