//! Directory Insights: `POST /insights/directory/v1/events` and `/events/count` (API doc §4, §10.7):
//! body validation with 400s, repeated `x-org-id` for multi-org queries, `x-provider-id` for the
//! MTP's own events, time window, service and `search_term` filters, `limit` (default 1000, max
//! 10000), ASC/DESC, `search_after` and `skip` paging, `fields` projection, the paging headers,
//! and the retention window.

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::auth::{self, Caller};
use super::reply::ApiError;
use super::search_term::Term;
use super::state::Shared;
use super::world::{StoredEvent, World};

const SERVICES: [&str; 16] = [
    "alerts",
    "all",
    "directory",
    "ldap",
    "mdm",
    "notifications",
    "object_storage",
    "password_manager",
    "radius",
    "reports",
    "saas_app_management",
    "software",
    "sso",
    "systems",
    "access_management",
    "asset_management",
];
const DEFAULT_LIMIT: usize = 1000;
const MAX_LIMIT: usize = 10_000;
/// Top-level fields a `fields` projection may name.
const KNOWN_FIELDS: [&str; 30] = [
    "id",
    "event_type",
    "service",
    "timestamp",
    "organization",
    "provider",
    "success",
    "resource",
    "initiated_by",
    "changes",
    "association",
    "correlation",
    "client_ip",
    "useragent",
    "geoip",
    "auth_method",
    "mfa",
    "mfa_meta",
    "error_message",
    "system",
    "target_resource",
    "@version",
    "system_timestamp",
    "username",
    "message",
    "src_ip",
    "process_name",
    "windows_meta",
    "severity",
    "category",
];

/// A validated `EventQuery`.
#[derive(Debug)]
struct EventQuery {
    services: Option<HashSet<String>>,
    start_ms: i64,
    end_ms: i64,
    limit: usize,
    descending: bool,
    fields: Option<Vec<String>>,
    search_after: Option<(i64, String)>,
    skip: usize,
    term: Option<Term>,
}

fn parse_time(body: &Value, key: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    match &body[key] {
        Value::Null => Ok(None),
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| ApiError::bad_request(format!("{key} must be an RFC3339 time, got {s}"))),
        other => Err(ApiError::bad_request(format!(
            "{key} must be an RFC3339 time, got {other}"
        ))),
    }
}

fn parse_query(body: &Value, clock: DateTime<Utc>) -> Result<EventQuery, ApiError> {
    if !body.is_object() {
        return Err(ApiError::bad_request("request body must be a JSON object"));
    }
    let services = match &body["service"] {
        Value::Array(items) if !items.is_empty() => {
            let mut set = HashSet::new();
            for item in items {
                let name = item.as_str().unwrap_or_default();
                if !SERVICES.contains(&name) {
                    return Err(ApiError::bad_request(format!(
                        "invalid service {item}; valid values are: {}",
                        SERVICES.join(", ")
                    )));
                }
                set.insert(name.to_owned());
            }
            (!set.contains("all")).then_some(set)
        }
        _ => {
            return Err(ApiError::bad_request(format!(
                "service is required: a list of {}",
                SERVICES.join(", ")
            )))
        }
    };
    let start = parse_time(body, "start_time")?
        .ok_or_else(|| ApiError::bad_request("start_time is required"))?;
    if start > clock {
        return Err(ApiError::bad_request("start_time is in the future"));
    }
    let end = parse_time(body, "end_time")?.unwrap_or(clock);
    if end <= start {
        return Err(ApiError::bad_request("end_time must be after start_time"));
    }
    // Nonsense limits fall back to the default rather than failing, as JumpCloud documents.
    let limit = body["limit"]
        .as_i64()
        .filter(|n| (1..=MAX_LIMIT as i64).contains(n))
        .map_or(DEFAULT_LIMIT, |n| n as usize);
    let descending = body["sort"]
        .as_str()
        .is_some_and(|s| s.eq_ignore_ascii_case("desc"));
    let fields = match &body["fields"] {
        Value::Null => None,
        Value::Array(items) => {
            let known: Vec<String> = items
                .iter()
                .filter_map(Value::as_str)
                .filter(|f| KNOWN_FIELDS.contains(&f.split('.').next().unwrap_or_default()))
                .map(str::to_owned)
                .collect();
            if known.is_empty() {
                return Err(ApiError::bad_request(
                    "fields must name at least one known field",
                ));
            }
            Some(known)
        }
        _ => return Err(ApiError::bad_request("fields must be a list")),
    };
    let search_after = match &body["search_after"] {
        Value::Null => None,
        Value::Array(items) if items.is_empty() => None,
        Value::Array(items) if items.len() == 2 => {
            let millis = items[0]
                .as_i64()
                .or_else(|| items[0].as_str().and_then(|s| s.parse().ok()));
            match (millis, items[1].as_str()) {
                (Some(m), Some(id)) => Some((m, id.to_owned())),
                _ => return Err(ApiError::bad_request("search_after must be [millis, id]")),
            }
        }
        _ => return Err(ApiError::bad_request("search_after must be [millis, id]")),
    };
    let skip = match &body["skip"] {
        Value::Null => 0,
        v => v
            .as_u64()
            .ok_or_else(|| ApiError::bad_request("skip must be a non-negative integer"))?
            as usize,
    };
    let term = match &body["search_term"] {
        Value::Null => None,
        v => Some(Term::parse(v).map_err(ApiError::bad_request)?),
    };
    Ok(EventQuery {
        services,
        start_ms: start.timestamp_millis(),
        end_ms: end.timestamp_millis(),
        limit,
        descending,
        fields,
        search_after,
        skip,
        term,
    })
}

