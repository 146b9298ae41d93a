//! Service desk: boards, statuses, priorities, sources; creating tickets and notes; finding a
//! ticket by its external reference (the dedupe key checked before any re-POST).

use chrono::SecondsFormat;
use serde_json::{json, Map, Value};

use crate::client::ConnectWiseClient;
use crate::conditions::field;
use crate::error::{Error, Result};
use crate::models::{
    Board, BoardStatus, NewNote, NewTicket, NoteKind, Priority, Source, Ticket, TicketNote,
    EXTERNAL_XREF_MAX, SUMMARY_MAX,
};

impl ConnectWiseClient {
    /// Active boards (`inactiveFlag=false`).
    pub async fn boards(&self) -> Result<Vec<Board>> {
        self.list_all(
            "service/boards",
            &[
                ("conditions", field("inactiveFlag").eq(false).to_string()),
                ("orderBy", "name asc".into()),
            ],
        )
        .await
    }

    /// Active statuses of a board. Filtered here: server-side filterability is UNCONFIRMED.
    pub async fn board_statuses(&self, board_id: i64) -> Result<Vec<BoardStatus>> {
        let rows: Vec<BoardStatus> = self
            .list_all(&format!("service/boards/{board_id}/statuses"), &[])
            .await?;
        Ok(rows.into_iter().filter(|s| !s.inactive).collect())
    }

    /// All priorities.
    pub async fn priorities(&self) -> Result<Vec<Priority>> {
        self.list_all("service/priorities", &[]).await
    }

    /// All ticket sources.
    pub async fn sources(&self) -> Result<Vec<Source>> {
        self.list_all("service/sources", &[]).await
    }

    /// `GET /service/tickets/{id}`.
    pub async fn ticket(&self, id: i64) -> Result<Ticket> {
        self.get_one(&format!("service/tickets/{id}"), &[]).await
    }

    /// Tickets whose `externalXRef` equals `xref` exactly.
    pub async fn find_tickets_by_external_xref(&self, xref: &str) -> Result<Vec<Ticket>> {
        self.list_all(
            "service/tickets",
            &[("conditions", field("externalXRef").eq(xref).to_string())],
        )
        .await
    }

    /// Creates a ticket. Never retried after the request may have reached the server: on a
    /// timeout, look it up with [`Self::find_tickets_by_external_xref`] before sending again.
    pub async fn create_ticket(&self, ticket: &NewTicket) -> Result<Ticket> {
        let body = ticket_body(ticket)?;
        self.post("service/tickets", &body).await
    }

    /// Adds a note to a ticket.
    pub async fn add_ticket_note(&self, ticket_id: i64, note: &NewNote) -> Result<TicketNote> {
        if note.text.trim().is_empty() {
            return Err(Error::InvalidInput {
                field: "note text",
                reason: "it is empty".into(),
            });
        }
        let body = json!({
            "text": note.text,
            "detailDescriptionFlag": note.kind == NoteKind::Discussion,
            "internalAnalysisFlag": note.kind == NoteKind::Internal,
            "resolutionFlag": note.kind == NoteKind::Resolution,
        });
        self.post(&format!("service/tickets/{ticket_id}/notes"), &body)
            .await
    }
}

fn ticket_body(t: &NewTicket) -> Result<Value> {
    let summary = t.summary.trim();
    if summary.is_empty() {
        return Err(Error::InvalidInput {
            field: "summary",
            reason: "it is empty".into(),
        });
    }
    let len = summary.chars().count();
    if len > SUMMARY_MAX {
        return Err(Error::InvalidInput {
            field: "summary",
            reason: format!("it is {len} characters; ConnectWise allows {SUMMARY_MAX}"),
        });
    }
    let mut body = Map::new();
    body.insert("summary".into(), json!(summary));
    body.insert("recordType".into(), json!("ServiceTicket"));
    body.insert("company".into(), json!({"id": t.company_id}));
    body.insert("board".into(), json!({"id": t.board_id}));
    for (key, id) in [
        ("status", t.status_id),
        ("priority", t.priority_id),
        ("source", t.source_id),
    ] {
        if let Some(id) = id {
            body.insert(key.into(), json!({"id": id}));
        }
    }
    if let Some(d) = t.required_date {
        body.insert(
            "requiredDate".into(),
            json!(d.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
    }
    if let Some(text) = &t.initial_description {
        body.insert("initialDescription".into(), json!(text));
    }
    if let Some(x) = &t.external_xref {
        let len = x.chars().count();
        if len > EXTERNAL_XREF_MAX {
            return Err(Error::InvalidInput {
                field: "externalXRef",
                reason: format!("it is {len} characters; ConnectWise allows {EXTERNAL_XREF_MAX}"),
            });
        }
        body.insert("externalXRef".into(), json!(x));
    }
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn ticket() -> NewTicket {
        NewTicket {
            summary: "Licence count mismatch".into(),
            company_id: 250,
            board_id: 1,
            status_id: Some(12),
            priority_id: None,
            source_id: Some(3),
            required_date: Some(Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap()),
            initial_description: Some("Detected".into()),
            external_xref: Some("hw:1".into()),
        }
    }

    #[test]
    fn body_uses_references() {
        let b = ticket_body(&ticket()).unwrap();
        assert_eq!(b["company"], json!({"id": 250}));
        assert_eq!(b["status"], json!({"id": 12}));
        assert!(b.get("priority").is_none());
        assert_eq!(b["requiredDate"], json!("2024-06-01T00:00:00Z"));
    }

    #[test]
    fn summary_limit_counts_characters() {
        let mut t = ticket();
        t.summary = "é".repeat(100);
        assert!(ticket_body(&t).is_ok());
        t.summary = "é".repeat(101);
        let e = ticket_body(&t).unwrap_err();
        assert!(e.to_string().contains("101 characters"), "{e}");
        t.summary = "  ".into();
        assert!(ticket_body(&t).is_err());
    }
}
