//! The permission self-test: one harmless call per capability Highwater uses, reported in the
//! words of ConnectWise's security-role screen (System → Security Roles), so an admin knows
//! exactly which box to tick for the API member.

use crate::client::ConnectWiseClient;
use crate::error::{Error, Result};
use crate::retry::Method;

/// A capability Highwater needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Read company types.
    ReadCompanyTypes,
    /// Read companies.
    ReadCompanies,
    /// Read agreements.
    ReadAgreements,
    /// Read agreement additions.
    ReadAdditions,
    /// Update addition quantity and cost.
    UpdateAdditions,
    /// Read boards, statuses, priorities, sources.
    ReadServiceTables,
    /// Create tickets and notes.
    CreateTickets,
}

impl Capability {
    /// Every capability, in the order the report lists them.
    pub const ALL: [Capability; 7] = [
        Self::ReadCompanyTypes,
        Self::ReadCompanies,
        Self::ReadAgreements,
        Self::ReadAdditions,
        Self::UpdateAdditions,
        Self::ReadServiceTables,
        Self::CreateTickets,
    ];

    /// What Highwater uses it for.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::ReadCompanyTypes => "read company types",
            Self::ReadCompanies => "read companies",
            Self::ReadAgreements => "read agreements",
            Self::ReadAdditions => "read agreement additions",
            Self::UpdateAdditions => "update addition quantity and cost",
            Self::ReadServiceTables => "read boards, statuses, priorities and sources",
            Self::CreateTickets => "create tickets and notes",
        }
    }

    /// The security-role right, as the ConnectWise screen words it.
    pub fn right(self) -> &'static str {
        match self {
            Self::ReadCompanyTypes | Self::ReadCompanies => RIGHT_COMPANY_INQUIRE,
            Self::ReadAgreements | Self::ReadAdditions => RIGHT_AGREEMENTS_INQUIRE,
            Self::UpdateAdditions => RIGHT_AGREEMENTS_EDIT,
            Self::ReadServiceTables => RIGHT_TABLE_SETUP_INQUIRE,
            Self::CreateTickets => RIGHT_TICKETS_ADD,
        }
    }
}

const RIGHT_COMPANY_INQUIRE: &str = "Companies → Company Maintenance: Inquire Level = All";
const RIGHT_AGREEMENTS_INQUIRE: &str = "Finance → Agreements: Inquire Level = All";
const RIGHT_AGREEMENTS_EDIT: &str = "Finance → Agreements: Edit Level = All";
const RIGHT_TABLE_SETUP_INQUIRE: &str = "System → Table Setup: Inquire Level = All";
const RIGHT_TICKETS_INQUIRE: &str = "Service Desk → Service Tickets: Inquire Level = All";
const RIGHT_TICKETS_ADD: &str = "Service Desk → Service Tickets: Add Level = All (and Inquire)";
const RIGHT_TICKETS_EDIT: &str = "Service Desk → Service Tickets: Edit Level = All";
const RIGHT_CATALOG_INQUIRE: &str = "Procurement → Product Catalog: Inquire Level = All";

/// The right a 403 on `method path` most likely points at (`path` below `apis/3.0/`).
pub fn right_for(method: Method, path: &str) -> Option<&'static str> {
    let path = path.trim_start_matches('/').to_ascii_lowercase();
    let read = method == Method::Get;
    if path.starts_with("company/") {
        Some(RIGHT_COMPANY_INQUIRE)
    } else if path.starts_with("finance/agreements") {
        Some(if read {
            RIGHT_AGREEMENTS_INQUIRE
        } else {
            RIGHT_AGREEMENTS_EDIT
        })
    } else if path.starts_with("service/tickets") {
        Some(match method {
            Method::Get => RIGHT_TICKETS_INQUIRE,
            Method::Post => RIGHT_TICKETS_ADD,
            Method::Patch => RIGHT_TICKETS_EDIT,
        })
    } else if path.starts_with("service/") {
        Some(RIGHT_TABLE_SETUP_INQUIRE)
    } else if path.starts_with("procurement/") {
        Some(RIGHT_CATALOG_INQUIRE)
    } else {
        None
    }
}

/// How one capability fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The probe succeeded.
    Granted,
    /// ConnectWise refused it: the right is missing.
    Missing,
    /// Cannot be probed without changing data; it is checked by the first sync.
    NotProbed,
    /// The probe failed for another reason (shown to the user).
    Failed(String),
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionCheck {
    /// The capability.
    pub capability: Capability,
    /// The right it needs, in ConnectWise's words.
    pub right: &'static str,
    /// The result.
    pub outcome: CheckOutcome,
}

/// The self-test result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionReport {
    /// One entry per [`Capability::ALL`].
    pub checks: Vec<PermissionCheck>,
}

