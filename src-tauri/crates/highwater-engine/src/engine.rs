//! [`Engine`]: the one handle the desktop shell and the CLI hold. It owns the store, the secret
//! store and the options, and builds the service clients from what is saved. The operations live
//! in the modules named for them (`connection`, `catalog`, `mapping`, …) as `impl Engine` blocks.

use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use highwater_connectwise::{ClientConfig, ConnectWiseClient, Rediscovery, Site};
use highwater_jumpcloud::JumpCloudClient;
use highwater_secret::Secret;
use highwater_store::connection::{self, ConnectWiseConnection, JumpCloudConnection};
use highwater_store::{Connection, Store, Transaction};

use crate::error::{Error, Result, Service};
use crate::paths;
use crate::secrets::{SecretName, SecretStore, SecretStoreError};

/// Tuning and overrides, chosen by the caller.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// The ConnectWise `clientId` to send instead of the saved (or built-in) one.
    pub connectwise_client_id: Option<String>,
    /// Per-request timeout for both services.
    pub http_timeout: Duration,
    /// JumpCloud base URL used when the saved connection names none (tests, demo mode).
    pub jumpcloud_base_url: Option<String>,
    /// Who acts, as the audit journal records it (`user`, `cli`).
    pub actor: String,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            connectwise_client_id: None,
            http_timeout: Duration::from_secs(30),
            jumpcloud_base_url: None,
            actor: "user".to_owned(),
        }
    }
}

/// Highwater's engine over one data folder.
pub struct Engine {
    store: Mutex<Store>,
    secrets: Arc<dyn SecretStore>,
    options: EngineOptions,
    /// One companyinfo cool-down for every ConnectWise client the engine builds (one per
    /// operation), so a run of 404s across operations looks the codebase up once.
    connectwise_lookups: Rediscovery,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Opens (creating when needed) the store in `data_dir`.
    pub fn open(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        options: EngineOptions,
    ) -> Result<Self> {
        let store = Store::open(&paths::database_path(data_dir))?;
        Ok(Self {
            store: Mutex::new(store),
            secrets,
            options,
            connectwise_lookups: Rediscovery::default(),
        })
    }

    /// The options the engine was opened with.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-written row: writes are transactions.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a read against the store.
    pub(crate) fn read<T>(
        &self,
        work: impl FnOnce(&Connection) -> highwater_store::Result<T>,
    ) -> Result<T> {
        Ok(work(self.store().conn())?)
    }

    /// Runs `work` in one write transaction.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> highwater_store::Result<T>,
    ) -> Result<T> {
        Ok(self.store().write(work)?)
    }

    /// "Disable & Clear" in the store (the caller has removed the keys).
    pub(crate) fn clear_connectwise_rows(
        &self,
        at: DateTime<Utc>,
    ) -> Result<highwater_store::ClearReport> {
        Ok(self
            .store()
            .disable_and_clear_connectwise(&self.options.actor, at)?)
    }

    pub(crate) fn secrets(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    /// One secret from the store (environment first, then the keyring).
    pub(crate) fn secret(&self, name: SecretName) -> Result<Option<Secret>> {
        self.secrets.get(name).map_err(secret_error)
    }

    /// A secret a connected service needs.
    fn required_secret(&self, name: SecretName, service: Service) -> Result<Secret> {
        self.secret(name)?.ok_or_else(|| Error::MissingKey {
            service,
            env_vars: match service {
                Service::ConnectWise => format!(
                    "{} and {}",
                    SecretName::ConnectWisePublicKey.env_var(),
                    SecretName::ConnectWisePrivateKey.env_var()
                ),
                Service::JumpCloud => SecretName::JumpCloudApiKey.env_var().to_owned(),
            },
        })
    }

    /// Runs `op` with a ConnectWise client for the saved connection and keys — the one way the
    /// engine reaches ConnectWise. The client follows a codebase moved by a cloud upgrade on its
    /// own; afterwards, whatever `op` returned, where it ended up is saved so the next client
    /// starts there.
    pub(crate) async fn with_connectwise<T, Op, Fut>(&self, op: Op) -> Result<T>
    where
        Op: FnOnce(ConnectWiseClient) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let (client, saved) = self.connectwise()?;
        // A clone, so the base the operation ended on is readable here (clones share it).
        let outcome = op(client.clone()).await;
        self.keep_api_base(&saved, &client.api_base());
        outcome
    }

    /// The ConnectWise client for the saved connection and keys, and that connection.
    fn connectwise(&self) -> Result<(ConnectWiseClient, ConnectWiseConnection)> {
        let connection = self
            .read(connection::connectwise)?
            .ok_or(Error::NotConnected {
                service: Service::ConnectWise,
            })?;
        let public =
            self.required_secret(SecretName::ConnectWisePublicKey, Service::ConnectWise)?;
        let private =
            self.required_secret(SecretName::ConnectWisePrivateKey, Service::ConnectWise)?;
        let client_id = self
            .options
            .connectwise_client_id
            .clone()
            .unwrap_or_else(|| connection.client_id.clone());
        let config = ClientConfig::new(
            connection.site.clone(),
            connection.company_id.clone(),
            public,
            private,
            client_id,
        )
        .with_timeout(self.options.http_timeout)
        .with_rediscovery(self.connectwise_lookups.clone());
        let base = api_base(&connection.api_host, &connection.codebase)?;
        // With a known API base the client is built without any request.
        let client = ConnectWiseClient::with_api_base(&config, &base)?;
        Ok((client, connection))
    }

    /// The JumpCloud client and the saved connection.
    pub(crate) fn jumpcloud(&self) -> Result<(JumpCloudClient, JumpCloudConnection)> {
        let connection = self
            .read(connection::jumpcloud)?
            .ok_or(Error::NotConnected {
                service: Service::JumpCloud,
            })?;
        let key = self.required_secret(SecretName::JumpCloudApiKey, Service::JumpCloud)?;
        let client = self.jumpcloud_client(
            key,
            crate::connection::region_of(connection.region),
            connection.console_url.clone(),
            connection.insights_url.clone(),
        )?;
        Ok((client, connection))
    }

    /// A JumpCloud client for these settings (the saved ones or ones being verified).
    pub(crate) fn jumpcloud_client(
        &self,
        key: Secret,
        region: highwater_jumpcloud::Region,
        console_url: Option<String>,
        insights_url: Option<String>,
    ) -> Result<JumpCloudClient> {
        let mut config = highwater_jumpcloud::ClientConfig::new(key, region)
            .with_timeout(self.options.http_timeout);
        if let Some(base) = &self.options.jumpcloud_base_url {
            config = config.with_base_url(base.clone());
        }
        if console_url.is_some() {
            config.console_base_url = console_url;
        }
        if insights_url.is_some() {
            config.insights_base_url = insights_url;
        }
        Ok(JumpCloudClient::new(config)?)
    }
}

