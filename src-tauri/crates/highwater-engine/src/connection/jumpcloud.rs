//! Connecting JumpCloud: the provider (MSP) administrator key, the region (or explicit base URLs),
//! and the provider id — discovered with `getSelf` when not given, and returned so the admin can
//! confirm it. Verified by listing the provider's organizations, which are cached on success.

use chrono::Utc;
use highwater_secret::Secret;
use highwater_store::audit_journal::{self, JournalEntry};
use highwater_store::connection::{self, JumpCloudConnection, Region as StoredRegion};
use highwater_store::organizations::{self, ListedOrganization};
use serde_json::json;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::secrets::SecretName;
use crate::views::{JumpCloudConnected, JumpCloudProvider};

/// JumpCloud data-centre region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Region {
    #[default]
    Us,
    Eu,
}

impl Region {
    fn client(self) -> highwater_jumpcloud::Region {
        match self {
            Region::Us => highwater_jumpcloud::Region::Us,
            Region::Eu => highwater_jumpcloud::Region::Eu,
        }
    }

    fn stored(self) -> StoredRegion {
        match self {
            Region::Us => StoredRegion::Us,
            Region::Eu => StoredRegion::Eu,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
        }
    }
}

/// What the admin gave on the JumpCloud form. A key left `None` is taken from the secret store
/// (the environment first).
#[derive(Debug, Clone, Default)]
pub struct JumpCloudInput {
    pub api_key: Option<Secret>,
    pub provider_id: Option<String>,
    pub region: Region,
    /// Replaces the region's console host (`{console_url}/api/...`).
    pub console_url: Option<String>,
    /// Replaces the region's Directory Insights host.
    pub insights_url: Option<String>,
}

impl Engine {
    /// "Find provider": discovers the provider behind the key (or takes the given id) and counts
    /// its client organizations, so the admin can confirm before connecting. Saves nothing: no
    /// keyring entry, no row, no journal entry.
    pub async fn find_jumpcloud_provider(
        &self,
        input: JumpCloudInput,
    ) -> Result<JumpCloudProvider> {
        let key = self.typed_or_stored(input.api_key, SecretName::JumpCloudApiKey)?;
        let client = self.jumpcloud_client(
            key,
            input.region.client(),
            non_blank(input.console_url),
            non_blank(input.insights_url),
        )?;
        let (provider_id, admin_email) = match non_blank(input.provider_id) {
            Some(id) => (id, None),
            None => {
                let identity = client.discover_provider().await?;
                (identity.provider_id, identity.admin_email)
            }
        };
        let orgs = client.organizations(&provider_id).await?;
        Ok(JumpCloudProvider {
            provider_id,
            // JumpCloud's API has no provider name (see the view); nothing to look up.
            provider_name: None,
            admin_email,
            region: input.region.name().to_owned(),
            organizations: orgs.len(),
        })
    }

    /// Verifies the key and provider by listing the organizations, then saves the connection,
    /// the key and the organization list. Nothing is saved on failure.
    pub async fn connect_jumpcloud(&self, input: JumpCloudInput) -> Result<JumpCloudConnected> {
        let key = self.typed_or_stored(input.api_key, SecretName::JumpCloudApiKey)?;
        let console_url = non_blank(input.console_url);
        let insights_url = non_blank(input.insights_url);
        let client = self.jumpcloud_client(
            key.clone(),
            input.region.client(),
            console_url.clone(),
            insights_url.clone(),
        )?;
        let (provider_id, discovered, admin_email) = match non_blank(input.provider_id) {
            Some(id) => (id, false, None),
            None => {
                let identity = client.discover_provider().await?;
                (identity.provider_id, true, identity.admin_email)
            }
        };
        let orgs = client.organizations(&provider_id).await?;

        let now = Utc::now();
        let existing = self.read(connection::jumpcloud)?;
        let saved = JumpCloudConnection {
            provider_id: provider_id.clone(),
            provider_name: None,
            region: input.region.stored(),
            console_url,
            insights_url,
            created_at: existing.as_ref().map_or(now, |c| c.created_at),
            updated_at: now,
        };
        let keys = self.save_keys(&[(SecretName::JumpCloudApiKey, &key)])?;
        let listed: Vec<ListedOrganization> = orgs
            .iter()
            .map(|o| ListedOrganization {
                id: o.id.clone(),
                name: o.name.clone(),
            })
            .collect();
        let actor = self.options().actor.clone();
        let written = self.write(|tx| {
            connection::save_jumpcloud(tx, &saved)?;
            organizations::replace_all(tx, &listed, now)?;
            audit_journal::append(
                tx,
                &JournalEntry {
                    at: now,
                    actor,
                    action: "jumpcloud.connected".to_owned(),
                    run_id: None,
                    entity: Some("connection:jumpcloud".to_owned()),
                    before: None,
                    after: Some(
                        json!({"provider_id": saved.provider_id, "region": input.region.name()}),
                    ),
                    message: format!("JumpCloud connected as provider {}.", saved.provider_id),
                },
            )
        });
        if let Err(err) = written {
            keys.restore(self);
            return Err(err);
        }
        Ok(JumpCloudConnected {
            message: "JumpCloud has been connected".to_owned(),
            provider_id,
            provider_discovered: discovered,
            admin_email,
            region: input.region.name().to_owned(),
            organizations: orgs.len(),
            key: keys.storage,
        })
    }
}

fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Parses `us` / `eu` as the CLI and the UI send them.
impl std::str::FromStr for Region {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "us" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            other => Err(Error::validation(
                "region",
                format!("\"{other}\" is not a JumpCloud region (us or eu)."),
            )),
        }
    }
}
