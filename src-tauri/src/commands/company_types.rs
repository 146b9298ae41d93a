//! Company-type commands: the checklist of ConnectWise company types and "Filter By Type".

use highwater_engine::views::CompanyTypeView;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// Every ConnectWise company type with whether it is billed; `refresh` re-reads ConnectWise.
#[tauri::command]
#[specta::specta]
pub async fn company_types(
    state: State<'_, AppState>,
    refresh: bool,
) -> Result<Vec<CompanyTypeView>, IpcError> {
    Ok(state.engine()?.company_types(refresh).await?)
}

/// Saves the billed company types (at least one).
#[tauri::command]
#[specta::specta]
pub async fn set_company_types(
    state: State<'_, AppState>,
    type_ids: Vec<i64>,
) -> Result<Vec<CompanyTypeView>, IpcError> {
    Ok(state.engine()?.set_company_types(&type_ids).await?)
}
