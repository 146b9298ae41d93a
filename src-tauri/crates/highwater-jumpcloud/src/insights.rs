//! Directory Insights reads: `POST /insights/directory/v1/events` for many orgs at once (one
//! `x-org-id` header per org, in batches), a time window and an event-type filter, paged with the
//! `X-Search_after` cursor while a page comes back full.

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{json, Value};

use crate::client::{endpoint, org_header, JumpCloudClient};
use crate::error::{Error, Result};
use crate::event::{Event, EventKind};
use crate::http::decode;

/// What to read: which orgs, which window, which types. The window is meant as `start` inclusive,
/// `end` exclusive; whether JumpCloud's `end_time` is inclusive is unconfirmed, so a boundary event
/// may come back in two adjacent windows — callers de-duplicate on [`Event::id`] (the ticket key).
#[derive(Debug, Clone, PartialEq)]
pub struct EventQuery {
    pub org_ids: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `event_type` values to match; empty means every type.
    pub event_types: Vec<String>,
    /// DI services to search; the app's events live in `directory` and `systems`.
    pub services: Vec<String>,
}

impl EventQuery {
    /// Every event of `directory` and `systems` in the window.
    pub fn new(org_ids: Vec<String>, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            org_ids,
            start,
            end,
            event_types: Vec::new(),
            services: vec!["directory".to_owned(), "systems".to_owned()],
        }
    }

    /// Restricts the query to these kinds.
    pub fn with_kinds(mut self, kinds: &[EventKind]) -> Self {
        self.event_types = kinds.iter().map(|k| k.as_str().to_owned()).collect();
        self
    }

    /// The four alert kinds.
    pub fn alerts(org_ids: Vec<String>, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self::new(org_ids, start, end).with_kinds(&EventKind::ALERTS)
    }

    /// The user lifecycle events.
    pub fn lifecycle(org_ids: Vec<String>, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self::new(org_ids, start, end).with_kinds(&EventKind::LIFECYCLE)
    }

    fn body(&self, limit: u32, cursor: Option<&Value>) -> Value {
        let mut body = json!({
            "service": self.services,
            "start_time": self.start.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "end_time": self.end.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "sort": "ASC",
            "limit": limit,
        });
        if !self.event_types.is_empty() {
            // DI lower-cases values at ingest, so the filter is sent lower-case.
            let types: Vec<String> = self.event_types.iter().map(|t| t.to_lowercase()).collect();
            body["search_term"] = json!({"or": [{"event_type": types}]});
        }
        if let Some(cursor) = cursor {
            body["search_after"] = cursor.clone();
        }
        body
    }
}

/// One page of events.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Entries without a usable `id`, `event_type` or `timestamp`, skipped.
    pub malformed: usize,
}

/// Pulls pages one request at a time, batch of orgs after batch of orgs, so a caller can stop,
/// checkpoint or stream. Created by [`JumpCloudClient::event_pages`].
#[derive(Debug)]
pub struct EventPages {
    client: JumpCloudClient,
    query: EventQuery,
    batches: Vec<Vec<HeaderValue>>,
    batch: usize,
    cursor: Option<Value>,
}

