//! The auth gate in front of every `/{codebase}/apis/3.0` route: known codebase, Basic
//! `company+public:private`, a non-empty `clientId` (any casing), and for the restricted member
//! the security-role right the route needs.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use super::envelope::ApiError;
use super::state::{lock, Right, Settings, Shared};

/// The self-hosted codebase.
pub const SELF_HOSTED_CODEBASE: &str = "v4_6_release";
/// The versioned codebase a cloud instance starts on; [`super::Control::upgrade_cloud_codebase`]
/// moves it, as a ConnectWise upgrade does.
pub const CLOUD_CODEBASE: &str = "v2024_1";

/// A codebase as a path segment (`v2024_2`, from `v2024_2/` too), or `None` when it could not be
/// one: it is interpolated into companyinfo's answer and matched against request paths.
pub(crate) fn codebase_segment(raw: &str) -> Option<String> {
    let segment = raw.trim().trim_matches('/');
    let usable = !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && segment != "."
        && segment != "..";
    usable.then(|| segment.to_owned())
}

/// Which member the credentials belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    Api,
    Restricted,
}

impl Member {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Restricted => "restricted",
        }
    }
}

/// Matches the Basic credentials against the two members.
pub(crate) fn identify(headers: &HeaderMap, s: &Settings) -> Option<Member> {
    let raw = headers.get("authorization")?.to_str().ok()?;
    let (scheme, encoded) = raw.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, private) = text.split_once(':')?;
    let (company, public) = user.split_once('+')?;
    if !company.eq_ignore_ascii_case(&s.company_id) {
        return None;
    }
    if public == s.public_key && private == s.private_key {
        Some(Member::Api)
    } else if public == s.restricted_public_key && private == s.restricted_private_key {
        Some(Member::Restricted)
    } else {
        None
    }
}

/// The right a route needs (path is below `apis/3.0/`, lower-cased).
pub(crate) fn required_right(method: &Method, api_path: &str) -> Option<Right> {
    let read = *method == Method::GET;
    if api_path.starts_with("company/") {
        Some(if read {
            Right::CompanyInquire
        } else {
            Right::CompanyAdd
        })
    } else if api_path.starts_with("finance/agreements") {
        Some(if read {
            Right::AgreementsInquire
        } else {
            Right::AgreementsEdit
        })
    } else if api_path.starts_with("service/tickets") {
        Some(match *method {
            Method::GET => Right::TicketsInquire,
            Method::POST => Right::TicketsAdd,
            Method::DELETE => Right::TicketsDelete,
            _ => Right::TicketsEdit,
        })
    } else if api_path.starts_with("service/") {
        Some(Right::TableSetupInquire)
    } else {
        None
    }
}

/// Splits `/{codebase}/apis/3.0/{rest}` into codebase and rest.
pub(crate) fn split_api_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (codebase, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("apis/3.0")?;
    Some((codebase, rest.trim_start_matches('/')))
}

pub(crate) async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some((codebase, api_path)) = split_api_path(&path) else {
        return ApiError::no_route(&path).into_response();
    };
    let settings = lock(&shared.settings).clone();
    let known = codebase.eq_ignore_ascii_case(SELF_HOSTED_CODEBASE)
        || (settings.cloud && codebase.eq_ignore_ascii_case(&settings.cloud_codebase));
    if !known {
        // A wrong codebase (and, after an upgrade, the previous one) surfaces as 404 on real
        // (cloud) servers.
        return ApiError::no_route(&path).into_response();
    }
    let client_id_ok = req
        .headers()
        .get("clientid")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if settings.require_client_id && !client_id_ok {
        return ApiError::unauthorized("A clientId header is required on every API call.")
            .into_response();
    }
    let Some(member) = identify(req.headers(), &settings) else {
        return ApiError::unauthorized("Authentication failed.").into_response();
    };
    if member == Member::Restricted {
        if let Some(right) = required_right(req.method(), &api_path.to_ascii_lowercase()) {
            if settings.restricted_denied.contains(&right) {
                return ApiError::forbidden(format!(
                    "You do not have permission to access this resource ({right:?})."
                ))
                .into_response();
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_and_paths() {
        assert_eq!(
            split_api_path("/v4_6_release/apis/3.0/company/companies"),
            Some(("v4_6_release", "company/companies"))
        );
        assert_eq!(split_api_path("/login/companyinfo/x"), None);
        assert_eq!(
            required_right(&Method::PATCH, "finance/agreements/1/additions/2"),
            Some(Right::AgreementsEdit)
        );
        assert_eq!(
            required_right(&Method::GET, "service/priorities"),
            Some(Right::TableSetupInquire)
        );
        assert_eq!(
            required_right(&Method::POST, "service/tickets"),
            Some(Right::TicketsAdd)
        );
        assert_eq!(required_right(&Method::GET, "system/info"), None);
    }

    #[test]
    fn codebase_segments() {
        assert_eq!(codebase_segment(" v2024_2/ ").as_deref(), Some("v2024_2"));
        assert_eq!(
            codebase_segment("v4_6_release").as_deref(),
            Some("v4_6_release")
        );
        for bad in ["", "/", "..", "v2024/2", "v 2024", "v2024_2?x"] {
            assert_eq!(codebase_segment(bad), None, "{bad}");
        }
    }
}
