//! The seeded data generator: the same seed and sizes always give the same tenant — companies with
//! punctuation and near-duplicate names, several (sometimes two) types, soft deletes, agreements
//! (some cancelled or ended), additions (some cancelled), boards with statuses, priorities, sources.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use super::store::{Collection, Dataset};

/// How much data to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSize {
    /// RNG seed.
    pub seed: u64,
    /// Number of companies.
    pub companies: usize,
    /// Upper bound of agreements per customer company (1..=n).
    pub max_agreements_per_company: usize,
    /// Upper bound of additions per agreement (1..=n).
    pub max_additions_per_agreement: usize,
}

/// Type ids of the generated company types.
pub const TYPE_CUSTOMER: i64 = 1;
/// Prospect.
pub const TYPE_PROSPECT: i64 = 2;
/// Vendor.
pub const TYPE_VENDOR: i64 = 3;
/// Partner.
pub const TYPE_PARTNER: i64 = 4;
/// First generated company id.
pub const FIRST_COMPANY_ID: i64 = 250;

const STAMP: &str = "2024-05-02T03:14:15Z";

// Names that exercise escaping and near-duplicate matching; always generated first.
const FIXED_NAMES: &[&str] = &[
    "Acme Inc",
    "ACME, Inc.",
    "Acme Incorporated",
    "O'Brien \"IT\" Services",
    "Smith & Sons Plumbing",
    "Bright-Star Pty Ltd",
    "50% Off [Outlet]",
    "Müller Steuerberatung GmbH",
    "Northwind Traders",
    "North Wind Traders",
];
const ADJECTIVES: &[&str] = &[
    "Blue",
    "Summit",
    "Pioneer",
    "Harbor",
    "Granite",
    "Evergreen",
    "Silver",
    "Redwood",
    "Coastal",
    "Metro",
    "Prairie",
    "Atlas",
    "Beacon",
    "Cedar",
    "Delta",
    "Falcon",
    "Golden",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Maple",
    "Orchard",
    "Quarry",
    "Riverside",
    "Sterling",
];
const NOUNS: &[&str] = &[
    "Dental",
    "Logistics",
    "Legal",
    "Accounting",
    "Builders",
    "Veterinary",
    "Bakery",
    "Clinic",
    "Realty",
    "Engineering",
    "Pharmacy",
    "Motors",
    "Architects",
    "Insurance",
    "Farms",
    "Studios",
    "Consulting",
    "Freight",
    "Hospitality",
    "Printing",
];
const SUFFIXES: &[&str] = &[
    "LLC", "Inc.", "Pty Ltd", "Ltd", "& Co.", "Group", "Partners", "Co", "GmbH", "",
];
const PRODUCTS: &[(&str, &str, f64, f64)] = &[
    ("M365-BP", "Microsoft 365 Business Premium", 22.0, 18.7),
    ("M365-E3", "Microsoft 365 E3", 36.0, 30.6),
    ("JC-PLATFORM", "JumpCloud Platform", 15.0, 11.0),
    ("JC-SSO", "JumpCloud SSO", 8.0, 5.5),
    ("BACKUP-365", "Cloud Backup for Microsoft 365", 4.0, 2.1),
    ("EDR-STD", "Endpoint Detection & Response", 9.5, 6.0),
];

/// A company type row.
fn company_type(id: i64, name: &str, default: bool, vendor: bool) -> Value {
    json!({"id": id, "name": name, "defaultFlag": default, "vendorFlag": vendor,
           "serviceAlertFlag": false,
           "_info": {"lastUpdated": "2021-03-04T16:20:11Z", "updatedBy": "admin1"}})
}

/// A `{id,name,_info}` reference to a company type.
pub(crate) fn type_ref(id: i64, name: &str) -> Value {
    json!({"id": id, "name": name, "_info": {"type_href": format!("company/companies/types/{id}")}})
}

/// A `{id,identifier,name,_info}` reference to a company.
pub(crate) fn company_ref(company: &Value) -> Value {
    let id = company["id"].as_i64().unwrap_or_default();
    json!({"id": id, "identifier": company["identifier"], "name": company["name"],
           "_info": {"company_href": format!("company/companies/{id}")}})
}

