//! Keeping the saved ConnectWise API host and codebase current. A cloud upgrade moves the codebase
//! (`v2024_1/` → `v2024_2/`); the client follows it by itself after a 404, and this saves where it
//! ended up, so the next client starts on the new base instead of on a 404 and a look-up.

use chrono::Utc;
use highwater_connectwise::Site;
use highwater_store::audit_journal::{self, JournalEntry};
use highwater_store::connection::{self, ConnectWiseConnection};
use serde_json::json;

use crate::engine::Engine;

impl Engine {
    /// Saves `api_base` (`scheme://host[:port]/{codebase}/apis/3.0/`) as the connection's API
    /// host and codebase when it differs from `saved`, the row the client was built from. Best
    /// effort: a failure is logged, not returned, since the next client finds the base again.
    pub(crate) fn keep_api_base(&self, saved: &ConnectWiseConnection, api_base: &str) {
        let Some((api_host, codebase)) = host_and_codebase(api_base) else {
            return;
        };
        if points_at(saved, &api_host, &codebase) {
            return;
        }
        let actor = self.options().actor.clone();
        let written = self.write(|tx| {
            let Some(current) = connection::connectwise(tx)? else {
                return Ok(false);
            };
            // Cleared, reconnected elsewhere, or already saved by a concurrent operation.
            let same_tenant = current.site == saved.site
                && current.company_id.eq_ignore_ascii_case(&saved.company_id);
            if !same_tenant || points_at(&current, &api_host, &codebase) {
                return Ok(false);
            }
            let now = Utc::now();
            let moved = ConnectWiseConnection {
                api_host: api_host.clone(),
                codebase: codebase.clone(),
                updated_at: now,
                ..current.clone()
            };
            connection::save_connectwise(tx, &moved)?;
            audit_journal::append(
                tx,
                &JournalEntry {
                    at: now,
                    actor,
                    action: "connectwise.api_moved".to_owned(),
                    run_id: None,
                    entity: Some("connection:connectwise".to_owned()),
                    before: Some(json!({
                        "codebase": current.codebase,
                        "api_host": current.api_host,
                    })),
                    after: Some(json!({"codebase": codebase, "api_host": api_host})),
                    message: format!(
                        "ConnectWise moved its API to {api_host}/{codebase} (an upgrade); the \
                         saved connection now uses it."
                    ),
                },
            )?;
            Ok(true)
        });
        match written {
            Ok(true) => {
                tracing::info!(%api_host, %codebase, "saved the ConnectWise API base that moved")
            }
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(error = %err, "could not save the ConnectWise API base that moved");
            }
        }
    }
}

/// True when the saved row names this API host and codebase.
fn points_at(saved: &ConnectWiseConnection, api_host: &str, codebase: &str) -> bool {
    let saved_host = Site::parse(&saved.api_host).map(|p| p.site.authority());
    saved_host.is_ok_and(|host| host == api_host)
        && saved.codebase.trim().trim_matches('/') == codebase.trim_matches('/')
}

/// `(host[:port], "{codebase}/")` of an API base, the codebase written as companyinfo reports it
/// and as Verify and Save stores it.
fn host_and_codebase(api_base: &str) -> Option<(String, String)> {
    let host = Site::parse(api_base).ok()?.site.authority();
    let after_scheme = api_base
        .split_once("://")
        .map_or(api_base, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    let codebase = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .filter(|c| !c.is_empty())?;
    Some((host, format!("{codebase}/")))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn row(api_host: &str, codebase: &str) -> ConnectWiseConnection {
        ConnectWiseConnection {
            site: "na.myconnectwise.net".into(),
            company_id: "acme".into(),
            codebase: codebase.into(),
            api_host: api_host.into(),
            client_id: "id".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn api_base_splits_into_the_saved_form() {
        assert_eq!(
            host_and_codebase("https://api-na.myconnectwise.net/v2024_2/apis/3.0/"),
            Some(("api-na.myconnectwise.net".into(), "v2024_2/".into()))
        );
        assert_eq!(
            host_and_codebase("http://127.0.0.1:8080/v4_6_release/apis/3.0/"),
            Some(("127.0.0.1:8080".into(), "v4_6_release/".into()))
        );
        assert_eq!(host_and_codebase("https://cw.example.com/"), None);
    }

    #[test]
    fn a_row_points_at_its_own_base_whatever_the_slashes() {
        let saved = row("api-na.myconnectwise.net", "v2024_1/");
        assert!(points_at(&saved, "api-na.myconnectwise.net", "v2024_1/"));
        assert!(points_at(
            &row("api-na.myconnectwise.net", "v2024_1"),
            "api-na.myconnectwise.net",
            "v2024_1/"
        ));
        assert!(!points_at(&saved, "api-na.myconnectwise.net", "v2024_2/"));
        assert!(!points_at(&saved, "api-eu.myconnectwise.net", "v2024_1/"));
    }
}
