//! ConnectWise "Verify and Save" (and "Verify and Update"): normalise the site, discover the
//! codebase, call the API with the keys, run the permission self-test, and only then save the
//! connection row and the keys. Any failure leaves everything as it was, so keys being rotated
//! keep working until their replacements have been verified.

use chrono::Utc;
use highwater_connectwise::{
    built_in_client_id, discover, CheckOutcome, ClientConfig, ConnectWiseClient, PermissionReport,
    Site,
};
use highwater_secret::Secret;
use highwater_store::audit_journal::{self, JournalEntry};
use highwater_store::catalog::company_types;
use highwater_store::company_type_selection;
use highwater_store::connection::{self, ConnectWiseConnection};
use serde_json::json;

use crate::catalog::fetch_company_types;
use crate::engine::{secret_error, Engine};
use crate::error::{Error, Result, Service};
use crate::secrets::{SaveOutcome, SecretName};
use crate::views::{ConnectWiseConnected, KeyStorage, PermissionView};

/// The company type preselected on a first connect, when the tenant has it.
const DEFAULT_BILLED_TYPE: &str = "Customer";

/// What the admin typed on the ConnectWise form. Keys left `None` are taken from the secret
/// store (the environment first), which is how the CLI passes them.
#[derive(Debug, Clone, Default)]
pub struct ConnectWiseInput {
    pub site: String,
    pub company_id: String,
    pub public_key: Option<Secret>,
    pub private_key: Option<Secret>,
    /// The ConnectWise integration `clientId` to send (Advanced on the form; it is not a
    /// secret). Blank keeps the saved one, else the built-in one.
    pub client_id: Option<String>,
}

impl Engine {
    /// Verify and Save (or, when connected already, Verify and Update).
    pub async fn connect_connectwise(
        &self,
        input: ConnectWiseInput,
    ) -> Result<ConnectWiseConnected> {
        let company_id = input.company_id.trim().to_owned();
        if company_id.is_empty() {
            return Err(Error::validation("company_id", "The company ID is empty."));
        }
        let parsed = Site::parse(&input.site).map_err(highwater_connectwise::Error::from)?;
        let existing = self.read(connection::connectwise)?;
        if let Some(current) = &existing {
            // Mappings, the catalog cache and alert settings name this tenant's records; another
            // tenant's ids would silently point at unrelated companies.
            if !current.company_id.eq_ignore_ascii_case(&company_id) {
                return Err(Error::validation(
                    "company_id",
                    format!(
                        "Highwater is connected to ConnectWise company \"{}\". To connect another \
                         company, use Disable & Clear first (it removes that company's mappings).",
                        current.company_id
                    ),
                ));
            }
        }
        let client_id = self.client_id(input.client_id.as_deref(), existing.as_ref())?;
        let public = self.typed_or_stored(input.public_key, SecretName::ConnectWisePublicKey)?;
        let private = self.typed_or_stored(input.private_key, SecretName::ConnectWisePrivateKey)?;

        let config = ClientConfig::new(
            parsed.site.authority(),
            company_id.clone(),
            public.clone(),
            private.clone(),
            client_id.clone(),
        )
        .with_timeout(self.options().http_timeout);
        let discovery = discover(&config).await?;
        let client = ConnectWiseClient::with_api_base(&config, discovery.api_base.as_str())?;
        let report = client.permissions().await?;
        check_permissions(&report)?;
        let now = Utc::now();
        let types = fetch_company_types(&client, now).await?;

        let api_host = match (discovery.api_base.host_str(), discovery.api_base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => parsed.site.authority(),
        };
        let saved = ConnectWiseConnection {
            site: parsed.site.authority(),
            company_id: company_id.clone(),
            codebase: discovery.company_info.codebase.trim().to_owned(),
            api_host,
            client_id: client_id.clone(),
            created_at: existing.as_ref().map_or(now, |c| c.created_at),
            updated_at: now,
        };

        let keys = self.save_keys(&[
            (SecretName::ConnectWisePublicKey, &public),
            (SecretName::ConnectWisePrivateKey, &private),
        ])?;
        let updated = existing.is_some();
        let actor = self.options().actor.clone();
        let written = self.write(|tx| {
            connection::save_connectwise(tx, &saved)?;
            company_types::replace_all(tx, &types, now)?;
            if company_type_selection::selected_ids(tx)?.is_empty() {
                let customer: Vec<i64> = types
                    .iter()
                    .filter(|t| t.name.trim().eq_ignore_ascii_case(DEFAULT_BILLED_TYPE))
                    .map(|t| t.id)
                    .collect();
                company_type_selection::set(tx, &customer, now)?;
            }
            audit_journal::append(
                tx,
                &JournalEntry {
                    at: now,
                    actor,
                    action: if updated {
                        "connectwise.updated"
                    } else {
                        "connectwise.connected"
                    }
                    .to_owned(),
                    run_id: None,
                    entity: Some("connection:connectwise".to_owned()),
                    before: None,
                    after: Some(json!({
                        "site": saved.site,
                        "company_id": saved.company_id,
                        "codebase": saved.codebase,
                        "api_host": saved.api_host,
                        "client_id": saved.client_id,
                    })),
                    message: format!(
                        "ConnectWise connected to {} as {}.",
                        saved.site, saved.company_id
                    ),
                },
            )?;
            company_type_selection::selected_ids(tx)
        });
        let selected_type_ids = match written {
            Ok(ids) => ids,
            Err(err) => {
                keys.restore(self);
                return Err(err);
            }
        };

        Ok(ConnectWiseConnected {
            message: if updated {
                "Integration has been updated".to_owned()
            } else {
                "Integration has been created".to_owned()
            },
            updated,
            site: saved.site,
            site_changes: parsed.changes,
            company_id,
            codebase: saved.codebase,
            api_host: saved.api_host,
            client_id,
            permissions: report.checks.iter().map(permission_view).collect(),
            keys: keys.storage,
            selected_type_ids,
        })
    }

