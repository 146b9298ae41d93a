//! The front door every request passes: strips a trailing slash (real clients send
//! `companies/`), sends `/__control` to the control API, and for API traffic applies injected
//! faults, adds ConnectWise's response headers and writes the request log.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::json;
use tower::ServiceExt;

use super::gate::identify;
use super::state::{lock, FaultKind, LoggedRequest, Shared};

/// Largest request body accepted (tickets and patches are small).
const MAX_BODY: usize = 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>, api: Router, control: Router) -> Router {
    Router::new().fallback(move |req: Request| {
        let (shared, api, control) = (shared.clone(), api.clone(), control.clone());
        async move { Ok::<_, Infallible>(front(shared, api, control, req).await) }
    })
}

fn normalise(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    if path.len() <= 1 || !path.ends_with('/') {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    let pq = match uri.query() {
        Some(q) => format!("{trimmed}?{q}"),
        None => trimmed.to_owned(),
    };
    pq.parse().ok()
}

async fn front(shared: Arc<Shared>, api: Router, control: Router, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    if let Some(uri) = normalise(&parts.uri) {
        parts.uri = uri;
    }
    if parts.uri.path().starts_with("/__control") {
        let req = Request::from_parts(parts, body);
        return control.oneshot(req).await.unwrap_or_else(|e| match e {});
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let method = parts.method.to_string();
    let path = parts.uri.path().to_owned();
    let member = identify(&parts.headers, &lock(&shared.settings)).map(|m| m.label().to_owned());
    let mut entry = LoggedRequest {
        seq: 0,
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        status: None,
        member,
        client_id: parts
            .headers
            .get("clientid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: (!body.is_empty()).then(|| String::from_utf8_lossy(&body).into_owned()),
        fault: None,
    };
    let fault = shared.take_fault(&method, &path);
    entry.fault = fault.clone();

    let response = match fault {
        Some(FaultKind::Latency { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            Some(forward(api, parts, body).await)
        }
        Some(FaultKind::LoseResponse) => {
            // The write happens; then the connection is cut before any response byte.
            let _applied = forward(api, parts, body).await;
            None
        }
        Some(other) => Some(fault_response(&other)),
        None => Some(forward(api, parts, body).await),
    };
    entry.status = response.as_ref().map(|r| r.status().as_u16());
    {
        let mut log = lock(&shared.log);
        entry.seq = log.len() as u64 + 1;
        log.push(entry);
    }
    match response {
        Some(mut r) => {
            decorate(&mut r);
            r
        }
        None => lost_response(),
    }
}

async fn forward(api: Router, parts: axum::http::request::Parts, body: Bytes) -> Response {
    let req = Request::from_parts(parts, Body::from(body));
    api.oneshot(req).await.unwrap_or_else(|e| match e {})
}

/// ConnectWise's usual response headers.
fn decorate(r: &mut Response) {
    let h = r.headers_mut();
    if h.get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
    {
        h.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    h.insert("cache-control", HeaderValue::from_static("no-cache"));
    h.insert("pragma", HeaderValue::from_static("no-cache"));
    h.insert("expires", HeaderValue::from_static("-1"));
    h.insert("api-current-version", HeaderValue::from_static("2024.1"));
    h.insert(
        "x-server-name",
        HeaderValue::from_static("highwater-sandbox"),
    );
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        h.insert("x-cw-request-id", v);
    }
}

fn fault_response(kind: &FaultKind) -> Response {
    let html = |status: StatusCode, title: &str| {
        (
            status,
            [("content-type", "text/html")],
            format!(
                "<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
            ),
        )
            .into_response()
    };
    let with_retry = |mut r: Response, secs: Option<u64>| {
        if let Some(s) = secs {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                r.headers_mut().insert("retry-after", v);
            }
        }
        r
    };
    match kind {
        FaultKind::RateLimited { retry_after_secs } => with_retry(
            (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(json!({"code": "TooManyRequests", "message": "Too many requests; slow down."})),
            )
                .into_response(),
            *retry_after_secs,
        ),
        FaultKind::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"code": "ConnectWiseApi",
                "message": "Execution Timeout Expired. The timeout period elapsed prior to completion of the operation or the server is not responding.",
                "errors": null})),
        )
            .into_response(),
        FaultKind::ServiceUnavailable { retry_after_secs } => with_retry(
            html(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable"),
            *retry_after_secs,
        ),
        FaultKind::GatewayTimeout => html(StatusCode::GATEWAY_TIMEOUT, "504 Gateway Time-out"),
        FaultKind::NonJson { status } => html(
            StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "Runtime Error",
        ),
        FaultKind::Latency { .. } | FaultKind::LoseResponse => {
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A response whose body fails at once: hyper then closes the connection without completing the
/// exchange, so the client sees the connection drop (its write was nevertheless applied).
fn lost_response() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: response lost",
        ))
    });
    Response::new(Body::from_stream(stream))
}
