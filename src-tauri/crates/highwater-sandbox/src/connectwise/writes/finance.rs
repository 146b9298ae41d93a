//! Agreement additions: POST (product and billCustomer required) and PATCH (JSON Patch, with the
//! configurable policy for cancelled additions).

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{body_json, now};
use crate::connectwise::api::{created, Ctx};
use crate::connectwise::envelope::{ApiError, FieldError};
use crate::connectwise::patch::{self, ADDITION_FIELDS};
use crate::connectwise::state::{lock, CancelledAdditionPatch};
use crate::connectwise::store::{Collection, Dataset};

pub(crate) async fn create_addition(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let agreement_id = ctx.id("parentId", "Agreement")?;
    let body = body_json(&body)?;
    let mut data = lock(&ctx.shared.data);
    let agreement = data
        .agreements
        .get(&agreement_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Agreement", agreement_id))?;
    let mut errors = Vec::new();
    let product = if body.get("product").is_none_or(Value::is_null) {
        errors.push(FieldError::missing("addition", "product"));
        None
    } else {
        product_reference(&data, &body["product"], &mut errors)
    };
    match body["billCustomer"].as_str() {
        None => errors.push(FieldError::missing("addition", "billCustomer")),
        Some(b) if !["Billable", "DoNotBill", "NoCharge"].contains(&b) => {
            errors.push(FieldError::invalid(
                "addition",
                "billCustomer",
                "billCustomer must be Billable, DoNotBill or NoCharge.",
            ))
        }
        Some(_) => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid_object("addition", errors));
    }
    let product = product.unwrap_or_default();
    let pid = product["id"].as_i64().unwrap_or_default();
    let id = data.next_id(Collection::Additions(agreement_id)).max(1000);
    let num = |k: &str, d: f64| body[k].as_f64().unwrap_or(d);
    let mut row = json!({
        "id": id, "agreementId": agreement_id,
        "product": {"id": pid, "identifier": product["identifier"], "serializedFlag": false,
                    "_info": {"product_href": format!("procurement/catalog/{pid}")}},
        "quantity": num("quantity", 1.0), "lessIncluded": num("lessIncluded", 0.0),
        "unitPrice": num("unitPrice", 0.0), "unitCost": num("unitCost", 0.0),
        "billCustomer": body["billCustomer"], "effectiveDate": body.get("effectiveDate").cloned().unwrap_or(json!(now())),
        "taxableFlag": body["taxableFlag"].as_bool().unwrap_or(true), "purchaseItemFlag": false,
        "specialOrderFlag": false, "description": body.get("description").cloned().unwrap_or(product["description"].clone()),
        "uom": "Each", "agreementStatus": agreement["agreementStatus"], "customFields": [],
        "_info": {"lastUpdated": now(), "updatedBy": "api-member"}
    });
    patch::recompute_addition(&mut row);
    data.put(Collection::Additions(agreement_id), row.clone());
    Ok(created(&ctx, &row))
}

/// Products are looked up by `id` or `identifier` in the catalog.
fn product_reference(data: &Dataset, r: &Value, errors: &mut Vec<FieldError>) -> Option<Value> {
    if !r.is_object() {
        errors.push(FieldError::invalid(
            "addition",
            "product",
            "The product field must be a reference object such as {\"id\": 1}.",
        ));
        return None;
    }
    let found = data.products.values().find(|p| {
        r["id"]
            .as_i64()
            .is_some_and(|id| p["id"].as_i64() == Some(id))
            || r["identifier"].as_str().is_some_and(|i| {
                p["identifier"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(i))
            })
    });
    if found.is_none() {
        errors.push(FieldError::invalid(
            "addition",
            "product",
            "The product was not found.",
        ));
    }
    found.cloned()
}

pub(crate) async fn patch_addition(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let agreement_id = ctx.id("parentId", "Agreement")?;
    let id = ctx.id("id", "Addition")?;
    let ops = body_json(&body)?;
    let policy = lock(&ctx.shared.settings).cancelled_addition_patch;
    let mut data = lock(&ctx.shared.data);
    if !data.agreements.contains_key(&agreement_id) {
        return Err(ApiError::not_found("Agreement", agreement_id));
    }
    let current = data
        .get(Collection::Additions(agreement_id), id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Addition", id))?;
    let cancelled = current.get("cancelledDate").is_some_and(|v| !v.is_null());
    if cancelled && policy == CancelledAdditionPatch::Reject {
        return Err(ApiError::invalid_object(
            "addition",
            vec![FieldError::invalid(
                "addition",
                "cancelledDate",
                "A cancelled addition cannot be updated.",
            )],
        ));
    }
    let mut updated = patch::apply(&current, &ops, ADDITION_FIELDS, "addition")
        .map_err(|e| ApiError::invalid_object("addition", e))?;
    patch::recompute_addition(&mut updated);
    updated["_info"]["lastUpdated"] = json!(now());
    updated["_info"]["updatedBy"] = json!("api-member");
    data.put(Collection::Additions(agreement_id), updated.clone());
    Ok(Json(ctx.render(&updated)).into_response())
}