    /// The clientId: the one typed on the form, else the engine's override (environment), else
    /// the saved one, else the build's (never empty). Blank values count as not given, so an
    /// empty Advanced field never wipes a saved id.
    fn client_id(
        &self,
        typed: Option<&str>,
        existing: Option<&ConnectWiseConnection>,
    ) -> Result<String> {
        let given = |id: Option<&str>| {
            id.map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
        };
        Ok(given(typed)
            .or_else(|| given(self.options().connectwise_client_id.as_deref()))
            .or_else(|| given(existing.map(|c| c.client_id.as_str())))
            .unwrap_or_else(|| built_in_client_id().to_owned()))
    }

    /// A key the admin typed, else the stored one (the environment first).
    pub(crate) fn typed_or_stored(
        &self,
        typed: Option<Secret>,
        name: SecretName,
    ) -> Result<Secret> {
        match typed.filter(|s| !s.expose().trim().is_empty()) {
            Some(secret) => Ok(secret),
            None => self.secret(name)?.ok_or_else(|| {
                Error::validation(
                    &name.to_string(),
                    format!("The {name} is missing; type it or set {}.", name.env_var()),
                )
            }),
        }
    }

    /// Saves verified keys; on a failure puts back the ones saved so far.
    pub(crate) fn save_keys(&self, keys: &[(SecretName, &Secret)]) -> Result<SavedKeys> {
        let mut saved = SavedKeys {
            previous: Vec::new(),
            storage: KeyStorage::Environment,
        };
        for (name, value) in keys {
            let previous = match self.secret(*name) {
                Ok(previous) => previous,
                Err(err) => {
                    saved.restore(self);
                    return Err(err);
                }
            };
            match self.secrets().set(*name, value) {
                Ok(SaveOutcome::Saved) => {
                    saved.storage = KeyStorage::Keyring;
                    saved.previous.push((*name, previous));
                }
                Ok(SaveOutcome::KeptFromEnvironment { .. }) => {}
                Err(err) => {
                    saved.restore(self);
                    return Err(secret_error(err));
                }
            }
        }
        Ok(saved)
    }
}

/// Keys written to the keyring by one save, with what they replaced.
pub(crate) struct SavedKeys {
    previous: Vec<(SecretName, Option<Secret>)>,
    pub storage: KeyStorage,
}

impl SavedKeys {
    /// Puts the replaced keys back (best effort: the save already failed for another reason).
    pub(crate) fn restore(&self, engine: &Engine) {
        for (name, previous) in &self.previous {
            let restored = match previous {
                Some(value) => engine.secrets().set(*name, value).map(|_| ()),
                None => engine.secrets().delete(*name),
            };
            if let Err(err) = restored {
                tracing::warn!(secret = %name, error = %err, "could not put the previous key back");
            }
        }
    }
}

/// Refuses a connection whose API member lacks rights, naming each right.
fn check_permissions(report: &PermissionReport) -> Result<()> {
    let missing = report.missing_rights();
    if !missing.is_empty() {
        return Err(Error::Forbidden {
            service: Service::ConnectWise,
            missing_permissions: missing.into_iter().map(str::to_owned).collect(),
        });
    }
    if let Some(failed) = report.checks.iter().find_map(|c| match &c.outcome {
        CheckOutcome::Failed(message) => Some(format!(
            "checking \"{}\": {message}",
            c.capability.purpose()
        )),
        _ => None,
    }) {
        return Err(Error::ServiceError {
            service: Service::ConnectWise,
            message: failed,
        });
    }
    Ok(())
}

fn permission_view(check: &highwater_connectwise::PermissionCheck) -> PermissionView {
    PermissionView {
        purpose: check.capability.purpose().to_owned(),
        right: check.right.to_owned(),
        status: match check.outcome {
            CheckOutcome::Granted => "granted",
            CheckOutcome::Missing => "missing",
            CheckOutcome::NotProbed => "not_probed",
            CheckOutcome::Failed(_) => "failed",
        }
        .to_owned(),
    }
}