/// Which orgs' events a request may see; `None` inside means the MTP's own (org-less) events.
fn scope(world: &World, headers: &HeaderMap) -> Result<HashSet<Option<String>>, ApiError> {
    let caller = auth::caller(world, headers)?;
    if let Some(provider) = headers.get("x-provider-id").and_then(|v| v.to_str().ok()) {
        if caller != Caller::Msp || provider != world.provider_id {
            return Err(ApiError::forbidden());
        }
        return Ok(HashSet::from([None]));
    }
    Ok(auth::orgs_in_scope(world, caller, headers, true)?
        .into_iter()
        .map(|o| Some(o.id.clone()))
        .collect())
}

/// The matching events, in the requested order, starting strictly after the cursor.
fn select<'w>(
    world: &'w World,
    q: &EventQuery,
    scope: &HashSet<Option<String>>,
    take: usize,
) -> Vec<&'w StoredEvent> {
    let floor = q.start_ms.max(world.retention_floor().timestamp_millis());
    let ceiling = q.end_ms.min(world.clock.timestamp_millis() + 1);
    let events = &world.events;
    let wanted = |e: &&StoredEvent| {
        scope.contains(&e.organization)
            && q.services.as_ref().is_none_or(|s| {
                e.body["service"]
                    .as_str()
                    .is_some_and(|svc| s.contains(svc))
            })
            && q.term.as_ref().is_none_or(|t| t.matches(&e.body))
    };
    let cursor = q.search_after.as_ref().map(|(m, id)| (*m, id.as_str()));
    if q.descending {
        let mut end = events.partition_point(|e| e.millis < ceiling);
        if let Some(c) = cursor {
            end = end.min(events.partition_point(|e| e.key() < c));
        }
        events[..end]
            .iter()
            .rev()
            .take_while(|e| e.millis >= floor)
            .filter(wanted)
            .skip(q.skip)
            .take(take)
            .collect()
    } else {
        let mut begin = events.partition_point(|e| e.millis < floor);
        if let Some(c) = cursor {
            begin = begin.max(events.partition_point(|e| e.key() <= c));
        }
        events[begin..]
            .iter()
            .take_while(|e| e.millis < ceiling)
            .filter(wanted)
            .skip(q.skip)
            .take(take)
            .collect()
    }
}

fn parse_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

fn project(body: &Value, fields: &[String]) -> Value {
    let mut out = serde_json::Map::new();
    for field in fields {
        let top = field.split('.').next().unwrap_or_default();
        if let Some(v) = body.get(top) {
            out.insert(top.to_owned(), v.clone());
        }
    }
    Value::Object(out)
}

fn header(response: &mut Response, name: &'static str, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), v);
    }
}

/// `POST /insights/directory/v1/events` — a bare JSON array plus the paging headers.
pub async fn events(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let world = shared.world();
    let scope = scope(&world, &headers)?;
    let q = parse_query(&parse_body(&body)?, world.clock)?;
    let page = select(&world, &q, &scope, q.limit);
    let cursor = match page.last() {
        Some(last) => json!([last.millis, last.id]),
        None => q
            .search_after
            .as_ref()
            .map_or_else(|| json!([]), |(m, id)| json!([m, id])),
    };
    let bodies: Vec<Value> = page
        .iter()
        .map(|e| match &q.fields {
            Some(fields) => project(&e.body, fields),
            None => e.body.clone(),
        })
        .collect();
    let count = bodies.len();
    drop(world);
    let mut response = Json(bodies).into_response();
    header(&mut response, "x-result-count", count.to_string());
    header(&mut response, "x-limit", q.limit.to_string());
    header(
        &mut response,
        "x-sort",
        if q.descending { "DESC" } else { "ASC" }.to_owned(),
    );
    header(&mut response, "x-search_after", cursor.to_string());
    header(
        &mut response,
        "x-request-id",
        uuid::Uuid::new_v4().to_string(),
    );
    Ok(response)
}

/// `POST /insights/directory/v1/events/count` — `{"count": n}` (paging fields ignored).
pub async fn count(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let world = shared.world();
    let scope = scope(&world, &headers)?;
    let mut q = parse_query(&parse_body(&body)?, world.clock)?;
    q.search_after = None;
    q.skip = 0;
    let n = select(&world, &q, &scope, usize::MAX).len();
    Ok(Json(json!({"count": n})))
}
