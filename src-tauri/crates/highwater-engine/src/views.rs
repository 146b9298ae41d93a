//! What the engine hands the desktop UI and the CLI: plain, serialisable structs (TypeScript is
//! generated from them with the `specta` feature). Timestamps are RFC3339 UTC text; amounts are
//! plain numbers. None holds a secret: keys show up only as hints ("set, ends in …7f2a").

use serde::Serialize;

use crate::secrets::SecretHint;

/// A list read from the catalog cache, with when the cache was refreshed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// When the cache behind the list was last refreshed from the service.
    pub refreshed_at: Option<String>,
}

/// One line of the ConnectWise permission self-test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PermissionView {
    /// What Highwater uses it for ("read agreements").
    pub purpose: String,
    /// The security-role right, in ConnectWise's words.
    pub right: String,
    /// `granted`, `missing`, `not_probed` (checked by the first sync) or `failed`.
    pub status: String,
}

/// Where a saved key went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum KeyStorage {
    /// Written to the OS keyring.
    Keyring,
    /// Taken from the environment; nothing was written.
    Environment,
}

/// "Verify and Save" / "Verify and Update" succeeded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectWiseConnected {
    /// "Integration has been created" (or "… updated").
    pub message: String,
    /// True when an existing connection was replaced.
    pub updated: bool,
    /// host[:port] as saved.
    pub site: String,
    /// What normalising the typed site changed, in words (empty when nothing).
    pub site_changes: Vec<String>,
    pub company_id: String,
    pub codebase: String,
    pub api_host: String,
    pub client_id: String,
    pub permissions: Vec<PermissionView>,
    pub keys: KeyStorage,
    /// Company types selected after connecting ("Customer" on a first connect, when it exists).
    pub selected_type_ids: Vec<i64>,
}

/// Connecting JumpCloud succeeded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JumpCloudConnected {
    pub message: String,
    pub provider_id: String,
    /// True when the provider id was found with `getSelf` (show it for confirmation).
    pub provider_discovered: bool,
    pub admin_email: Option<String>,
    pub region: String,
    /// Client organizations listed while verifying.
    pub organizations: usize,
    pub key: KeyStorage,
}

/// What a JumpCloud key leads to, found before anything is saved, for the admin to confirm.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JumpCloudProvider {
    pub provider_id: String,
    /// Always None today: neither `getSelf` nor `GET /api/v2/providers/{id}` (`{id,
    /// disallowOrgCreation}`) returns a provider name. Kept so a name can be shown once JumpCloud
    /// exposes one; the UI says that no name is available.
    pub provider_name: Option<String>,
    /// The administrator the key belongs to, when the key was used to discover the provider.
    pub admin_email: Option<String>,
    pub region: String,
    /// How many client organizations the provider has.
    pub organizations: usize,
}

/// The ConnectWise half of [`Status`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectWiseStatus {
    pub connected: bool,
    pub site: Option<String>,
    pub company_id: Option<String>,
    pub codebase: Option<String>,
    /// The integration clientId Highwater sends (not a secret: it names the integration, it
    /// grants nothing).
    pub client_id: Option<String>,
    /// Hints of the public and private key, when the secret store could be read.
    pub keys: Vec<KeyHint>,
}

/// The JumpCloud half of [`Status`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JumpCloudStatus {
    pub connected: bool,
    pub provider_id: Option<String>,
    pub region: Option<String>,
    pub key: Option<KeyHint>,
}

/// What may be shown about a saved key: "set, ends in …7f2a".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeyHint {
    /// "ConnectWise public key".
    pub name: String,
    pub set: bool,
    pub ends_with: Option<String>,
    /// The environment variable it comes from, when it does.
    pub from_environment: Option<String>,
    /// The hint in words: "set from HIGHWATER_CW_PUBLIC_KEY, ends in …7f2a".
    pub label: String,
}

impl From<SecretHint> for KeyHint {
    fn from(hint: SecretHint) -> Self {
        Self {
            name: hint.name.to_string(),
            set: hint.set,
            label: hint.to_string(),
            ends_with: hint.ends_with,
            from_environment: hint.from_environment.map(str::to_owned),
        }
    }
}

/// The last finished billing sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LastSync {
    pub at: String,
    pub updated: u32,
    pub failed: u32,
}

/// The CLI contract's `status` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Status {
    pub connectwise: ConnectWiseStatus,
    pub jumpcloud: JumpCloudStatus,
    pub auto_ticketing: bool,
    pub last_sync: Option<LastSync>,
    pub catalog_refreshed_at: Option<String>,
}

