//! `POST /company/companies`: required fields, lengths, unique identifier (`ObjectExists`).

use axum::body::Bytes;
use axum::response::Response;
use serde_json::json;

use super::{body_json, max_len, now, text};
use crate::connectwise::api::{created, Ctx};
use crate::connectwise::envelope::{ApiError, FieldError};
use crate::connectwise::generate::type_ref;
use crate::connectwise::state::lock;
use crate::connectwise::store::Collection;

pub(crate) async fn create_company(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let body = body_json(&body)?;
    let mut errors = Vec::new();
    let (name, identifier) = (text(&body, "name"), text(&body, "identifier"));
    if name.is_none() {
        errors.push(FieldError::missing("company", "name"));
    }
    if identifier.is_none() {
        errors.push(FieldError::missing("company", "identifier"));
    }
    max_len(&body, "name", 50, "company", &mut errors);
    max_len(&body, "identifier", 25, "company", &mut errors);
    let mut data = lock(&ctx.shared.data);
    if let Some(ident) = &identifier {
        if data.companies.values().any(|c| {
            c["identifier"]
                .as_str()
                .is_some_and(|i| i.eq_ignore_ascii_case(ident))
        }) {
            errors.push(FieldError {
                code: "ObjectExists".into(),
                message: format!("The identifier {ident} is already in use."),
                resource: "company".into(),
                field: "identifier".into(),
            });
        }
    }
    let mut types = Vec::new();
    if let Some(list) = body["types"].as_array() {
        for t in list {
            match t["id"].as_i64().and_then(|id| data.company_types.get(&id)) {
                Some(row) => types.push(type_ref(
                    row["id"].as_i64().unwrap_or_default(),
                    row["name"].as_str().unwrap_or_default(),
                )),
                None => errors.push(FieldError::invalid(
                    "company",
                    "types",
                    "A company type was not found.",
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid_object("company", errors));
    }
    let id = data.next_id(Collection::Companies);
    let row = json!({
        "id": id, "identifier": identifier, "name": name,
        "status": {"id": 1, "name": "Active", "_info": {"status_href": "company/companies/statuses/1"}},
        "types": types, "addressLine1": body["addressLine1"], "city": body["city"],
        "deletedFlag": false, "isVendorFlag": false, "leadFlag": false, "unsubscribeFlag": false,
        "integratorTags": [], "customFields": [],
        "_info": {"lastUpdated": now(), "updatedBy": "api-member", "dateEntered": now(), "enteredBy": "api-member"}
    });
    data.put(Collection::Companies, row.clone());
    Ok(created(&ctx, &row))
}
