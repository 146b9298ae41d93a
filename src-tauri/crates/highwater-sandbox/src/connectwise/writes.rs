//! Write handlers: POST companies / additions / tickets / notes (201 + the created record, field
//! validation in the `InvalidObject` envelope, referential checks), PATCH additions and tickets
//! (JSON Patch), DELETE tickets (204).

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use super::api::{created, Ctx};
use super::envelope::{ApiError, FieldError};
use super::generate::{company_ref, type_ref};
use super::patch::{self, ADDITION_FIELDS, TICKET_FIELDS};
use super::state::{lock, CancelledAdditionPatch};
use super::store::{Collection, Dataset};

fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn body_json(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("The request body is not valid JSON: {e}")))
}

/// Finds a referenced record by `id` (or `name`/`identifier` where given), checking the shape:
/// a scalar where an object belongs is a field error, as on the real server.
fn reference<'a>(
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
        errors.push(FieldError::invalid(resource, key, format!("The {key} was not found.")));
    }
    found
}

/// `{id, name, _info: {<key>_href}}` as embedded in a ticket.
fn small_ref(row: &Value, key: &str, href: String) -> Value {
    let id = row["id"].as_i64().unwrap_or_default();
    let mut r = json!({"id": id, "name": row["name"], "_info": {}});
    r["_info"][format!("{key}_href")] = json!(href);
    r
}