impl PermissionReport {
    /// The rights to add to the API member's security role, deduplicated, in order.
    pub fn missing_rights(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for c in &self.checks {
            if c.outcome == CheckOutcome::Missing && !out.contains(&c.right) {
                out.push(c.right);
            }
        }
        out
    }

    /// True when nothing probed was refused or failed.
    pub fn all_granted(&self) -> bool {
        self.checks
            .iter()
            .all(|c| matches!(c.outcome, CheckOutcome::Granted | CheckOutcome::NotProbed))
    }
}

impl ConnectWiseClient {
    /// Probes each capability with a read (tickets are probed by reading, never by creating).
    /// Fails outright only if the keys themselves are rejected by `system/info`.
    pub async fn permissions(&self) -> Result<PermissionReport> {
        self.system_info().await?;
        let one = || vec![("pageSize", "1".to_owned())];
        let mut checks = Vec::new();
        let mut record = |capability: Capability, outcome: CheckOutcome| {
            checks.push(PermissionCheck {
                capability,
                right: capability.right(),
                outcome,
            });
        };

        record(
            Capability::ReadCompanyTypes,
            probe(self, "company/companies/types", one()).await,
        );
        record(
            Capability::ReadCompanies,
            probe(self, "company/companies", one()).await,
        );
        let agreements: Result<Vec<serde_json::Value>> =
            self.get_one("finance/agreements", &one()).await;
        let first_agreement = agreements
            .as_ref()
            .ok()
            .and_then(|rows| rows.first())
            .and_then(|a| a.get("id"))
            .and_then(serde_json::Value::as_i64);
        let agreements_outcome = outcome(agreements.map(|_| ()));
        record(Capability::ReadAgreements, agreements_outcome.clone());
        let additions = match first_agreement {
            Some(id) => probe(self, &format!("finance/agreements/{id}/additions"), one()).await,
            // No agreement to look into: the Agreements right covers additions too.
            None => agreements_outcome,
        };
        record(Capability::ReadAdditions, additions);
        record(Capability::UpdateAdditions, CheckOutcome::NotProbed);
        let mut tables = CheckOutcome::Granted;
        for path in ["service/boards", "service/priorities", "service/sources"] {
            let o = probe(self, path, one()).await;
            if o != CheckOutcome::Granted {
                tables = o;
                break;
            }
        }
        record(Capability::ReadServiceTables, tables);
        record(
            Capability::CreateTickets,
            probe(self, "service/tickets", one()).await,
        );
        Ok(PermissionReport { checks })
    }
}

async fn probe(client: &ConnectWiseClient, path: &str, query: Vec<(&str, String)>) -> CheckOutcome {
    let r: Result<serde_json::Value> = client.get_one(path, &query).await;
    outcome(r.map(|_| ()))
}

/// 403 means the right is missing; some servers answer 401 `UserNotAuthenticated` for a missing
/// right once the keys have already passed `system/info`, so that counts as missing too.
fn outcome(r: Result<()>) -> CheckOutcome {
    match r {
        Ok(()) => CheckOutcome::Granted,
        Err(Error::Forbidden { .. } | Error::Unauthorized { .. }) => CheckOutcome::Missing,
        Err(e) => CheckOutcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_by_route() {
        assert_eq!(
            right_for(Method::Get, "company/companies/types"),
            Some(RIGHT_COMPANY_INQUIRE)
        );
        assert_eq!(
            right_for(Method::Patch, "finance/agreements/5/additions/7"),
            Some(RIGHT_AGREEMENTS_EDIT)
        );
        assert_eq!(
            right_for(Method::Post, "service/tickets"),
            Some(RIGHT_TICKETS_ADD)
        );
        assert_eq!(
            right_for(Method::Get, "service/priorities"),
            Some(RIGHT_TABLE_SETUP_INQUIRE)
        );
        assert_eq!(right_for(Method::Get, "system/info"), None);
    }

    #[test]
    fn missing_rights_deduplicated() {
        let report = PermissionReport {
            checks: vec![
                PermissionCheck {
                    capability: Capability::ReadCompanyTypes,
                    right: RIGHT_COMPANY_INQUIRE,
                    outcome: CheckOutcome::Missing,
                },
                PermissionCheck {
                    capability: Capability::ReadCompanies,
                    right: RIGHT_COMPANY_INQUIRE,
                    outcome: CheckOutcome::Missing,
                },
                PermissionCheck {
                    capability: Capability::UpdateAdditions,
                    right: RIGHT_AGREEMENTS_EDIT,
                    outcome: CheckOutcome::NotProbed,
                },
            ],
        };
        assert_eq!(report.missing_rights(), vec![RIGHT_COMPANY_INQUIRE]);
        assert!(!report.all_granted());
    }
}
