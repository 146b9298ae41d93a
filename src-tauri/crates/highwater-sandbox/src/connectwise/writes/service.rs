//! Tickets and notes: POST with reference checks (status must belong to the board), PATCH,
//! DELETE; POST-only ticket texts become notes.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{body_json, max_len, now, reference, small_ref, text};
use crate::connectwise::api::{created, Ctx};
use crate::connectwise::envelope::{ApiError, FieldError};
use crate::connectwise::generate::company_ref;
use crate::connectwise::patch::{self, TICKET_FIELDS};
use crate::connectwise::state::lock;
use crate::connectwise::store::{Collection, Dataset};

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
    let company = reference(
        &data,
        Collection::Companies,
        &body,
        "company",
        "ticket",
        &mut errors,
    )
    .cloned();
    // Without a board the member's default board is used: the first active one here.
    let board = if body.get("board").is_none_or(Value::is_null) {
        data.boards
            .values()
            .find(|b| b["inactiveFlag"] == false)
            .cloned()
    } else {
        reference(
            &data,
            Collection::Boards,
            &body,
            "board",
            "ticket",
            &mut errors,
        )
        .cloned()
    };
    let board_id = board
        .as_ref()
        .and_then(|b| b["id"].as_i64())
        .unwrap_or_default();
    let status = if body.get("status").is_none_or(Value::is_null) {
        data.rows(Collection::BoardStatuses(board_id))
            .find(|s| s["defaultFlag"] == true)
            .cloned()
    } else {
        let s = reference(
            &data,
            Collection::BoardStatuses(board_id),
            &body,
            "status",
            "ticket",
            &mut errors,
        )
        .cloned();
        if s.is_none()
            && errors
                .last()
                .is_some_and(|e| e.field == "status" && e.code == "InvalidField")
        {
            if let Some(last) = errors.last_mut() {
                last.message = format!("The status is not a status of board {board_id}.");
            }
        }
        s
    };
    let priority = if body.get("priority").is_none_or(Value::is_null) {
        data.priorities
            .values()
            .find(|p| p["defaultFlag"] == true)
            .cloned()
    } else {
        reference(
            &data,
            Collection::Priorities,
            &body,
            "priority",
            "ticket",
            &mut errors,
        )
        .cloned()
    };
    let source = reference(
        &data,
        Collection::Sources,
        &body,
        "source",
        "ticket",
        &mut errors,
    )
    .cloned();
    if let Some(d) = body["requiredDate"].as_str() {
        if chrono::DateTime::parse_from_rfc3339(d).is_err() {
            errors.push(FieldError::invalid(
                "ticket",
                "requiredDate",
                "requiredDate must be yyyy-MM-ddTHH:mm:ssZ.",
            ));
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
        row["status"] = small_ref(
            s,
            "status",
            format!("service/boards/{board_id}/statuses/{}", s["id"]),
        );
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
        return Err(ApiError::invalid_object(
            "note",
            vec![FieldError::missing("note", "text")],
        ));
    };
    // With no flag chosen the note lands on the discussion tab (the real default is UNCONFIRMED).
    let flag = [
        "internalAnalysisFlag",
        "resolutionFlag",
        "detailDescriptionFlag",
    ]
    .into_iter()
    .find(|f| body[*f] == true)
    .unwrap_or("detailDescriptionFlag");
    let mut row = note_row(&data, ticket_id, &t, flag);
    for f in [
        "detailDescriptionFlag",
        "internalAnalysisFlag",
        "resolutionFlag",
    ] {
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
        let status = reference(
            &data,
            Collection::BoardStatuses(board_id),
            &updated,
            "status",
            "ticket",
            &mut errors,
        )
        .cloned();
        match status {
            Some(s) => {
                updated["status"] = small_ref(
                    &s,
                    "status",
                    format!("service/boards/{board_id}/statuses/{}", s["id"]),
                )
            }
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