fn text(body: &Value, key: &str) -> Option<String> {
    body[key].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn max_len(body: &Value, key: &str, max: usize, resource: &str, errors: &mut Vec<FieldError>) {
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
        if data
            .companies
            .values()
            .any(|c| c["identifier"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(ident)))
        {
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
                Some(row) => types.push(type_ref(row["id"].as_i64().unwrap_or_default(), row["name"].as_str().unwrap_or_default())),
                None => errors.push(FieldError::invalid("company", "types", "A company type was not found.")),
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
        Some(b) if !["Billable", "DoNotBill", "NoCharge"].contains(&b) => errors.push(
            FieldError::invalid("addition", "billCustomer", "billCustomer must be Billable, DoNotBill or NoCharge."),
        ),
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
        errors.push(FieldError::invalid("addition", "product", "The product field must be a reference object such as {\"id\": 1}."));
        return None;
    }
    let found = data.products.values().find(|p| {
        r["id"].as_i64().is_some_and(|id| p["id"].as_i64() == Some(id))
            || r["identifier"]
                .as_str()
                .is_some_and(|i| p["identifier"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(i)))
    });
    if found.is_none() {
        errors.push(FieldError::invalid("addition", "product", "The product was not found."));
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
            vec![FieldError::invalid("addition", "cancelledDate", "A cancelled addition cannot be updated.")],
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

pub(crate) async fn create_ticket(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let body = body_json(&body)?;
    let mut data = lock(&ctx.shared.data);
    let mut errors = Vec::new();
    let summary = text(&body, "summary");
    if summary.is_none() {
        errors.push(FieldError::missing("ticket", "summary"));
    }
    max_len(&body, "summary", 100, "ticket", &mut errors);
    max_len(&body, "externalXRef", 100, "ticket", &mut errors);
    if body.get("company").is_none_or(Value::is_null) {
        errors.push(FieldError::missing("ticket", "company"));
    }
    let company = reference(&data, Collection::Companies, &body, "company", "ticket", &mut errors).cloned();
    // Without a board the member's default board is used: the first active one here.
    let board = if body.get("board").is_none_or(Value::is_null) {
        data.boards.values().find(|b| b["inactiveFlag"] == false).cloned()
    } else {
        reference(&data, Collection::Boards, &body, "board", "ticket", &mut errors).cloned()
    };
    let board_id = board.as_ref().and_then(|b| b["id"].as_i64()).unwrap_or_default();
    let status = if body.get("status").is_none_or(Value::is_null) {
        data.rows(Collection::BoardStatuses(board_id)).find(|s| s["defaultFlag"] == true).cloned()
    } else {
        let s = reference(&data, Collection::BoardStatuses(board_id), &body, "status", "ticket", &mut errors).cloned();
        if s.is_none() && errors.last().is_some_and(|e| e.field == "status" && e.code == "InvalidField") {
            if let Some(last) = errors.last_mut() {
                last.message = format!("The status is not a status of board {board_id}.");
            }
        }
        s
    };
    let priority = if body.get("priority").is_none_or(Value::is_null) {
        data.priorities.values().find(|p| p["defaultFlag"] == true).cloned()
    } else {
        reference(&data, Collection::Priorities, &body, "priority", "ticket", &mut errors).cloned()
    };
    let source = reference(&data, Collection::Sources, &body, "source", "ticket", &mut errors).cloned();
    if let Some(d) = body["requiredDate"].as_str() {
        if chrono::DateTime::parse_from_rfc3339(d).is_err() {
            errors.push(FieldError::invalid("ticket", "requiredDate", "requiredDate must be yyyy-MM-ddTHH:mm:ssZ."));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid_object("ticket", errors));
    }
    let id = data.next_id(Collection::Tickets).max(123_456);
    let mut row = json!({
        "id": id, "summary": summary,
        "recordType": body.get("recordType").cloned().unwrap_or(json!("ServiceTicket")),
        "severity": "Medium", "impact": "Medium",
        "externalXRef": body.get("externalXRef").cloned().unwrap_or(Value::Null),
        "requiredDate": body.get("requiredDate").cloned().unwrap_or(Value::Null),
        "closedFlag": false, "approved": true, "isInSla": false, "resources": "", "billTime": "NoDefault",
        "customFields": [],
        "_info": {"dateEntered": now(), "enteredBy": "api-member", "lastUpdated": now(), "updatedBy": "api-member",
                  "notes_href": format!("service/tickets/{id}/notes")}
    });
    if let Some(c) = &company {
        row["company"] = company_ref(c);
    }
    if let Some(b) = &board {
        row["board"] = small_ref(b, "board", format!("service/boards/{board_id}"));
    }
    if let Some(s) = &status {
        row["status"] = small_ref(s, "status", format!("service/boards/{board_id}/statuses/{}", s["id"]));
    }
    if let Some(p) = &priority {
        row["priority"] = small_ref(p, "priority", format!("service/priorities/{}", p["id"]));
        row["priority"]["sort"] = p["sortOrder"].clone();
    }
    if let Some(s) = &source {
        row["source"] = small_ref(s, "source", format!("service/sources/{}", s["id"]));
    }
    data.put(Collection::Tickets, row.clone());
    // POST-only text fields become the first notes and are never echoed on the ticket.
    for (key, flag) in [
        ("initialDescription", "detailDescriptionFlag"),
        ("initialInternalAnalysis", "internalAnalysisFlag"),
        ("initialResolution", "resolutionFlag"),
    ] {
        if let Some(t) = text(&body, key) {
            let note = note_row(&data, id, &t, flag);
            data.put(Collection::Notes(id), note);
        }
    }
    Ok(created(&ctx, &row))
}

fn note_row(data: &Dataset, ticket_id: i64, text: &str, flag: &str) -> Value {
    let id = data.next_id(Collection::Notes(ticket_id)).max(9001);
    let mut row = json!({
        "id": id, "ticketId": ticket_id, "text": text,
        "detailDescriptionFlag": false, "internalAnalysisFlag": false, "resolutionFlag": false,
        "issueFlag": false, "member": {"id": 155, "identifier": "api-member", "name": "API Member"},
        "dateCreated": now(), "createdBy": "api-member", "internalFlag": flag == "internalAnalysisFlag",
        "externalFlag": flag == "detailDescriptionFlag",
        "_info": {"lastUpdated": now(), "updatedBy": "api-member"}
    });
    row[flag] = json!(true);
    row
}

pub(crate) async fn create_note(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let ticket_id = ctx.id("parentId", "Ticket")?;
    let body = body_json(&body)?;
    let mut data = lock(&ctx.shared.data);
    if !data.tickets.contains_key(&ticket_id) {
        return Err(ApiError::not_found("Ticket", ticket_id));
    }
    let Some(t) = text(&body, "text") else {
        return Err(ApiError::invalid_object("note", vec![FieldError::missing("note", "text")]));
    };
    // With no flag chosen the note lands on the discussion tab (the real default is UNCONFIRMED).
    let flag = ["internalAnalysisFlag", "resolutionFlag", "detailDescriptionFlag"]
        .into_iter()
        .find(|f| body[*f] == true)
        .unwrap_or("detailDescriptionFlag");
    let mut row = note_row(&data, ticket_id, &t, flag);
    for f in ["detailDescriptionFlag", "internalAnalysisFlag", "resolutionFlag"] {
        if body[f] == true {
            row[f] = json!(true);
        }
    }
    data.put(Collection::Notes(ticket_id), row.clone());
    Ok(created(&ctx, &row))
}

pub(crate) async fn patch_ticket(ctx: Ctx, body: Bytes) -> Result<Response, ApiError> {
    let id = ctx.id("id", "Ticket")?;
    let ops = body_json(&body)?;
    let mut data = lock(&ctx.shared.data);
    let current = data
        .tickets
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Ticket", id))?;
    let mut updated = patch::apply(&current, &ops, TICKET_FIELDS, "ticket")
        .map_err(|e| ApiError::invalid_object("ticket", e))?;
    let board_id = current["board"]["id"].as_i64().unwrap_or_default();
    if updated["status"] != current["status"] {
        let mut errors = Vec::new();
        let status = reference(&data, Collection::BoardStatuses(board_id), &updated, "status", "ticket", &mut errors).cloned();
        match status {
            Some(s) => updated["status"] = small_ref(&s, "status", format!("service/boards/{board_id}/statuses/{}", s["id"])),
            None => return Err(ApiError::invalid_object("ticket", errors)),
        }
    }
    updated["_info"]["lastUpdated"] = json!(now());
    data.put(Collection::Tickets, updated.clone());
    Ok(Json(ctx.render(&updated)).into_response())
}

pub(crate) async fn delete_ticket(ctx: Ctx) -> Result<Response, ApiError> {
    let id = ctx.id("id", "Ticket")?;
    let mut data = lock(&ctx.shared.data);
    if data.tickets.remove(&id).is_none() {
        return Err(ApiError::not_found("Ticket", id));
    }
    data.notes.retain(|_, n| n["ticketId"].as_i64() != Some(id));
    Ok(StatusCode::NO_CONTENT.into_response())
}
