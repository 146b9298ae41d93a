//! The status of both connections, the automated-ticketing switch and the last sync — the CLI's
//! `status` document and the app's header.

use highwater_store::{alert_settings, catalog, connection, sync_runs, timestamp};

use crate::engine::Engine;
use crate::error::Result;
use crate::secrets::SecretName;
use crate::views::{ConnectWiseStatus, JumpCloudStatus, KeyHint, LastSync, Status};

impl Engine {
    /// Reads the store (and, for key hints, the secret store; an unreachable keyring only
    /// leaves the hints out).
    pub fn status(&self) -> Result<Status> {
        let (cw, jc, auto, last, catalog_at) = self.read(|conn| {
            Ok((
                connection::connectwise(conn)?,
                connection::jumpcloud(conn)?,
                alert_settings::auto_ticketing(conn)?,
                sync_runs::last_finished(conn)?,
                catalog::last_refreshed_at(conn)?,
            ))
        })?;
        let hint = |name: SecretName| self.secrets().hint(name).ok().map(KeyHint::from);
        let connectwise = ConnectWiseStatus {
            connected: cw.is_some(),
            keys: if cw.is_some() {
                SecretName::CONNECTWISE
                    .into_iter()
                    .filter_map(hint)
                    .collect()
            } else {
                Vec::new()
            },
            site: cw.as_ref().map(|c| c.site.clone()),
            company_id: cw.as_ref().map(|c| c.company_id.clone()),
            client_id: cw.as_ref().map(|c| c.client_id.clone()),
            codebase: cw.map(|c| c.codebase),
        };
        let jumpcloud = JumpCloudStatus {
            connected: jc.is_some(),
            key: jc.as_ref().and_then(|_| hint(SecretName::JumpCloudApiKey)),
            provider_id: jc.as_ref().map(|c| c.provider_id.clone()),
            region: jc.map(|c| match c.region {
                connection::Region::Us => "us".to_owned(),
                connection::Region::Eu => "eu".to_owned(),
            }),
        };
        Ok(Status {
            connectwise,
            jumpcloud,
            auto_ticketing: auto.enabled,
            last_sync: last.map(|run| LastSync {
                at: timestamp::to_text(run.finished_at.unwrap_or(run.started_at)),
                updated: run.counts.updated,
                failed: run.counts.failed,
            }),
            catalog_refreshed_at: catalog_at.map(timestamp::to_text),
        })
    }
}
