//! Which field paths each collection knows, and their types: an unknown path in `conditions` or
//! `orderBy` is a 400, and a literal of the wrong type is a 400, as on the real server.

use super::store::Collection;

/// The type of a filterable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Num,
    Str,
    Bool,
    Date,
}

use Kind::{Bool, Date, Int, Num, Str};

const REF: &[(&str, Kind)] = &[("id", Int), ("name", Str), ("identifier", Str)];

const COMPANY_TYPE: &[(&str, Kind)] = &[
    ("id", Int),
    ("name", Str),
    ("defaultFlag", Bool),
    ("vendorFlag", Bool),
    ("serviceAlertFlag", Bool),
];
const COMPANY: &[(&str, Kind)] = &[
    ("id", Int),
    ("identifier", Str),
    ("name", Str),
    ("addressLine1", Str),
    ("addressLine2", Str),
    ("city", Str),
    ("state", Str),
    ("zip", Str),
    ("phoneNumber", Str),
    ("website", Str),
    ("deletedFlag", Bool),
    ("isVendorFlag", Bool),
    ("leadFlag", Bool),
    ("unsubscribeFlag", Bool),
    ("dateAcquired", Date),
    ("dateDeleted", Date),
];
const COMPANY_REFS: &[&str] = &["status", "country", "parentCompany", "territory", "market"];
const AGREEMENT: &[(&str, Kind)] = &[
    ("id", Int),
    ("name", Str),
    ("startDate", Date),
    ("endDate", Date),
    ("noEndingDateFlag", Bool),
    ("cancelledFlag", Bool),
    ("dateCancelled", Date),
    ("reasonCancelled", Str),
    ("agreementStatus", Str),
    ("billAmount", Num),
];
const AGREEMENT_REFS: &[&str] = &[
    "type",
    "company",
    "contact",
    "parentAgreement",
    "billingCycle",
];
const ADDITION: &[(&str, Kind)] = &[
    ("id", Int),
    ("agreementId", Int),
    ("quantity", Num),
    ("lessIncluded", Num),
    ("unitPrice", Num),
    ("unitCost", Num),
    ("billCustomer", Str),
    ("effectiveDate", Date),
    ("cancelledDate", Date),
    ("taxableFlag", Bool),
    ("description", Str),
    ("invoiceDescription", Str),
    ("agreementStatus", Str),
    ("sequenceNumber", Num),
];
const ADDITION_REFS: &[&str] = &["product"];
const BOARD: &[(&str, Kind)] = &[
    ("id", Int),
    ("name", Str),
    ("inactiveFlag", Bool),
    ("projectFlag", Bool),
];
const BOARD_REFS: &[&str] = &["location", "department"];
const STATUS: &[(&str, Kind)] = &[
    ("id", Int),
    ("name", Str),
    ("sortOrder", Int),
    ("inactive", Bool),
    ("closedStatus", Bool),
    ("defaultFlag", Bool),
    ("displayOnBoard", Bool),
];
const STATUS_REFS: &[&str] = &["board"];
const PRIORITY: &[(&str, Kind)] = &[
    ("id", Int),
    ("name", Str),
    ("color", Str),
    ("sortOrder", Int),
    ("defaultFlag", Bool),
];
const SOURCE: &[(&str, Kind)] = &[("id", Int), ("name", Str), ("defaultFlag", Bool)];
const TICKET: &[(&str, Kind)] = &[
    ("id", Int),
    ("summary", Str),
    ("recordType", Str),
    ("externalXRef", Str),
    ("closedFlag", Bool),
    ("requiredDate", Date),
    ("severity", Str),
    ("impact", Str),
];
const TICKET_REFS: &[&str] = &[
    "board",
    "status",
    "company",
    "priority",
    "source",
    "agreement",
    "contact",
];
const NOTE: &[(&str, Kind)] = &[
    ("id", Int),
    ("ticketId", Int),
    ("text", Str),
    ("detailDescriptionFlag", Bool),
    ("internalAnalysisFlag", Bool),
    ("resolutionFlag", Bool),
    ("dateCreated", Date),
];

fn tables(c: Collection) -> (&'static [(&'static str, Kind)], &'static [&'static str]) {
    match c {
        Collection::CompanyTypes => (COMPANY_TYPE, &[]),
        Collection::Companies => (COMPANY, COMPANY_REFS),
        Collection::Agreements => (AGREEMENT, AGREEMENT_REFS),
        Collection::Additions(_) => (ADDITION, ADDITION_REFS),
        Collection::Boards => (BOARD, BOARD_REFS),
        Collection::BoardStatuses(_) => (STATUS, STATUS_REFS),
        Collection::Priorities => (PRIORITY, &[]),
        Collection::Sources => (SOURCE, &[]),
        Collection::Tickets => (TICKET, TICKET_REFS),
        Collection::Notes(_) => (NOTE, &["member"]),
    }
}

/// The type of `path` (`name`, `company/id`) on a collection, if known. Paths match
/// case-insensitively; the canonical spelling is returned for lookups.
pub(crate) fn field(c: Collection, path: &str) -> Option<(Vec<String>, Kind)> {
    let (scalars, refs) = tables(c);
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [name] => scalars
            .iter()
            .find(|(f, _)| f.eq_ignore_ascii_case(name))
            .map(|(f, k)| (vec![(*f).to_owned()], *k)),
        [r, sub] => {
            let r = refs.iter().find(|f| f.eq_ignore_ascii_case(r))?;
            let (s, k) = REF.iter().find(|(f, _)| f.eq_ignore_ascii_case(sub))?;
            Some((vec![(*r).to_owned(), (*s).to_owned()], *k))
        }
        _ => None,
    }
}

/// Array-member paths usable in `childConditions` (e.g. company `types/id`).
pub(crate) fn child_field(c: Collection, path: &str) -> Option<(Vec<String>, Kind)> {
    let arrays: &[&str] = match c {
        Collection::Companies => &["types"],
        _ => &[],
    };
    let (arr, sub) = path.split_once('/')?;
    let arr = arrays.iter().find(|a| a.eq_ignore_ascii_case(arr))?;
    let (s, k) = [("id", Int), ("name", Str)]
        .into_iter()
        .find(|(f, _)| f.eq_ignore_ascii_case(sub))?;
    Some((vec![(*arr).to_owned(), s.to_owned()], k))
}
