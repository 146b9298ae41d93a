//! Who is calling and which orgs a request acts on: `x-api-key` → caller, `x-org-id` → orgs, with
//! JumpCloud's documented refusals (API doc §1.2, §10.2).

use axum::http::HeaderMap;

use super::reply::ApiError;
use super::world::{SimOrg, World};

/// The kind of administrator behind a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// A provider (MSP) admin: every managed org, `x-org-id` required on org routes.
    Msp,
    /// A single-tenant admin of the standalone org: `x-org-id` optional.
    SingleTenant,
}

/// Resolves `x-api-key`. The "Command runner" role is refused everywhere (403), as the DI manual
/// says it is for the API.
pub fn caller(world: &World, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let key = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        Err(ApiError::key_not_found())
    } else if key == world.keys.msp {
        Ok(Caller::Msp)
    } else if key == world.keys.single_tenant {
        Ok(Caller::SingleTenant)
    } else if key == world.keys.command_runner {
        Err(ApiError::forbidden())
    } else {
        Err(ApiError::key_not_found())
    }
}

/// Every `x-org-id` value; repeated headers and comma-joined values are both accepted.
pub fn org_header_values(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("x-org-id")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Provider-level routes refuse `x-org-id` when the sandbox is configured to (documented 403).
pub fn reject_org_header(reject: bool, headers: &HeaderMap) -> Result<(), ApiError> {
    if reject && headers.contains_key("x-org-id") {
        return Err(ApiError::forbidden());
    }
    Ok(())
}

/// A JumpCloud object id: 24 hex characters.
pub fn is_object_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The orgs an org-scoped request acts on. `allow_many` is true only for Directory Insights,
/// which accepts the header repeated.
pub fn orgs_in_scope<'w>(
    world: &'w World,
    caller: Caller,
    headers: &HeaderMap,
    allow_many: bool,
) -> Result<Vec<&'w SimOrg>, ApiError> {
    let ids = org_header_values(headers);
    if ids.len() > 1 && !allow_many {
        return Err(ApiError::bad_request(
            "only one x-org-id may be given on this route",
        ));
    }
    if let Some(bad) = ids.iter().find(|id| !is_object_id(id)) {
        return Err(ApiError::bad_request(format!("invalid x-org-id: {bad}")));
    }
    match caller {
        Caller::Msp if ids.is_empty() => Err(ApiError::no_org_selected()),
        Caller::Msp => ids
            .iter()
            .map(|id| {
                world
                    .org(id)
                    .ok_or_else(|| ApiError::not_found("organization not found"))
            })
            .collect(),
        Caller::SingleTenant => {
            if ids.iter().any(|id| *id != world.standalone_org.id) {
                return Err(ApiError::not_found("organization not found"));
            }
            Ok(vec![&world.standalone_org])
        }
    }
}
