//! "Disable & Clear" for ConnectWise: removes the keys from the keyring and every
//! ConnectWise-derived row, behind an explicit confirmation token. The audit journal keeps a
//! record; afterwards the app behaves as if ConnectWise was never configured.

use chrono::Utc;

use crate::engine::{secret_error, Engine};
use crate::error::{Error, Result};
use crate::secrets::SecretName;
use crate::views::Cleared;

/// The token a caller passes to show the admin confirmed (the UI after its dialog, the CLI for
/// `--yes`). Anything else is refused.
pub const DISABLE_CONFIRMATION: &str = "disable-and-clear-connectwise";

impl Engine {
    /// Removes the ConnectWise keys, then the ConnectWise rows (in one transaction). Cannot be
    /// undone. Works without a keyring when the environment supplies the keys.
    pub fn disable_and_clear_connectwise(&self, confirmation: &str) -> Result<Cleared> {
        if confirmation != DISABLE_CONFIRMATION {
            return Err(Error::ConfirmationRequired {
                action: "Disabling and clearing the ConnectWise integration".to_owned(),
            });
        }
        // Keys first: if the keyring refuses, nothing is cleared and the admin can retry.
        for name in SecretName::CONNECTWISE {
            self.secrets().delete(name).map_err(secret_error)?;
        }
        let report = self.clear_connectwise_rows(Utc::now())?;
        Ok(Cleared {
            message: "The ConnectWise integration has been disabled and cleared".to_owned(),
            connection_removed: report.connection_removed,
            mappings_removed: report.mappings,
            catalog_rows_removed: report.catalog_rows,
            unsent_tickets_removed: report.unsent_tickets,
        })
    }
}
