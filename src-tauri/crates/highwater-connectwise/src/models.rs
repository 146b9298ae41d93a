//! Typed records as ConnectWise returns them (API version pinned by the client), keeping only the
//! fields Highwater uses. Almost every server field is optional in the spec and "absent" and
//! `null` are treated alike, so most fields are `Option` with `#[serde(default)]`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A reference object (`{id, name | identifier, _info}`), as embedded in records.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// Record id.
    pub id: i64,
    /// Display name, when the reference kind has one.
    #[serde(default)]
    pub name: Option<String>,
    /// Short code (companies, products).
    #[serde(default)]
    pub identifier: Option<String>,
}

/// `GET /system/info`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    /// e.g. `v2016.6.43325`.
    pub version: String,
    /// Cloud-hosted.
    #[serde(default)]
    pub is_cloud: bool,
    /// Windows time-zone name.
    #[serde(default)]
    pub server_time_zone: Option<String>,
}

/// A company type (Customer, Prospect, Vendor…).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyType {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Default type for new companies.
    #[serde(default)]
    pub default_flag: bool,
    /// Vendor type.
    #[serde(default)]
    pub vendor_flag: bool,
}

/// A company.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// Id.
    pub id: i64,
    /// Short unique code.
    pub identifier: String,
    /// Name.
    pub name: String,
    /// Company status (Active…).
    #[serde(default)]
    pub status: Option<Reference>,
    /// Company types (current API versions; see the doc's §3.2).
    #[serde(default)]
    pub types: Vec<Reference>,
    /// Soft-deleted.
    #[serde(default)]
    pub deleted_flag: bool,
}

/// An agreement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Agreement type.
    #[serde(default, rename = "type")]
    pub agreement_type: Option<Reference>,
    /// Owning company.
    #[serde(default)]
    pub company: Option<Reference>,
    /// Start.
    #[serde(default)]
    pub start_date: Option<DateTime<Utc>>,
    /// End, when it has one.
    #[serde(default)]
    pub end_date: Option<DateTime<Utc>>,
    /// Runs until cancelled.
    #[serde(default)]
    pub no_ending_date_flag: bool,
    /// Cancelled.
    #[serde(default)]
    pub cancelled_flag: bool,
    /// `Active | Cancelled | Expired | Inactive` (computed by the server).
    #[serde(default)]
    pub agreement_status: Option<String>,
}

impl Agreement {
    /// Not cancelled and not ended at `now`.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.cancelled_flag
            && (self.no_ending_date_flag || self.end_date.is_none_or(|end| end > now))
    }
}

/// A product reference on an addition.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductReference {
    /// Catalog id.
    pub id: i64,
    /// Product identifier (SKU).
    #[serde(default)]
    pub identifier: Option<String>,
}

/// An agreement addition (a billed product line).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Addition {
    /// Id.
    pub id: i64,
    /// Parent agreement.
    #[serde(default)]
    pub agreement_id: Option<i64>,
    /// Product.
    #[serde(default)]
    pub product: Option<ProductReference>,
    /// Billed quantity.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Included quantity not billed.
    #[serde(default)]
    pub less_included: Option<f64>,
    /// Price per unit.
    #[serde(default)]
    pub unit_price: Option<f64>,
    /// Cost per unit.
    #[serde(default)]
    pub unit_cost: Option<f64>,
    /// `Billable | DoNotBill | NoCharge`.
    pub bill_customer: String,
    /// When it takes effect.
    #[serde(default)]
    pub effective_date: Option<DateTime<Utc>>,
    /// Set when cancelled.
    #[serde(default)]
    pub cancelled_date: Option<DateTime<Utc>>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

/// A change to an addition: only the given fields are patched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdditionUpdate {
    /// New quantity.
    pub quantity: Option<f64>,
    /// New unit cost.
    pub unit_cost: Option<f64>,
    /// New unit price.
    pub unit_price: Option<f64>,
}

/// A service board.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Retired board.
    #[serde(default)]
    pub inactive_flag: bool,
}