/// Builds a dataset from a seed and sizes.
pub fn generate(size: &DataSize) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed);
    let mut d = Dataset::default();
    for t in [
        company_type(TYPE_CUSTOMER, "Customer", true, false),
        company_type(TYPE_PROSPECT, "Prospect", false, false),
        company_type(TYPE_VENDOR, "Vendor", false, true),
        company_type(TYPE_PARTNER, "Partner", false, false),
        company_type(5, "Competitor", false, false),
    ] {
        d.put(Collection::CompanyTypes, t);
    }
    for (i, (ident, desc, _, _)) in PRODUCTS.iter().enumerate() {
        let id = 311 + i as i64;
        d.products.insert(
            id,
            json!({"id": id, "identifier": ident, "description": desc, "serializedFlag": false}),
        );
    }
    service_tables(&mut d);

    let mut used_identifiers = std::collections::HashSet::new();
    for i in 0..size.companies {
        let id = FIRST_COMPANY_ID + i as i64;
        let name = company_name(&mut rng, i);
        let identifier = unique_identifier(&name, id, &mut used_identifiers);
        let roll: f64 = rng.random();
        let types: Vec<(i64, &str)> = match roll {
            r if r < 0.62 => vec![(TYPE_CUSTOMER, "Customer")],
            r if r < 0.72 => vec![(TYPE_CUSTOMER, "Customer"), (TYPE_PARTNER, "Partner")],
            r if r < 0.84 => vec![(TYPE_PROSPECT, "Prospect")],
            r if r < 0.92 => vec![(TYPE_VENDOR, "Vendor")],
            _ => vec![(TYPE_PARTNER, "Partner")],
        };
        // The fixed names stay live so tests can find them; others are sometimes soft-deleted.
        let deleted = i >= FIXED_NAMES.len() && rng.random_bool(0.04);
        let company = company_row(id, &identifier, &name, &types, deleted, &mut rng);
        let is_customer = types.iter().any(|(t, _)| *t == TYPE_CUSTOMER);
        d.put(Collection::Companies, company.clone());
        if is_customer && !deleted {
            let n = rng.random_range(1..=size.max_agreements_per_company.max(1));
            for _ in 0..n {
                add_agreement(&mut d, &mut rng, &company, size.max_additions_per_agreement);
            }
        }
    }
    d
}

fn company_name(rng: &mut ChaCha8Rng, i: usize) -> String {
    if let Some(n) = FIXED_NAMES.get(i) {
        return (*n).to_owned();
    }
    let adj = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
    let noun = NOUNS[rng.random_range(0..NOUNS.len())];
    let suffix = SUFFIXES[rng.random_range(0..SUFFIXES.len())];
    let base = if suffix.is_empty() {
        format!("{adj} {noun}")
    } else {
        format!("{adj} {noun} {suffix}")
    };
    // Occasionally mimic a real near-duplicate entry: different case or punctuation.
    match rng.random_range(0..20) {
        0 => base.to_uppercase(),
        1 => base.replace(' ', "-"),
        _ => base,
    }
}

fn unique_identifier(name: &str, id: i64, used: &mut std::collections::HashSet<String>) -> String {
    let letters: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect::<String>()
        .to_uppercase();
    let mut candidate = letters.clone();
    if candidate.is_empty() || used.contains(&candidate) {
        candidate = format!("{letters}{id}");
    }
    used.insert(candidate.clone());
    candidate
}

fn company_row(
    id: i64,
    identifier: &str,
    name: &str,
    types: &[(i64, &str)],
    deleted: bool,
    rng: &mut ChaCha8Rng,
) -> Value {
    let active = rng.random_bool(0.9);
    let (status_id, status_name) = if active {
        (1, "Active")
    } else {
        (2, "Inactive")
    };
    let mut row = json!({
        "id": id, "identifier": identifier, "name": name,
        "status": {"id": status_id, "name": status_name,
                   "_info": {"status_href": format!("company/companies/statuses/{status_id}")}},
        "types": types.iter().map(|(t, n)| type_ref(*t, n)).collect::<Vec<_>>(),
        "addressLine1": format!("{} Main St", rng.random_range(1..999)),
        "city": "Brisbane", "state": "QLD", "zip": "4000",
        "country": {"id": 7, "name": "Australia"},
        "phoneNumber": format!("07{:08}", rng.random_range(0..99_999_999)),
        "website": format!("{}.example", identifier.to_lowercase()),
        "deletedFlag": deleted, "isVendorFlag": types.iter().any(|(t, _)| *t == TYPE_VENDOR),
        "leadFlag": false, "unsubscribeFlag": false,
        "dateAcquired": "2019-07-01T00:00:00Z",
        "integratorTags": [], "customFields": [],
        "_info": {"lastUpdated": STAMP, "updatedBy": "api-member", "dateEntered": "2019-07-01T02:00:00Z",
                  "enteredBy": "jdoe", "contacts_href": format!("company/contacts?conditions=company/id={id}")}
    });
    if deleted {
        row["dateDeleted"] = json!("2024-02-01T00:00:00Z");
        row["deletedBy"] = json!("admin1");
    }
    row
}

