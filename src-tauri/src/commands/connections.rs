//! Connection commands: the status with key hints, ConnectWise "Verify and Save" / "Verify and
//! Update", connecting JumpCloud, and "Disable Integration & Clear Data". Keys arrive once, typed,
//! and are wrapped at once; they never travel back to the window.

use highwater_engine::views::{
    Cleared, ConnectWiseConnected, JumpCloudConnected, JumpCloudProvider, Status,
};
use highwater_engine::{ConnectWiseInput, JumpCloudInput, Region, DISABLE_CONFIRMATION};
use highwater_secret::Secret;
use serde::Deserialize;
use specta::Type;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// The ConnectWise form. Keys left empty keep the saved ones (Edit without rotating).
#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectWiseForm {
    pub site: String,
    pub company_id: String,
    pub public_key: Option<String>,
    pub private_key: Option<String>,
    /// Advanced: the integration clientId to send; empty keeps the saved (or built-in) one.
    pub client_id: Option<String>,
}

/// A JumpCloud data-centre region, as the form offers it.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RegionChoice {
    Us,
    Eu,
}

/// The JumpCloud form. The provider id is discovered when left empty; the URLs replace the
/// region's hosts (private deployments, the simulator).
#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JumpCloudForm {
    pub api_key: Option<String>,
    pub region: RegionChoice,
    pub provider_id: Option<String>,
    pub console_url: Option<String>,
    pub insights_url: Option<String>,
}

/// Both connections as saved (keys only as hints), the catalog's last refresh and the last sync.
#[tauri::command]
#[specta::specta]
pub async fn connection_status(state: State<'_, AppState>) -> Result<Status, IpcError> {
    Ok(state.engine()?.status()?)
}

/// Verify and Save (or Verify and Update when connected): nothing is saved unless every check
/// passes, so rotated keys replace the old ones only once they work.
#[tauri::command]
#[specta::specta]
pub async fn connect_connectwise(
    state: State<'_, AppState>,
    form: ConnectWiseForm,
) -> Result<ConnectWiseConnected, IpcError> {
    let input = ConnectWiseInput {
        site: form.site,
        company_id: form.company_id,
        public_key: form.public_key.map(Secret::new),
        private_key: form.private_key.map(Secret::new),
        client_id: form.client_id,
    };
    let connected = state.engine()?.connect_connectwise(input).await?;
    state.changed();
    Ok(connected)
}

impl From<JumpCloudForm> for JumpCloudInput {
    fn from(form: JumpCloudForm) -> Self {
        JumpCloudInput {
            api_key: form.api_key.map(Secret::new),
            region: match form.region {
                RegionChoice::Us => Region::Us,
                RegionChoice::Eu => Region::Eu,
            },
            provider_id: form.provider_id,
            console_url: form.console_url,
            insights_url: form.insights_url,
        }
    }
}

/// "Find provider": the provider behind the key and its number of client orgs, for the admin to
/// confirm. Saves nothing.
#[tauri::command]
#[specta::specta]
pub async fn find_jumpcloud_provider(
    state: State<'_, AppState>,
    form: JumpCloudForm,
) -> Result<JumpCloudProvider, IpcError> {
    Ok(state.engine()?.find_jumpcloud_provider(form.into()).await?)
}

/// Verifies the JumpCloud key (with the confirmed provider) and saves the connection.
#[tauri::command]
#[specta::specta]
pub async fn connect_jumpcloud(
    state: State<'_, AppState>,
    form: JumpCloudForm,
) -> Result<JumpCloudConnected, IpcError> {
    let connected = state.engine()?.connect_jumpcloud(form.into()).await?;
    state.changed();
    Ok(connected)
}

/// Removes the ConnectWise keys and every ConnectWise-derived row; `confirmed` is the admin's
/// answer to the "cannot be undone" dialog.
#[tauri::command]
#[specta::specta]
pub async fn disable_connectwise(
    state: State<'_, AppState>,
    confirmed: bool,
) -> Result<Cleared, IpcError> {
    let token = if confirmed { DISABLE_CONFIRMATION } else { "" };
    let cleared = state.engine()?.disable_and_clear_connectwise(token)?;
    state.changed();
    Ok(cleared)
}
