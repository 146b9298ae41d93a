//! Companies & Agreements commands: the rows, the pickers' lists, saving and disabling one
//! mapping, accepting suggestions, and refreshing from ConnectWise and JumpCloud.

use highwater_engine::views::{
    AcceptOutcome, AdditionView, AgreementView, CatalogRefreshed, CompanyView, Listing,
    MappingRows, MappingSaved, Unmapped, UserCountView,
};
use highwater_engine::MappingTarget;
use serde::Deserialize;
use specta::Type;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// What the pickers chose for an org.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MappingChoice {
    pub company_id: i64,
    pub agreement_id: i64,
    pub addition_id: i64,
}

/// Every JumpCloud org with its state, read from the caches (fast).
#[tauri::command]
#[specta::specta]
pub async fn mapping_rows(state: State<'_, AppState>) -> Result<MappingRows, IpcError> {
    Ok(state.engine()?.mapping_rows()?)
}

/// Each org's current number of users, read from JumpCloud.
#[tauri::command]
#[specta::specta]
pub async fn user_counts(state: State<'_, AppState>) -> Result<Vec<UserCountView>, IpcError> {
    Ok(state.engine()?.read_user_counts().await?)
}

/// The companies offered for mapping (of the selected types, not deleted).
#[tauri::command]
#[specta::specta]
pub async fn list_companies(
    state: State<'_, AppState>,
    refresh: bool,
) -> Result<Listing<CompanyView>, IpcError> {
    Ok(state.engine()?.companies(refresh).await?)
}

/// A company's active agreements.
#[tauri::command]
#[specta::specta]
pub async fn list_agreements(
    state: State<'_, AppState>,
    company_id: i64,
    refresh: bool,
) -> Result<Listing<AgreementView>, IpcError> {
    Ok(state.engine()?.agreements(company_id, refresh).await?)
}

/// An agreement's additions that are not cancelled.
#[tauri::command]
#[specta::specta]
pub async fn list_additions(
    state: State<'_, AppState>,
    agreement_id: i64,
    refresh: bool,
) -> Result<Listing<AdditionView>, IpcError> {
    Ok(state.engine()?.additions(agreement_id, refresh).await?)
}

/// Validates the choice against ConnectWise and saves it ("Agreements have been saved").
#[tauri::command]
#[specta::specta]
pub async fn save_mapping(
    state: State<'_, AppState>,
    org_id: String,
    choice: MappingChoice,
) -> Result<MappingSaved, IpcError> {
    let target = MappingTarget {
        company_id: choice.company_id,
        agreement_id: choice.agreement_id,
        addition_id: choice.addition_id,
    };
    Ok(state.engine()?.set_mapping(&org_id, target).await?)
}

/// Removes an org's mapping; its seats stop syncing.
#[tauri::command]
#[specta::specta]
pub async fn disable_mapping(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Unmapped, IpcError> {
    Ok(state.engine()?.unmap(&org_id)?)
}

/// Accepts the suggestions of `org_ids` (the reviewed list), each validated like a manual save.
#[tauri::command]
#[specta::specta]
pub async fn accept_suggestions(
    state: State<'_, AppState>,
    org_ids: Vec<String>,
) -> Result<Vec<AcceptOutcome>, IpcError> {
    Ok(state.engine()?.accept_suggestions(Some(&org_ids)).await?)
}

/// Re-reads the organizations from JumpCloud and the catalog from ConnectWise.
#[tauri::command]
#[specta::specta]
pub async fn refresh_from_connectwise(
    state: State<'_, AppState>,
) -> Result<CatalogRefreshed, IpcError> {
    let engine = state.engine()?;
    engine.refresh_organizations().await?;
    Ok(engine.refresh_catalog().await?)
}