fn add_agreement(d: &mut Dataset, rng: &mut ChaCha8Rng, company: &Value, max_additions: usize) {
    let id = d.next_id(Collection::Agreements).max(70);
    let roll: f64 = rng.random();
    let (cancelled, ended) = (roll < 0.1, (0.1..0.2).contains(&roll));
    let (type_id, type_name) = [
        (3, "Managed Services"),
        (4, "Software Licensing"),
        (5, "Block Time"),
    ][rng.random_range(0..3)];
    let company_name = company["name"].as_str().unwrap_or_default();
    let status = if cancelled {
        "Cancelled"
    } else if ended {
        "Expired"
    } else {
        "Active"
    };
    let mut row = json!({
        "id": id, "name": format!("{company_name} - {type_name}"),
        "type": {"id": type_id, "name": type_name, "_info": {"type_href": format!("finance/agreements/types/{type_id}")}},
        "company": company_ref(company),
        "startDate": "2023-07-01T00:00:00Z",
        "noEndingDateFlag": !ended && rng.random_bool(0.7),
        "cancelledFlag": cancelled, "agreementStatus": status,
        "billAmount": 0.0, "billTime": "Billable", "billExpenses": "Billable", "billProducts": "Billable",
        "invoicingCycle": "ContractYear", "employeeCompRate": "Actual", "taxable": true,
        "billingCycle": {"id": 2, "name": "Monthly"}, "currency": {"id": 1, "symbol": "$", "name": "AUD"},
        "customFields": [],
        "_info": {"lastUpdated": STAMP, "updatedBy": "admin1", "additions_href": format!("finance/agreements/{id}/additions")}
    });
    if ended {
        row["endDate"] = json!("2024-03-31T00:00:00Z");
    } else if !row["noEndingDateFlag"].as_bool().unwrap_or(true) {
        row["endDate"] = json!("2030-06-30T00:00:00Z");
    }
    if cancelled {
        row["dateCancelled"] = json!("2024-04-30T00:00:00Z");
        row["reasonCancelled"] = json!("Customer left");
    }
    d.put(Collection::Agreements, row);
    let n = rng.random_range(1..=max_additions.max(1));
    let mut products: Vec<usize> = (0..PRODUCTS.len()).collect();
    for seq in 0..n.min(PRODUCTS.len()) {
        let pick = products.remove(rng.random_range(0..products.len()));
        let cancelled_addition = rng.random_bool(0.12);
        add_addition(d, rng, id, pick, seq, cancelled_addition, status);
    }
}

fn add_addition(
    d: &mut Dataset,
    rng: &mut ChaCha8Rng,
    agreement_id: i64,
    product: usize,
    seq: usize,
    cancelled: bool,
    agreement_status: &str,
) {
    let id = d.next_id(Collection::Additions(agreement_id)).max(1000);
    let (ident, desc, price, cost) = PRODUCTS[product];
    let product_id = 311 + product as i64;
    let quantity = f64::from(rng.random_range(1..120u32));
    let mut row = json!({
        "id": id, "agreementId": agreement_id,
        "product": {"id": product_id, "identifier": ident, "serializedFlag": false,
                    "_info": {"product_href": format!("procurement/catalog/{product_id}")}},
        "quantity": quantity, "lessIncluded": 0.0, "unitPrice": price, "unitCost": cost,
        "billCustomer": "Billable", "effectiveDate": "2024-01-01T00:00:00Z",
        "taxableFlag": true, "purchaseItemFlag": false, "specialOrderFlag": false,
        "description": desc, "invoiceDescription": desc, "uom": "Each",
        "sequenceNumber": (seq + 1) as f64, "prorateCost": 0.0, "proratePrice": 0.0,
        "extendedProrateCost": 0.0, "extendedProratePrice": 0.0, "prorateCurrentPeriodFlag": false,
        "agreementStatus": agreement_status, "customFields": [],
        "_info": {"lastUpdated": STAMP, "updatedBy": "api-member"}
    });
    if cancelled {
        row["cancelledDate"] = json!("2024-09-30T00:00:00Z");
    }
    super::patch::recompute_addition(&mut row);
    d.put(Collection::Additions(agreement_id), row);
}