/// The REST base for a saved API host and codebase: `{scheme}://{api_host}/{codebase}/apis/3.0`,
/// with plain http only for loopback hosts (the site parser's rule).
pub(crate) fn api_base(api_host: &str, codebase: &str) -> Result<String> {
    let host = Site::parse(api_host).map_err(|e| Error::Store {
        message: format!("The saved ConnectWise API host \"{api_host}\" is unusable: {e}."),
    })?;
    Ok(format!(
        "{}/{}/apis/3.0",
        host.site.origin(),
        codebase.trim().trim_matches('/')
    ))
}

/// A secret-store failure as the engine reports it.
pub(crate) fn secret_error(err: SecretStoreError) -> Error {
    match err {
        SecretStoreError::ShadowedByEnvironment { name } | SecretStoreError::Empty { name } => {
            Error::validation(&name.to_string(), err.to_string())
        }
        other => Error::Keyring {
            message: sentence(&other.to_string()),
        },
    }
}

/// Capitalises and ends with a full stop, so a lower-case library message reads as one sentence.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The desktop shell runs these on a multi-threaded runtime: every future must be `Send`.
    /// Compiling this is the test.
    #[allow(dead_code)]
    fn futures_are_send(engine: &Engine) {
        fn send<T: Send>(_: T) {}
        send(engine.connect_connectwise(Default::default()));
        send(engine.connect_jumpcloud(Default::default()));
        send(engine.find_jumpcloud_provider(Default::default()));
        send(engine.company_types(false));
        send(engine.set_company_types(&[]));
        send(engine.refresh_catalog());
        send(engine.companies(false));
        send(engine.agreements(1, false));
        send(engine.additions(1, false));
        send(engine.refresh_organizations());
        send(engine.read_user_counts());
        send(engine.set_mapping(
            "",
            crate::MappingTarget {
                company_id: 1,
                agreement_id: 1,
                addition_id: 1,
            },
        ));
        send(engine.accept_suggestion(""));
        send(engine.accept_suggestions(None));
        send(engine.set_cost_per_seat("", None));
    }

    #[test]
    fn engine_is_shareable() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Engine>();
    }

    #[test]
    fn api_base_follows_the_loopback_rule() {
        assert_eq!(
            api_base("127.0.0.1:8080", "v4_6_release/").unwrap(),
            "http://127.0.0.1:8080/v4_6_release/apis/3.0"
        );
        assert_eq!(
            api_base("api-na.myconnectwise.net", "v2025_1/").unwrap(),
            "https://api-na.myconnectwise.net/v2025_1/apis/3.0"
        );
    }

    #[test]
    fn library_messages_become_sentences() {
        assert_eq!(sentence("no keyring (x)"), "No keyring (x).");
        assert_eq!(sentence("Done."), "Done.");
    }
}
