//! Provider-side records: who the key belongs to, the client orgs, and which users are billable.

use serde::{Deserialize, Serialize};

use crate::lenient;

/// The provider (MSP) behind a key, from `GET /api/users/getSelf`; shown to the user to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderIdentity {
    pub provider_id: String,
    /// The administrator the key belongs to.
    pub admin_id: Option<String>,
    pub admin_email: Option<String>,
}

/// A client organization managed by the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// User cap set by the MSP; absent when uncapped (the meaning of 0 is unconfirmed).
    #[serde(
        default,
        rename = "maxSystemUsers",
        deserialize_with = "lenient::option"
    )]
    pub max_system_users: Option<u64>,
}

/// Which users count toward the billed high-water mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillableUsers {
    /// Every user: staged, activated and suspended (JumpCloud bills suspended users).
    #[default]
    All,
    /// Everyone except STAGED users (whether JumpCloud bills staged users is unconfirmed).
    ExcludeStaged,
}