/// A status of a board.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardStatus {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Position.
    #[serde(default)]
    pub sort_order: Option<i64>,
    /// Hidden.
    #[serde(default)]
    pub inactive: bool,
    /// Closes the ticket.
    #[serde(default)]
    pub closed_status: bool,
    /// Default for new tickets.
    #[serde(default)]
    pub default_flag: bool,
}

/// A ticket priority.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Priority {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Colour name; some instances omit it or use lower case.
    #[serde(default)]
    pub color: Option<String>,
    /// Position.
    #[serde(default)]
    pub sort_order: Option<i64>,
    /// Default.
    #[serde(default)]
    pub default_flag: bool,
}

/// A ticket source (Email, Phone…).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Default.
    #[serde(default)]
    pub default_flag: bool,
}

/// A service ticket.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// Id.
    pub id: i64,
    /// Summary line.
    pub summary: String,
    /// Board.
    #[serde(default)]
    pub board: Option<Reference>,
    /// Status.
    #[serde(default)]
    pub status: Option<Reference>,
    /// Company.
    #[serde(default)]
    pub company: Option<Reference>,
    /// Priority.
    #[serde(default)]
    pub priority: Option<Reference>,
    /// Source.
    #[serde(default)]
    pub source: Option<Reference>,
    /// External reference (Highwater's dedupe key).
    #[serde(default, rename = "externalXRef")]
    pub external_xref: Option<String>,
    /// Due date.
    #[serde(default)]
    pub required_date: Option<DateTime<Utc>>,
    /// Closed.
    #[serde(default)]
    pub closed_flag: bool,
}

/// Maximum ticket summary length (characters).
pub const SUMMARY_MAX: usize = 100;
/// Maximum `externalXRef` length (characters).
pub const EXTERNAL_XREF_MAX: usize = 100;

/// A ticket to create. References are sent as `{"id": n}`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    /// Summary (≤ 100 characters, checked before sending).
    pub summary: String,
    /// Company id.
    pub company_id: i64,
    /// Board id.
    pub board_id: i64,
    /// Status id (a status of that board); the board default when `None`.
    pub status_id: Option<i64>,
    /// Priority id.
    pub priority_id: Option<i64>,
    /// Source id.
    pub source_id: Option<i64>,
    /// Due date.
    pub required_date: Option<DateTime<Utc>>,
    /// First note text (never echoed back by the server).
    pub initial_description: Option<String>,
    /// Dedupe key (≤ 100 characters).
    pub external_xref: Option<String>,
}

/// Which tab a note goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Discussion (visible to the customer).
    Discussion,
    /// Internal analysis.
    Internal,
    /// Resolution.
    Resolution,
}

/// A ticket note to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNote {
    /// Note text.
    pub text: String,
    /// Tab.
    pub kind: NoteKind,
}

/// A ticket note as returned.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketNote {
    /// Id.
    pub id: i64,
    /// Owning ticket.
    #[serde(default)]
    pub ticket_id: Option<i64>,
    /// Text.
    #[serde(default)]
    pub text: Option<String>,
    /// Discussion tab.
    #[serde(default)]
    pub detail_description_flag: bool,
    /// Internal tab.
    #[serde(default)]
    pub internal_analysis_flag: bool,
    /// Resolution tab.
    #[serde(default)]
    pub resolution_flag: bool,
}

/// `GET /login/companyinfo/{companyId}` (PascalCase keys).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompanyInfo {
    /// Company display name.
    #[serde(default)]
    pub company_name: Option<String>,
    /// `v4_6_release/` on self-hosted, versioned (`v2024_1/`) on cloud.
    pub codebase: String,
    /// e.g. `v2024.1`.
    #[serde(default)]
    pub version_code: Option<String>,
    /// e.g. `v4.6.12345`.
    #[serde(default)]
    pub version_number: Option<String>,
    /// Company id echoed.
    #[serde(default, rename = "CompanyID")]
    pub company_id: Option<String>,
    /// Cloud-hosted.
    #[serde(default)]
    pub is_cloud: bool,
    /// API host (cloud: `api-na.myconnectwise.net`).
    #[serde(default)]
    pub site_url: Option<String>,
}