fn service_tables(d: &mut Dataset) {
    let boards = [
        (1, "Help Desk", false, false),
        (2, "Alerts", false, false),
        (3, "Projects", false, true),
        (4, "Old Queue", true, false),
    ];
    let mut status_id = 10;
    for (id, name, inactive, project) in boards {
        d.put(
            Collection::Boards,
            json!({"id": id, "name": name, "location": {"id": 2, "name": "Brisbane"},
                   "department": {"id": 10, "identifier": "SVC", "name": "Service"},
                   "inactiveFlag": inactive, "projectFlag": project, "billTime": "NoDefault",
                   "_info": {"lastUpdated": "2023-01-01T00:00:00Z", "updatedBy": "admin1"}}),
        );
        let statuses = [
            ("New", true, false, false),
            ("In Progress", false, false, false),
            ("Waiting on Customer", false, false, false),
            ("Closed", false, true, false),
            ("Retired", false, false, true),
        ];
        for (sort, (sname, default, closed, inactive)) in statuses.into_iter().enumerate() {
            status_id += 1;
            d.put(
                Collection::BoardStatuses(id),
                json!({"id": status_id, "name": sname,
                       "board": {"id": id, "name": name, "_info": {"board_href": format!("service/boards/{id}")}},
                       "sortOrder": sort, "displayOnBoard": true, "inactive": inactive,
                       "closedStatus": closed, "timeEntryNotAllowed": false, "defaultFlag": default,
                       "escalationStatus": "NotResponded", "customerPortalFlag": false,
                       "_info": {"lastUpdated": "2023-01-01T00:00:00Z", "updatedBy": "admin1"}}),
            );
        }
    }
    let priorities = [
        (1, "Priority 1 - Emergency Response", "Red", 1, false),
        (2, "Priority 2 - Quick Response", "Orange", 3, false),
        (4, "Priority 3 - Normal Response", "Blue", 6, true),
        (5, "Priority 4 - Schedule Maintenance", "Green", 8, false),
        (6, "Do Not Respond", "Gray", 10, false),
    ];
    for (id, name, color, sort, default) in priorities {
        d.put(
            Collection::Priorities,
            json!({"id": id, "name": name, "color": color, "sortOrder": sort, "defaultFlag": default,
                   "imageLink": format!("service/priorities/{id}/image"),
                   "_info": {"priority_href": format!("service/priorities/{id}"),
                             "image_href": format!("service/priorities/{id}/image?lm=2005-05-27T14:58:21Z")}}),
        );
    }
    for (id, name, default) in [
        (1, "Phone", false),
        (2, "Portal", false),
        (3, "Email", true),
        (4, "Monitoring Alert", false),
    ] {
        d.put(
            Collection::Sources,
            json!({"id": id, "name": name, "defaultFlag": default, "enteredBy": "admin1",
                   "dateEntered": "2015-01-01T00:00:00Z",
                   "_info": {"source_href": format!("service/sources/{id}")}}),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(seed: u64, companies: usize) -> DataSize {
        DataSize {
            seed,
            companies,
            max_agreements_per_company: 3,
            max_additions_per_agreement: 4,
        }
    }

    #[test]
    fn deterministic_and_varied() {
        let a = generate(&size(7, 200));
        assert_eq!(a, generate(&size(7, 200)));
        assert_ne!(a, generate(&size(8, 200)));
        assert_eq!(a.companies.len(), 200);
        let two_types = a
            .companies
            .values()
            .filter(|c| c["types"].as_array().is_some_and(|t| t.len() == 2))
            .count();
        let deleted = a
            .companies
            .values()
            .filter(|c| c["deletedFlag"] == true)
            .count();
        assert!(two_types > 0 && deleted > 0, "{two_types} {deleted}");
        assert!(a.agreements.values().any(|x| x["cancelledFlag"] == true));
        assert!(a.agreements.values().any(|x| x.get("endDate").is_some()));
        assert!(a
            .additions
            .values()
            .any(|x| x.get("cancelledDate").is_some()));
        let identifiers: std::collections::HashSet<_> = a
            .companies
            .values()
            .map(|c| c["identifier"].clone())
            .collect();
        assert_eq!(identifiers.len(), 200);
        assert!(a
            .companies
            .values()
            .all(|c| c["identifier"].as_str().unwrap().len() <= 25));
    }
}
