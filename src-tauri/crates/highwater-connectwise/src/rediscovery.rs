//! Following a codebase that moved. Hosted ConnectWise codebases change at upgrades (`v2024_1/` →
//! `v2024_2/`) and the old one then answers 404 (shared/docs/connectwise-api.md §1.4); like
//! django-connectwise, a client that gets a 404 asks `companyinfo` again and, when the API base
//! changed, uses the new one. The look-up runs at most once per cool-down, so a run of genuine
//! record 404s (deleted companies) does not double the requests.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::config::ClientConfig;
use crate::discovery::discover;
use crate::site::Site;

/// How long after a look-up the next 404 is taken at face value.
pub const DEFAULT_REDISCOVERY_COOLDOWN: Duration = Duration::from_secs(10 * 60);

/// The cool-down between `companyinfo` look-ups after 404s, and what the last one found. Clones
/// share both, so clients built one after another (the engine builds one per operation) look up
/// at most once per cool-down together, and a client built on the old base adopts a base another
/// one found without asking again.
#[derive(Clone)]
pub struct Rediscovery {
    cooldown: Duration,
    last: Arc<Mutex<Option<Lookup>>>,
}

/// One look-up: when, for which site and company, and the API base it gave.
struct Lookup {
    at: Instant,
    tenant: String,
    base: Url,
}

impl std::fmt::Debug for Rediscovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rediscovery")
            .field("cooldown", &self.cooldown)
            .finish_non_exhaustive()
    }
}

impl Default for Rediscovery {
    fn default() -> Self {
        Self::new(DEFAULT_REDISCOVERY_COOLDOWN)
    }
}

impl Rediscovery {
    /// A fresh state with this cool-down between look-ups.
    pub fn new(cooldown: Duration) -> Self {
        Self {
            cooldown,
            last: Arc::new(Mutex::new(None)),
        }
    }

    /// The cool-down between look-ups.
    pub fn cooldown(&self) -> Duration {
        self.cooldown
    }

    /// After a 404 on a request built on `sent_on`: the API base to send it to once more (already
    /// stored in `base`), or `None` to return the 404 as it is. Any 404 qualifies, because what
    /// the body of a wrong-codebase 404 looks like on real cloud servers is UNCONFIRMED; only a
    /// base that `companyinfo` reports differently decides.
    pub(crate) async fn moved_base(
        &self,
        config: &ClientConfig,
        base: &RwLock<Url>,
        sent_on: &Url,
    ) -> Option<Url> {
        let tenant = tenant_of(config)?;
        // Held across the look-up: concurrent 404s wait for one answer instead of each asking.
        let mut last = self.last.lock().await;
        let current = read(base);
        if current != *sent_on {
            // Another clone moved the base while this request was out.
            return Some(current);
        }
        let known = last
            .as_ref()
            .filter(|l| l.tenant == tenant && l.at.elapsed() < self.cooldown)
            .map(|l| l.base.clone());
        let found = match known {
            Some(found) => found,
            None => {
                let found = match discover(config).await {
                    Ok(discovery) => discovery.api_base,
                    Err(err) => {
                        // Counts as a look-up all the same: an unreachable companyinfo must not
                        // be asked again on every 404.
                        tracing::debug!(error = %err, "companyinfo look-up after a 404 failed");
                        current.clone()
                    }
                };
                *last = Some(Lookup {
                    at: Instant::now(),
                    tenant,
                    base: found.clone(),
                });
                found
            }
        };
        if found == current {
            return None;
        }
        *base.write().unwrap_or_else(PoisonError::into_inner) = found.clone();
        tracing::info!(from = %current, to = %found, "ConnectWise API base changed (codebase upgrade); using the one companyinfo reports");
        Some(found)
    }
}

/// The current base (a poisoned lock still holds a whole `Url`: writes are single assignments).
pub(crate) fn read(base: &RwLock<Url>) -> Url {
    base.read().unwrap_or_else(PoisonError::into_inner).clone()
}

/// Site and company as one key, or `None` when the config cannot run discovery at all.
fn tenant_of(config: &ClientConfig) -> Option<String> {
    let site = Site::parse(&config.site).ok()?.site;
    let company = config.company_id.trim();
    (!company.is_empty()).then(|| format!("{}|{}", site.origin(), company.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use highwater_secret::Secret;

    use super::*;

    fn config(site: &str, company: &str) -> ClientConfig {
        ClientConfig::new(site, company, Secret::new("p"), Secret::new("q"), "client")
    }

    #[test]
    fn tenant_needs_a_site_and_a_company() {
        assert_eq!(
            tenant_of(&config(" https://NA.myconnectwise.net/ ", "Acme")).as_deref(),
            Some("https://na.myconnectwise.net|acme")
        );
        assert_eq!(tenant_of(&config("", "acme")), None);
        assert_eq!(tenant_of(&config("na.myconnectwise.net", "  ")), None);
    }

    #[tokio::test]
    async fn a_client_behind_adopts_the_base_without_asking() {
        let old = Url::parse("http://127.0.0.1:9/v2024_1/apis/3.0/").unwrap();
        let new = Url::parse("http://127.0.0.1:9/v2024_2/apis/3.0/").unwrap();
        let shared = Rediscovery::default();
        // As if a look-up just found the new base: port 9 would refuse a real one.
        *shared.last.lock().await = Some(Lookup {
            at: Instant::now(),
            tenant: tenant_of(&config("127.0.0.1:9", "acme")).unwrap(),
            base: new.clone(),
        });
        let base = RwLock::new(old.clone());
        let cfg = config("127.0.0.1:9", "acme");
        assert_eq!(
            shared.moved_base(&cfg, &base, &old).await,
            Some(new.clone())
        );
        assert_eq!(read(&base), new);
        // Another tenant does not reuse it (and its refused look-up keeps the base).
        let other = RwLock::new(old.clone());
        let cfg = config("127.0.0.1:9", "other").with_timeout(Duration::from_secs(2));
        assert_eq!(shared.moved_base(&cfg, &other, &old).await, None);
        assert_eq!(read(&other), old);
    }
}
