//! ConnectWise's one error envelope `{code, message, errors[]}` and the statuses that carry it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// One `errors[]` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldError {
    pub code: String,
    pub message: String,
    pub resource: String,
    pub field: String,
}

impl FieldError {
    pub(crate) fn missing(resource: &str, field: &str) -> Self {
        Self {
            code: "MissingRequiredField".into(),
            message: format!("The {field} field is required."),
            resource: resource.into(),
            field: field.into(),
        }
    }

    pub(crate) fn invalid(resource: &str, field: &str, message: impl Into<String>) -> Self {
        Self {
            code: "InvalidField".into(),
            message: message.into(),
            resource: resource.into(),
            field: field.into(),
        }
    }
}

/// An API error response.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    errors: Option<Vec<FieldError>>,
}

impl ApiError {
    pub(crate) fn not_found(entity: &str, id: impl std::fmt::Display) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "NotFound",
            message: format!("{entity} {id} not found"),
            errors: None,
        }
    }

    pub(crate) fn no_route(path: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "NotFound",
            message: format!("The resource {path} was not found."),
            errors: None,
        }
    }

    /// 400 `InvalidObject` with field errors: `"<resource> object is invalid"`.
    pub(crate) fn invalid_object(resource: &str, errors: Vec<FieldError>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "InvalidObject",
            message: format!("{resource} object is invalid"),
            errors: Some(errors),
        }
    }

    /// 400 for malformed requests (bad conditions, unreadable body). The code is UNCONFIRMED.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "BadRequest",
            message: message.into(),
            errors: None,
        }
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            code: "Unauthorized",
            message: message.into(),
            errors: None,
        }
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            code: "Forbidden",
            message: message.into(),
            errors: None,
        }
    }

    pub(crate) fn method_not_allowed() -> Self {
        Self {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "MethodNotAllowed",
            message: "The requested resource does not support this http method.".into(),
            errors: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"code": self.code, "message": self.message});
        if let Some(errors) = self.errors {
            body["errors"] = json!(errors);
        }
        (self.status, axum::Json(body)).into_response()
    }
}