/// What "Disable & Clear" removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cleared {
    pub message: String,
    pub connection_removed: bool,
    pub mappings_removed: usize,
    pub catalog_rows_removed: usize,
    pub unsent_tickets_removed: usize,
}

/// A ConnectWise company type and whether it is billed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyTypeView {
    pub id: i64,
    pub name: String,
    pub selected: bool,
    /// Companies of this type that are not deleted, counted by ConnectWise when the types were
    /// last loaded; None for a list cached before counts were kept.
    pub company_count: Option<u64>,
}

/// A company offered for mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyView {
    pub id: i64,
    pub identifier: String,
    pub name: String,
}

/// An active agreement of a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementView {
    pub id: i64,
    pub name: String,
    pub type_name: Option<String>,
}

/// A non-cancelled addition of an agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AdditionView {
    pub id: i64,
    /// The product identifier.
    pub product: String,
    pub description: Option<String>,
    pub quantity: f64,
    pub unit_cost: Option<f64>,
    pub unit_price: Option<f64>,
}

/// What a catalog refresh fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CatalogRefreshed {
    pub company_types: usize,
    pub companies: usize,
    /// Agreements and additions re-read for mapped organizations.
    pub agreements: usize,
    pub additions: usize,
    pub refreshed_at: String,
}

/// The ids an org is mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingIds {
    pub company_id: i64,
    pub agreement_id: i64,
    pub addition_id: i64,
}

/// A JumpCloud organization with its mapping (the CLI's `orgs list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrgView {
    pub id: String,
    pub name: String,
    pub mapping: Option<MappingIds>,
}

/// What refreshing the organizations from JumpCloud changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrgsRefreshed {
    pub listed: usize,
    /// Mapped orgs JumpCloud no longer lists (kept, shown as broken).
    pub marked_missing: usize,
    pub removed: usize,
}

/// One org's current user count (recorded as a sample), or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UserCountView {
    pub org_id: String,
    pub user_count: Option<u64>,
    pub error: Option<String>,
}

/// A mapping with the names copied at save time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingView {
    pub company_id: i64,
    pub company_name: String,
    pub agreement_id: i64,
    pub agreement_name: String,
    pub addition_id: i64,
    pub addition_name: String,
}

/// Where a mapping-screen row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    Unmapped,
    /// Unmapped, with a suggested company.
    Suggested,
    Mapped,
    /// Mapped, but a target is gone, cancelled, ended or no longer of a selected type.
    Broken,
}

/// A suggested company (and, when obvious, agreement and addition) for an unmapped org.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SuggestionView {
    pub company_id: i64,
    pub company_name: String,
    pub identifier: String,
    /// "exact after normalising", "prefix", "similar: 0.86".
    pub reason: String,
    pub score: f64,
    /// Two candidates are equally good: never applied without the admin choosing.
    pub ambiguous: bool,
    /// The company's one JumpCloud-looking addition, when the cache shows exactly one.
    pub agreement_id: Option<i64>,
    pub addition_id: Option<i64>,
}

/// One row of the mapping screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingRow {
    pub org_id: String,
    pub org_name: String,
    pub state: RowState,
    pub mapping: Option<MappingView>,
    /// Why a mapping is broken, in words.
    pub reason: Option<String>,
    pub suggestion: Option<SuggestionView>,
    /// The org's latest recorded user count, read from the store so the screen needs no
    /// JumpCloud call to show it; None until a count has been read.
    pub user_count: Option<u64>,
    /// When that count was read (RFC3339 UTC).
    pub users_sampled_at: Option<String>,
}

/// The mapping screen's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingRows {
    pub rows: Vec<MappingRow>,
    pub catalog_refreshed_at: Option<String>,
}

/// A mapping was validated and saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingSaved {
    /// "Agreements have been saved".
    pub message: String,
    pub org_id: String,
    pub mapping: MappingView,
}

/// An org's mapping was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unmapped {
    pub org_id: String,
    /// False when the org had no mapping (nothing changed).
    pub was_mapped: bool,
}

/// What accepting one suggestion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AcceptStatus {
    Applied,
    /// Not applied: ambiguous, no match, or no single JumpCloud addition to propose.
    Skipped,
    /// Validation against ConnectWise refused it, or ConnectWise failed.
    Failed,
}

/// One org's outcome of accepting suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AcceptOutcome {
    pub org_id: String,
    pub status: AcceptStatus,
    pub mapping: Option<MappingView>,
    pub message: String,
}

/// A cost per seat as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CostSaved {
    /// None for the default.
    pub org_id: Option<String>,
    /// Exact decimal text ("3.5").
    pub cost: String,
}
