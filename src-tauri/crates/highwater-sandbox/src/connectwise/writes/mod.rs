//! Write handlers: POST companies / additions / tickets / notes (201 + the created record, field
//! validation in the `InvalidObject` envelope, referential checks), PATCH additions and tickets
//! (JSON Patch), DELETE tickets (204). This module holds what they share.

mod company;
mod finance;
mod service;

use axum::body::Bytes;
use chrono::Utc;
use serde_json::{json, Value};

use super::envelope::{ApiError, FieldError};
use super::store::{Collection, Dataset};

pub(crate) use company::create_company;
pub(crate) use finance::{create_addition, patch_addition};
pub(crate) use service::{create_note, create_ticket, delete_ticket, patch_ticket};

pub(super) fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(super) fn body_json(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("The request body is not valid JSON: {e}")))
}

/// Finds a referenced record by `id` (or `name`/`identifier` where given), checking the shape:
/// a scalar where an object belongs is a field error, as on the real server.
pub(super) fn reference<'a>(
    data: &'a Dataset,
    c: Collection,
    body: &Value,
    key: &str,
    resource: &str,
    errors: &mut Vec<FieldError>,
) -> Option<&'a Value> {
    let r = body.get(key).filter(|v| !v.is_null())?;
    if !r.is_object() {
        errors.push(FieldError::invalid(
            resource,
            key,
            format!("The {key} field must be a reference object such as {{\"id\": 1}}."),
        ));
        return None;
    }
    let found = if let Some(id) = r["id"].as_i64() {
        data.rows(c).find(|row| row["id"].as_i64() == Some(id))
    } else if let Some(name) = r["identifier"].as_str().or(r["name"].as_str()) {
        data.rows(c).find(|row| {
            row["identifier"]
                .as_str()
                .or(row["name"].as_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    } else {
        None
    };
    if found.is_none() {
        errors.push(FieldError::invalid(
            resource,
            key,
            format!("The {key} was not found."),
        ));
    }
    found
}

/// `{id, name, _info: {<key>_href}}` as embedded in a ticket.
pub(super) fn small_ref(row: &Value, key: &str, href: String) -> Value {
    let id = row["id"].as_i64().unwrap_or_default();
    let mut r = json!({"id": id, "name": row["name"], "_info": {}});
    r["_info"][format!("{key}_href")] = json!(href);
    r
}

pub(super) fn text(body: &Value, key: &str) -> Option<String> {
    body[key]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub(super) fn max_len(
    body: &Value,
    key: &str,
    max: usize,
    resource: &str,
    errors: &mut Vec<FieldError>,
) {
    if let Some(s) = body[key].as_str() {
        if s.chars().count() > max {
            errors.push(FieldError::invalid(
                resource,
                key,
                format!("{key} may be at most {max} characters."),
            ));
        }
    }
}
