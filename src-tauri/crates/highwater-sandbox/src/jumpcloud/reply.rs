//! Error replies with the bodies JumpCloud sends (API doc §1.4 and §10.2).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error answer: status, JSON body and an optional `Retry-After`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            retry_after_secs: None,
        }
    }

    /// Missing or unknown `x-api-key`.
    pub fn key_not_found() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({"error": "Unauthorized", "message": "Unauthorized: api key user not found"}),
        )
    }

    /// An MSP key on an org-scoped route without `x-org-id`.
    pub fn no_org_selected() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({"message": "Unauthorized: no organization selected"}),
        )
    }

    /// The exact live 403 body is unconfirmed; this is the one JumpCloud's CLI tests use.
    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, json!({"message": "Forbidden"}))
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, json!({"message": message.into()}))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, json!({"message": message.into()}))
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, json!({"message": message.into()}))
    }

    /// An injected fault.
    pub fn status(status: StatusCode, retry_after_secs: Option<u64>) -> Self {
        let message = status.canonical_reason().unwrap_or("Error");
        Self {
            status,
            body: json!({"message": message}),
            retry_after_secs,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