impl EventPages {
    /// The next page, or `None` when every batch is read. Retries happen inside; an error leaves
    /// the position unchanged, so calling again resumes at the same page.
    pub async fn next_page(&mut self) -> Result<Option<EventPage>> {
        let Some(orgs) = self.batches.get(self.batch) else {
            return Ok(None);
        };
        let inner = &self.client.inner;
        let limit = inner.insights_page_size;
        let body = self.query.body(limit, self.cursor.as_ref());
        let url = endpoint(&inner.insights, &["insights", "directory", "v1", "events"]);
        let (headers, raw) = inner
            .http
            .send(|| {
                let mut request = inner.http.post(url.clone()).json(&body);
                for org in orgs {
                    request = request.header("x-org-id", org.clone());
                }
                request
            })
            .await?;
        let entries: Vec<Value> = decode(&raw)?;
        let returned = header_number(&headers, "x-result-count").unwrap_or(entries.len() as u64);
        let page_limit = header_number(&headers, "x-limit").unwrap_or(u64::from(limit));
        if returned > 0 && returned >= page_limit {
            let next = search_after(&headers)?;
            if self.cursor.as_ref() == Some(&next) {
                return Err(Error::Decode {
                    path: "X-Search_after".to_owned(),
                    message: "the paging cursor did not advance".to_owned(),
                });
            }
            self.cursor = Some(next);
        } else {
            self.batch += 1;
            self.cursor = None;
        }
        let total = entries.len();
        let events: Vec<Event> = entries.into_iter().filter_map(Event::from_json).collect();
        let malformed = total - events.len();
        if malformed > 0 {
            tracing::warn!(
                malformed,
                "skipped Directory Insights events without id, type or time"
            );
        }
        Ok(Some(EventPage { events, malformed }))
    }
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The `X-Search_after` header: a JSON array, sent back verbatim as `search_after`.
fn search_after(headers: &HeaderMap) -> Result<Value> {
    let bad = |message: &str| Error::Decode {
        path: "X-Search_after".to_owned(),
        message: message.to_owned(),
    };
    let raw = headers
        .get("x-search_after")
        .ok_or_else(|| bad("missing on a full page"))?
        .to_str()
        .map_err(|_| bad("not text"))?;
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Array(items)) if !items.is_empty() => Ok(Value::Array(items)),
        _ => Err(bad("not a non-empty JSON array")),
    }
}

impl JumpCloudClient {
    /// A page-at-a-time reader for `query`. Orgs are sent `insights_orgs_per_request` per request.
    pub fn event_pages(&self, query: EventQuery) -> Result<EventPages> {
        let headers = query
            .org_ids
            .iter()
            .map(|id| org_header(id))
            .collect::<Result<Vec<_>>>()?;
        let batches = headers
            .chunks(self.inner.orgs_per_insights_request)
            .map(<[HeaderValue]>::to_vec)
            .collect();
        Ok(EventPages {
            client: self.clone(),
            query,
            batches,
            batch: 0,
            cursor: None,
        })
    }

    /// Every matching event, oldest first (ties by id), each id once.
    pub async fn events(&self, query: EventQuery) -> Result<Vec<Event>> {
        let mut pages = self.event_pages(query)?;
        let mut events = Vec::new();
        while let Some(page) = pages.next_page().await? {
            events.extend(page.events);
        }
        events.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then_with(|| a.id.cmp(&b.id)));
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert(e.id.clone()));
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn body_matches_the_documented_query() {
        let start = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 9, 2, 0, 0, 0).unwrap();
        let q = EventQuery::alerts(vec!["o".into()], start, end);
        let cursor = json!([1_725_151_718_000i64, "DZrPyW8BNsa9iKWoOm7h"]);
        let body = q.body(1000, Some(&cursor));
        assert_eq!(
            body,
            json!({"service": ["directory", "systems"], "start_time": "2026-09-01T00:00:00Z",
                "end_time": "2026-09-02T00:00:00Z", "sort": "ASC", "limit": 1000,
                "search_term": {"or": [{"event_type": ["user_lockout", "user_password_expired",
                    "user_admin_granted", "system_fde_key_decrypt"]}]},
                "search_after": [1_725_151_718_000i64, "DZrPyW8BNsa9iKWoOm7h"]})
        );
        assert!(EventQuery::new(vec![], start, end)
            .body(10, None)
            .get("search_term")
            .is_none());
    }

    #[test]
    fn cursor_header_must_be_an_array() {
        let mut h = HeaderMap::new();
        assert!(search_after(&h).is_err());
        h.insert("x-search_after", HeaderValue::from_static("[1,\"a\"]"));
        assert_eq!(search_after(&h).unwrap(), json!([1, "a"]));
        h.insert("x-search_after", HeaderValue::from_static("[]"));
        assert!(search_after(&h).is_err());
    }
}
